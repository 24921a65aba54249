// Before any route: svcmap is read-only, so every request that is not GET (or HEAD) is
// refused with a JSON error; every page gets a Content-Security-Policy with a fresh
// script nonce, which Next.js puts on its own inline scripts and app/layout.tsx on the
// theme script (https://nextjs.org/docs/app/guides/content-security-policy).
import { NextResponse, type NextRequest } from 'next/server';
import security from './server/security-headers.json';

const development = process.env.NODE_ENV !== 'production';

function contentSecurityPolicy(nonce: string): string {
  return security.contentSecurityPolicy
    .map((directive) => (directive.startsWith('script-src') ? `${directive} 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}` : directive))
    .join('; ');
}

export function proxy(request: NextRequest) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return NextResponse.json(
      { error: { code: 'MethodNotAllowed', message: `svcmap is read-only: ${request.method} is not allowed here; use GET.` } },
      { status: 405, headers: { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' } },
    );
  }
  if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
