-- Progress of a broadcast-list import (lib/subscribers/import-subscribers.ts), written outside the
-- import's own transaction so the dashboard's progress bar can read it while the rows are written.
-- The rows themselves commit all together or not at all; this table never holds a number or a name.
CREATE TABLE "subscriber_imports" (
    "id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    -- RUNNING, DONE, REFUSED (bad rows: nothing written), FAILED (an error: nothing written).
    "status" TEXT NOT NULL,
    "rows_total" INTEGER,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "already_present" INTEGER NOT NULL DEFAULT 0,
    "opted_out" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "subscriber_imports_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "subscriber_imports_started_at_idx" ON "subscriber_imports"("started_at");
