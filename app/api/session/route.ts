import { headers } from 'next/headers';
import type { SessionResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

/** Who is signed in, as established by the server's auth gate (server/main.mts); null when auth is off. */
export async function GET(): Promise<Response> {
  const body: SessionResponse = { user: (await headers()).get('x-svcmap-user') };
  return Response.json(body);
}
