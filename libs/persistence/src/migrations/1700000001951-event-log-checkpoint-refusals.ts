import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyTriggers } from './append-only-triggers';

/**
 * The refusals of the checkpoint taker (ADR 0010): a case whose log no longer extends the head a
 * checkpoint signed, or lacks an event its workflow's Temporal history recorded, is never signed;
 * the refusal is kept here (once per case, problem and events), append-only like the checkpoints,
 * for the auditors. No personal data: the case id, the problem's code and the events' numbers.
 */
export class EventLogCheckpointRefusals1700000001951 implements MigrationInterface {
  name = 'EventLogCheckpointRefusals1700000001951';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_log_checkpoint_refusals (
        case_id uuid NOT NULL,
        problem text NOT NULL,
        seqs integer[] NOT NULL,
        refused_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, problem, seqs)
      )`);
    // The trigger function of the audit record (migration 1700000001000), for every role.
    for (const statement of appendOnlyTriggers('event_log_checkpoint_refusals')) await q.query(statement);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON event_log_checkpoint_refusals FROM tramites_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_log_checkpoint_refusals`);
  }
}
