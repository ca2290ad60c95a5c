import { chainHash, GENESIS_HASH } from '@tramites/persistence';

/**
 * Verification of a case's hash-chained event log (docs/decisions/0004-audit-event-log.md):
 *   hash(n) = sha256(hash(n-1) || canonical_json(event n)), hash(0) = 64 zeros.
 * The algorithm lives once, in @tramites/persistence, shared with the writer;
 * apps/api/src/audit/event-chain.spec.ts pins it to known hashes.
 */
export { chainHash, GENESIS_HASH };

/** One stored row of case_events, as PostgreSQL returns it. */
export interface StoredEvent {
  case_id: string;
  seq: number;
  type: string;
  actor_id: string;
  actor_role: string;
  occurred_at: Date;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export type ChainBreak = 'SEQ_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

export interface ChainVerification {
  valid: boolean;
  events: number;
  /** The hash of the last event when the chain is valid. */
  headHash?: string;
  firstBrokenSeq?: number;
  problem?: ChainBreak;
}

/**
 * Walks the events in seq order from the genesis hash. The first event whose seq is not the
 * next one, whose stored prev_hash is not the hash recomputed for its predecessor, or whose
 * stored hash is not the one recomputed from its own content, breaks the chain.
 */
export function verifyChain(rows: readonly StoredEvent[]): ChainVerification {
  let expectedPrev = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const broken = (problem: ChainBreak): ChainVerification => ({ valid: false, events: rows.length, firstBrokenSeq: row.seq, problem });
    if (row.seq !== index + 1) return broken('SEQ_GAP');
    if (row.prev_hash !== expectedPrev) return broken('PREV_HASH_MISMATCH');
    const recomputed = chainHash(expectedPrev, {
      caseId: row.case_id,
      seq: row.seq,
      type: row.type,
      actorId: row.actor_id,
      actorRole: row.actor_role,
      // timestamptz keeps microseconds, so the writer's millisecond ISO string comes back intact.
      occurredAt: row.occurred_at.toISOString(),
      data: row.data,
    });
    if (recomputed !== row.hash) return broken('HASH_MISMATCH');
    expectedPrev = recomputed;
  }
  return { valid: true, events: rows.length, ...(rows.length ? { headHash: expectedPrev } : {}) };
}
