import type { KeyObject } from 'node:crypto';
import type { CaseEventInput } from '@tramites/contracts';
import { CaseReadModelRepository } from '../read-model/case-read-model.repository';
import { CaseSearchTermsRepository } from '../read-model/case-search-terms.repository';
import { storedEventHash, type CheckpointedHead, type StoredEvent } from './event-chain-check';
import { chainHash, GENESIS_HASH, hashedEventFields, type HashedEventRow } from './event-hash';
import { CHECKPOINT_FORMAT, FIRST_PREVIOUS_DIGEST, checkpointDigest, signCheckpoint, type CheckpointHead, type SignedCheckpoint } from './event-log-checkpoint';
import { SqlRepository, type Queryable } from '../sql/sql-repository';

export interface CheckpointSummary {
  number: number;
  takenAt: string;
  kid: string;
  digest: string;
  heads: number;
}

export interface CheckpointResult {
  /** The checkpoint taken, or null when no case's log grew since the previous one. */
  checkpoint: SignedCheckpoint | null;
  /** Cases left out because their log does not extend the chain already checkpointed, or lacks what Temporal recorded. */
  refused: Array<{ caseId: string; seqs: number[]; problem: string }>;
}

/**
 * How many events of the case its workflow recorded, as Temporal's history witnesses them (events 1 to N;
 * libs/histories caseEventsRecorded), or undefined when Temporal holds no history of it.
 */
export type CheckpointWitness = (caseId: string) => Promise<number | undefined>;

/** The columns of a stored event, in the order of StoredEvent. */
const EVENT_COLUMNS = 'case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash';

/** The event log (case_events) and its signed checkpoints: the append (with the read model), reads, and checkpoints. */
export class EventLogRepository extends SqlRepository {
  /**
   * Appends one event to the case's hash-chained log and moves the read model, in one
   * transaction. Idempotent: a retry of the same (caseId, seq) changes nothing. An event whose
   * predecessor is not there yet is refused (the writer appends in order; retry later).
   */
  async append(input: CaseEventInput): Promise<void> {
    await this.transaction(async ({ db: tx }) => {
      // The event itself (a retry) and the one before it (its hash), in one round trip.
      const known: Array<{ seq: number; hash: string }> = await tx.query('SELECT seq, hash FROM case_events WHERE case_id = $1 AND seq IN ($2, $3)', [
        input.caseId,
        input.seq,
        input.seq - 1,
      ]);
      if (known.some((r) => r.seq === input.seq)) return;
      const prev = input.seq === 1 ? undefined : known.find((r) => r.seq === input.seq - 1);
      if (input.seq > 1 && !prev) {
        // The workflow appends in order; a gap means an earlier append has not landed yet. Retry later.
        throw new Error(`case ${input.caseId}: event ${input.seq - 1} missing before ${input.seq}`);
      }
      const prevHash = prev?.hash ?? GENESIS_HASH;
      const row: HashedEventRow = {
        case_id: input.caseId,
        seq: input.seq,
        type: input.type,
        actor_id: input.actor.id,
        actor_role: input.actor.role,
        occurred_at: input.occurredAt,
        data: input.data,
      };
      await tx.query(
        `INSERT INTO case_events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (case_id, seq) DO NOTHING`,
        [row.case_id, row.seq, row.type, row.actor_id, row.actor_role, row.occurred_at, row.data, prevHash, chainHash(prevHash, hashedEventFields(row))],
      );
      await new CaseReadModelRepository(tx).project(input.caseId, input.seq, input.projection);
      // The terms the desk finds the case by, from its start request (ADR 0025: the worker is their one writer).
      if (input.seq === 1) await new CaseSearchTermsRepository(tx).copyFromStartRequest(input.caseId);
    });
  }

  /** A case's events in seq order, optionally only those that occurred at or before asOf. */
  events(caseId: string, asOf?: string): Promise<StoredEvent[]> {
    return this.db.query(
      `SELECT ${EVENT_COLUMNS}
         FROM case_events
        WHERE case_id = $1 AND ($2::timestamptz IS NULL OR occurred_at <= $2::timestamptz)
        ORDER BY seq`,
      [caseId, asOf ?? null],
    );
  }

  /** The read model's last_event_seq, null for a case it does not know. */
  async recordedLastSeq(caseId: string): Promise<number | null> {
    const rows: Array<{ last_event_seq: number }> = await this.db.query('SELECT last_event_seq FROM cases WHERE id = $1', [caseId]);
    return rows[0]?.last_event_seq ?? null;
  }

