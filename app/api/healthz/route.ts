export const dynamic = 'force-dynamic';

/** Liveness: the server answers. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
