import { chainHash, GENESIS_HASH, hashedEventFields } from './event-hash';

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

/** A case's head as a signed checkpoint stated it. */
export interface CheckpointedHead {
  checkpoint: number;
  takenAt: string;
  seq: number;
  hash: string;
}

/**
 * What the check found:
 * - MISSING: events that should exist (below the highest seq the log, the read model or a
 *   checkpoint knows of) and are not there;
 * - HASH_MISMATCH: the event's content does not give its stored hash (it was altered);
 * - PREV_HASH_MISMATCH: the event does not link to the stored hash of the one before it;
 * - CHECKPOINT_MISMATCH: the chain up to this event no longer has the hash a signed
 *   checkpoint recorded (events up to it were rewritten, hashes included);
 * - NOT_IN_HISTORY: events of a closed workflow's case that its Temporal history never recorded
 *   (appended behind the workflow's back).
 */
export type ChainProblem = 'MISSING' | 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'CHECKPOINT_MISMATCH' | 'NOT_IN_HISTORY';

export interface ChainFinding {
  problem: ChainProblem;
  /** The event concerned; for MISSING, every missing seq. */
  seqs: number[];
  /** CHECKPOINT_MISMATCH: the checkpoint whose head differs. */
  checkpoint?: number;
}

export interface ChainCheck {
  valid: boolean;
  /** Events present. */
  events: number;
  /** The highest seq anyone knows of: the log, the read model or a checkpoint. */
  expectedEvents: number;
  /** Hash of the last stored event, when the chain is valid. */
  headHash?: string;
  /** The latest checkpoint that covers this case, if any. */
  lastCheckpoint?: CheckpointedHead;
  findings: ChainFinding[];
}

export interface ChainCheckContext {
  /** The read model's last_event_seq for the case (written in the same transaction as each event). */
  recordedLastSeq?: number | null;
  /** Every head of this case that a checkpoint signed, oldest first. */
  checkpointedHeads?: readonly CheckpointedHead[];
  /**
   * What the case's Temporal history (or its archived copy) witnesses: the events 1 to `events` were recorded
   * by the workflow (libs/histories caseEventsRecorded); `closed` when the run ended, so the log holds no more.
   */
  history?: { events: number; closed: boolean };
}

/** The hash a stored row should have, from its own content and its stored prev_hash. */
export const storedEventHash = (row: StoredEvent): string => chainHash(row.prev_hash, hashedEventFields(row));

/**
 * Checks a case's log (rows in any order) event by event, so each problem names its own
 * events instead of everything after the first break: every event's hash against its
 * content, every link against the stored hash before it, every seq from 1 to the highest
 * one known (truncation: the log, the read model, a signed checkpoint or the Temporal history),
 * every signed checkpoint head against the stored chain, and (a closed workflow) no event its
 * history did not record.
 */
export function checkEventChain(rows: readonly StoredEvent[], context: ChainCheckContext = {}): ChainCheck {
  const sorted = [...rows].sort((a, b) => a.seq - b.seq);
  const bySeq = new Map(sorted.map((r) => [r.seq, r]));
  const heads = context.checkpointedHeads ?? [];
  const expectedEvents = Math.max(sorted.at(-1)?.seq ?? 0, context.recordedLastSeq ?? 0, context.history?.events ?? 0, ...heads.map((h) => h.seq));
  const findings: ChainFinding[] = [];

  const missing: number[] = [];
  for (let seq = 1; seq <= expectedEvents; seq += 1) if (!bySeq.has(seq)) missing.push(seq);
  if (missing.length) findings.push({ problem: 'MISSING', seqs: missing });

  for (const row of sorted) {
    if (storedEventHash(row) !== row.hash) findings.push({ problem: 'HASH_MISMATCH', seqs: [row.seq] });
    const before = row.seq === 1 ? GENESIS_HASH : bySeq.get(row.seq - 1)?.hash;
    // A link to a missing event cannot be checked; the missing event is reported.
    if (before !== undefined && row.prev_hash !== before) findings.push({ problem: 'PREV_HASH_MISMATCH', seqs: [row.seq] });
  }
  const recorded = context.history;
  if (recorded?.closed) {
    const unrecorded = sorted.filter((r) => r.seq > recorded.events).map((r) => r.seq);
    if (unrecorded.length) findings.push({ problem: 'NOT_IN_HISTORY', seqs: unrecorded });
  }
  for (const head of heads) {
    const row = bySeq.get(head.seq);
    if (row && row.hash !== head.hash) findings.push({ problem: 'CHECKPOINT_MISMATCH', seqs: [head.seq], checkpoint: head.checkpoint });
  }
  findings.sort((a, b) => (a.seqs[0] ?? 0) - (b.seqs[0] ?? 0));

  const valid = findings.length === 0;
  const last = sorted.at(-1);
  const lastCheckpoint = heads.reduce<CheckpointedHead | undefined>((latest, h) => (!latest || h.checkpoint > latest.checkpoint ? h : latest), undefined);
  return {
    valid,
    events: sorted.length,
    expectedEvents,
    ...(valid && last ? { headHash: last.hash } : {}),
    ...(lastCheckpoint ? { lastCheckpoint } : {}),
    findings,
  };
}
