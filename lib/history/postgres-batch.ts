// The rows of one history write in PostgreSQL: a batch holds up to tens of thousands of rows,
// and each table's rows go in one statement (unnest of one array per column), not a round
// trip each. WITH ORDINALITY keeps the batch's order in the ids, which is the order changes
// are replayed in.
import type { PoolClient } from 'pg';
import type { WriteBatch } from './store';
import type { BigintText } from './postgres-words';

/** Inserts a batch's changes, events and address spans (in the caller's transaction); returns the id of its last change, 0 when it has none. */
export async function insertRows(client: PoolClient, session: number, context: string, batch: WriteBatch): Promise<number> {
  const { changes, events, spans } = batch;
  let lastChange = 0;
  if (changes.length > 0) {
    const inserted = await client.query<{ id: BigintText }>(
      `INSERT INTO changes (session, ts, kind, key, object)
       SELECT $1, ts, kind, key, object FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS row (ts, kind, key, object, position)
       ORDER BY position RETURNING id`,
      [session, changes.map((row) => row.ts), changes.map((row) => row.kind), changes.map((row) => row.key), changes.map((row) => (row.object ? Buffer.from(row.object) : null))],
    );
    lastChange = inserted.rows.reduce((latest, row) => Math.max(latest, Number(row.id)), 0);
  }
  if (events.length > 0) {
    await client.query(
      `INSERT INTO events (session, context, ts, service, event)
       SELECT $1, $2, ts, service, event FROM unnest($3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY AS row (ts, service, event, position)
       ORDER BY position`,
      [session, context, events.map((row) => row.ts), events.map((row) => row.service ?? null), events.map((row) => row.event)],
    );
  }
  // Closed before opened, as SQLite does; an address closed twice in a batch ends at its first close.
  if (spans.close.length > 0) {
    await client.query(
      `UPDATE ip_spans SET ended = closing.ended
       FROM (SELECT DISTINCT ON (ip, owner_kind, namespace, name) * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
               WITH ORDINALITY AS row (ip, owner_kind, namespace, name, ended, position)
             ORDER BY ip, owner_kind, namespace, name, position) AS closing
       WHERE ip_spans.session = $1 AND ip_spans.ip = closing.ip AND ip_spans.owner_kind = closing.owner_kind
         AND ip_spans.namespace = closing.namespace AND ip_spans.name = closing.name AND ip_spans.ended IS NULL`,
      [
        session,
        spans.close.map((span) => span.ip),
        spans.close.map((span) => span.ownerKind),
        spans.close.map((span) => span.namespace),
        spans.close.map((span) => span.name),
        spans.close.map((span) => span.ended),
      ],
    );
  }
  if (spans.open.length > 0) {
    await client.query(
      `INSERT INTO ip_spans (session, context, ip, owner_kind, namespace, name, service, started, start_unknown, ended, end_unknown)
       SELECT $1, $2, ip, owner_kind, namespace, name, service, started, start_unknown, ended, 0
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::integer[], $10::bigint[])
         WITH ORDINALITY AS row (ip, owner_kind, namespace, name, service, started, start_unknown, ended, position)
       ORDER BY position`,
      [
        session,
        context,
        spans.open.map((span) => span.ip),
        spans.open.map((span) => span.ownerKind),
        spans.open.map((span) => span.namespace),
        spans.open.map((span) => span.name),
        spans.open.map((span) => span.service ?? null),
        spans.open.map((span) => span.started),
        spans.open.map((span) => (span.startUnknown ? 1 : 0)),
        spans.open.map((span) => span.ended ?? null),
      ],
    );
  }
  return lastChange;
}
