// @ts-check
const isProduction = process.env.NODE_ENV === 'production';

// Security headers on every response (pages, API, SSE), shared with server/main.mts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const security = require('./server/security-headers.json');
const contentSecurityPolicy = security.contentSecurityPolicy
  .map((directive) => (directive.startsWith('script-src') && !isProduction ? `${directive} 'unsafe-eval'` : directive))
  .join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A self-contained server folder for the container image (Dockerfile); server/main.mts runs it.
  output: 'standalone',
  poweredByHeader: false,
  serverExternalPackages: ['@kubernetes/client-node'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          ...Object.entries(security.headers).map(([key, value]) => ({ key, value })),
        ],
      },
      {
        source: '/api/:path*',
        headers: [{ key: 'Cache-Control', value: 'no-store' }],
      },
    ];
  },
};

module.exports = nextConfig;
