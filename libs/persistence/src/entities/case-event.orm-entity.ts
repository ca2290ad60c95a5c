import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The audit record that outlives Temporal's retention: one row per case event,
 * hash-chained per case (hash = sha256(prevHash + canonical event)).
 * (case_id, seq) is unique, so a retried activity can never append twice.
 */
@Entity({ name: 'case_events' })
@Unique('case_events_case_seq_uq', ['caseId', 'seq'])
@Index('case_events_actor_idx', ['actorId', 'occurredAt'])
@Index('case_events_type_idx', ['type', 'occurredAt'])
export class CaseEventOrmEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
