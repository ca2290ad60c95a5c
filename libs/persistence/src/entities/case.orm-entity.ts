import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Read model of one case, written by activities as the workflow moves and read
 * by the API's lists. The workflow itself (and its history) is the source of truth.
 */
@Entity({ name: 'cases' })
@Index('cases_status_deadline_idx', ['status', 'deadlineAt'])
@Index('cases_agency_status_idx', ['agencyId', 'status'])
@Index('cases_province_status_idx', ['province', 'status'])
@Index('cases_applicant_idx', ['applicantId'])
export class CaseOrmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId!: string;

  @Column({ name: 'procedure_type', type: 'text' })
  procedureType!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  province!: string | null;

  @Column({ name: 'agency_id', type: 'text', nullable: true })
  agencyId!: string | null;

  @Column({ name: 'applicant_id', type: 'text' })
  applicantId!: string;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  /** Sequence number of the last case event applied to this row (guards against out-of-order writes). */
  @Column({ name: 'last_event_seq', type: 'integer', default: 0 })
  lastEventSeq!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
