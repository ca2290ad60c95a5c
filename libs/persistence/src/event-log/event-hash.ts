import { createHash } from 'node:crypto';

/** The hash of the (absent) event before a case's first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal data always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedEventFields {
  caseId: string;
  seq: number;
  type: string;
  actorId: string;
  actorRole: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The columns of a case_events row that its hash covers (the rest: prev_hash, hash). */
export interface HashedEventRow {
  case_id: string;
  seq: number;
  type: string;
  actor_id: string;
  actor_role: string;
  /** The writer's ISO string, or the Date PostgreSQL returns. */
  occurred_at: string | Date;
  data: Record<string, unknown>;
}

/**
 * The one mapping from a row to the fields its hash covers: the writer (before it inserts the
 * row) and every checker (from the stored row) hash the same thing.
 */
export function hashedEventFields(row: HashedEventRow): HashedEventFields {
  return {
    caseId: row.case_id,
    seq: row.seq,
    type: row.type,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    // timestamptz keeps microseconds, so the writer's millisecond ISO string comes back intact.
    occurredAt: typeof row.occurred_at === 'string' ? row.occurred_at : row.occurred_at.toISOString(),
    data: row.data,
  };
}

/** hash(n) = sha256(hash(n-1) || canonical(event n)): altering or removing any event breaks every later hash. */
export function chainHash(prevHash: string, event: HashedEventFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(event)).digest('hex');
}
