// svcmap is read-only: every request that is not GET (or HEAD) is refused here, before
// any route, with a JSON error (https://nextjs.org/docs/app/api-reference/file-conventions/proxy).
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(request: NextRequest) {
  if (request.method === 'GET' || request.method === 'HEAD') return NextResponse.next();
  return NextResponse.json(
    { error: { code: 'MethodNotAllowed', message: `svcmap is read-only: ${request.method} is not allowed here; use GET.` } },
    { status: 405, headers: { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' } },
  );
}

export const config = { matcher: ['/((?!_next/static|_next/image).*)'] };
