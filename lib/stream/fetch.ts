// The page's requests to the svcmap server's JSON routes: GET, then validate the answer
// with its zod schema. A refusal throws with the server's own message
// ({"error":{"message"}}, see lib/http/api.ts) when it gave one.
import type { z } from 'zod';

export async function fetchJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(url);
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `GET ${url}: ${response.status}`);
  }
  return schema.parse(body);
}
