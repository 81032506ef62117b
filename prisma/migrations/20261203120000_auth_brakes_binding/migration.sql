-- Temporary passwords (set by an admin or the CLI) expire and must be changed at the first login;
-- OIDC logins are bound to the identity provider's issuer + subject at the first login.
ALTER TABLE "staff_users" ADD COLUMN "password_expires_at" TIMESTAMPTZ(3);
ALTER TABLE "staff_users" ADD COLUMN "oidc_issuer" TEXT;
ALTER TABLE "staff_users" ADD COLUMN "oidc_subject" TEXT;

CREATE UNIQUE INDEX "staff_users_oidc_issuer_oidc_subject_key" ON "staff_users"("oidc_issuer", "oidc_subject");
