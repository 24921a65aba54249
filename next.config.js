// @ts-check

// Security headers on every response (pages, API, SSE), shared with server/main.mts; the
// pages' Content-Security-Policy, with its per-request script nonce, is set by proxy.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const security = require('./server/security-headers.json');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A self-contained server folder for the container image (Dockerfile); server/main.mts runs it.
  output: 'standalone',
  poweredByHeader: false,
  // Loaded from node_modules once, not bundled: Turbopack puts a bundled package into the
  // server chunk of every route group, and the process loads each copy (undici alone is
  // 1 MB of code, six times).
  serverExternalPackages: ['@kubernetes/client-node', 'undici', 'zod', 'prom-client'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(security.headers).map(([key, value]) => ({ key, value })),
      },
      {
        // API answers are never cached; the event stream says more itself (no-store, no-transform),
        // which a header here would override, so it is left out.
        source: '/api/:path((?!clusters/[^/]+/stream$).*)',
        headers: [{ key: 'Cache-Control', value: 'no-store' }],
      },
      {
        // Static files run no inline script; pages get theirs from proxy.ts.
        source: '/_next/:path*',
        headers: [{ key: 'Content-Security-Policy', value: security.contentSecurityPolicy.join('; ') }],
      },
    ];
  },
};

module.exports = nextConfig;