  /** Every head of the case that a checkpoint signed, oldest first. */
  async checkpointedHeads(caseId: string): Promise<CheckpointedHead[]> {
    const rows: Array<{ checkpoint_number: number; taken_at: Date; seq: number; hash: string }> = await this.db.query(
      `SELECT h.checkpoint_number, c.taken_at, h.seq, h.hash
         FROM event_log_checkpoint_heads h JOIN event_log_checkpoints c ON c.number = h.checkpoint_number
        WHERE h.case_id = $1 ORDER BY h.checkpoint_number`,
      [caseId],
    );
    return rows.map((r) => ({ checkpoint: r.checkpoint_number, takenAt: r.taken_at.toISOString(), seq: r.seq, hash: r.hash }));
  }

  async checkpoint(number: number): Promise<SignedCheckpoint | null> {
    const rows: Array<{ document: SignedCheckpoint }> = await this.db.query('SELECT document FROM event_log_checkpoints WHERE number = $1', [number]);
    return rows[0]?.document ?? null;
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | null> {
    const rows: Array<{ document: SignedCheckpoint }> = await this.db.query('SELECT document FROM event_log_checkpoints ORDER BY number DESC LIMIT 1');
    return rows[0]?.document ?? null;
  }

  async listCheckpoints(): Promise<CheckpointSummary[]> {
    const rows: Array<{ number: number; taken_at: Date; kid: string; digest: string; heads: number }> = await this.db.query(
      `SELECT number, taken_at, kid, digest, jsonb_array_length(document->'payload'->'heads') AS heads
         FROM event_log_checkpoints ORDER BY number`,
    );
    return rows.map((r) => ({ number: r.number, takenAt: r.taken_at.toISOString(), kid: r.kid, digest: r.digest, heads: r.heads }));
  }

  /**
   * Signs the heads of every case whose log grew since its last checkpointed head. A case's
   * new events are checked first (hashes, links, and the link to the head already signed), and
   * the case is refused, never signed, when its log:
   * - no longer reaches, or no longer matches, the head a checkpoint signed before (shortened or
   *   rewritten behind the trigger): MISSING or CHECKPOINT_MISMATCH;
   * - lacks an event that its workflow's Temporal history recorded (`witness`: truncated before any
   *   checkpoint covered it): MISSING.
   * Each refusal is recorded in event_log_checkpoint_refusals (once per case, problem and events).
   * One taker at a time (advisory lock); nothing to sign, no checkpoint.
   */
  async takeCheckpoint(key: { kid: string; privateKey: KeyObject }, now: Date = new Date(), witness?: CheckpointWitness): Promise<CheckpointResult> {
    return this.transaction(async ({ db: tx }) => {
      // One taker at a time. An advisory lock, because LOCK TABLE in a self-exclusive mode needs UPDATE or DELETE,
      // which tramites_app does not have; the primary key on number would refuse a second taker anyway.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('tramites.event_log_checkpoint'))`);
      const [last]: Array<{ number: number; digest: string }> = await tx.query('SELECT number, digest FROM event_log_checkpoints ORDER BY number DESC LIMIT 1');
      // Every case whose head differs from its last signed one: grown, shortened, rewritten, or gone.
      const changed: Array<{ case_id: string; seq: number | null; hash: string | null; signed_seq: number | null; signed_hash: string | null }> =
        await tx.query(
          `WITH current AS (SELECT DISTINCT ON (case_id) case_id, seq, hash FROM case_events ORDER BY case_id, seq DESC),
              signed AS (SELECT DISTINCT ON (case_id) case_id, seq, hash FROM event_log_checkpoint_heads ORDER BY case_id, checkpoint_number DESC)
         SELECT COALESCE(e.case_id, s.case_id) AS case_id, e.seq, e.hash, s.seq AS signed_seq, s.hash AS signed_hash
           FROM current e FULL JOIN signed s ON s.case_id = e.case_id
          WHERE e.seq IS DISTINCT FROM s.seq OR e.hash IS DISTINCT FROM s.hash
          ORDER BY 1`,
        );
      const heads: CheckpointHead[] = [];
      const refused: CheckpointResult['refused'] = [];
      for (const g of changed) {
        const problem = await this.extensionProblem(tx, g);
        if (problem) {
          refused.push({ caseId: g.case_id, ...problem });
          continue;
        }
        const head = g.seq;
        if (head === null || g.hash === null) continue;
        const recorded = witness ? await witness(g.case_id) : undefined;
        if (recorded !== undefined && recorded > head) {
          // Events the workflow recorded after the read above are committed by now (each completes after its commit): read again.
          const present: Array<{ seq: number }> = await tx.query('SELECT seq FROM case_events WHERE case_id = $1 AND seq > $2 AND seq <= $3', [
            g.case_id,
            head,
            recorded,
          ]);
          const have = new Set(present.map((r) => r.seq));
          const missing = Array.from({ length: recorded - head }, (_, k) => head + 1 + k).filter((seq) => !have.has(seq));
          if (missing.length) {
            refused.push({ caseId: g.case_id, seqs: missing, problem: 'MISSING' });
            continue;
          }
        }
        heads.push({ caseId: g.case_id, seq: head, hash: g.hash });
      }
      if (refused.length) {
        await tx.query(
          `INSERT INTO event_log_checkpoint_refusals (case_id, problem, seqs, refused_at)
           SELECT r.case_id, r.problem, r.seqs, $2 FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, problem text, seqs integer[])
           ON CONFLICT DO NOTHING`,
          [JSON.stringify(refused.map((r) => ({ case_id: r.caseId, problem: r.problem, seqs: r.seqs }))), now.toISOString()],
        );
      }
      if (heads.length === 0) return { checkpoint: null, refused };
      const payload = {
        format: CHECKPOINT_FORMAT,
        number: (last?.number ?? 0) + 1,
        takenAt: now.toISOString(),
        previousDigest: last?.digest ?? FIRST_PREVIOUS_DIGEST,
        heads,
      } as const;
      const signed = signCheckpoint({ ...payload, heads: [...heads] }, key);
      await tx.query(`INSERT INTO event_log_checkpoints (number, taken_at, previous_digest, digest, kid, document) VALUES ($1, $2, $3, $4, $5, $6)`, [
        payload.number,
        payload.takenAt,
        payload.previousDigest,
        checkpointDigest(signed.payload),
        key.kid,
        JSON.stringify(signed),
      ]);
      await tx.query(
        `INSERT INTO event_log_checkpoint_heads (case_id, checkpoint_number, seq, hash)
         SELECT h.case_id, $1, h.seq, h.hash FROM jsonb_to_recordset($2::jsonb) AS h(case_id uuid, seq integer, hash text)`,
        [payload.number, JSON.stringify(heads.map((h) => ({ case_id: h.caseId, seq: h.seq, hash: h.hash })))],
      );
      return { checkpoint: signed, refused };
    });
  }

  /**
   * Why the case's log does not extend the head last signed for it, if it does not: shortened below
   * it, rewritten at it, or its new events not linking to it (or to each other, or to their content).
   */
  private async extensionProblem(
    tx: Queryable,
    g: { case_id: string; seq: number | null; hash: string | null; signed_seq: number | null; signed_hash: string | null },
  ): Promise<{ seqs: number[]; problem: string } | undefined> {
    const current = g.seq ?? 0;
    if (g.signed_seq !== null && current < g.signed_seq) {
      return { seqs: Array.from({ length: g.signed_seq - current }, (_, k) => current + 1 + k), problem: 'MISSING' };
    }
    const from = g.signed_seq ?? 0;
    // The signed head itself first: its row must still carry the hash the checkpoint signed.
    const rows: StoredEvent[] = await tx.query(`SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = $1 AND seq >= $2 ORDER BY seq`, [
      g.case_id,
      Math.max(from, 1),
    ]);
    if (from > 0 && (rows[0]?.seq !== from || rows[0].hash !== g.signed_hash)) return { seqs: [from], problem: 'CHECKPOINT_MISMATCH' };
    let prev = g.signed_hash ?? FIRST_PREVIOUS_DIGEST;
    let expected = from + 1;
    for (const r of from > 0 ? rows.slice(1) : rows) {
      if (r.seq !== expected) return { seqs: [expected], problem: 'MISSING' };
      if (r.prev_hash !== prev) return { seqs: [r.seq], problem: 'PREV_HASH_MISMATCH' };
      if (storedEventHash(r) !== r.hash) return { seqs: [r.seq], problem: 'HASH_MISMATCH' };
      prev = r.hash;
      expected += 1;
    }
    return undefined;
  }
}
