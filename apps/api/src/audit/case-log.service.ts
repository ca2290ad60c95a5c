import { Injectable } from '@nestjs/common';
import type { ActionSearchQueryDto } from './audit.dto';
import {
  AuditLogRepository,
  EventLogRepository,
  OfficerDirectoryRepository,
  verifyCaseLog,
  type OfficerDirectoryRow,
  type ChainReport,
  type CheckpointSummary,
  type SignedCheckpoint,
} from '@tramites/persistence';
import type { ChainCheckContext, StoredEvent } from './event-chain';
import { describeAccess, describeEvent } from './event-descriptions';

export interface TimelineEvent {
  seq: number;
  type: string;
  /** Spanish description of the event type. */
  what: string;
  actor: NamedActor;
  at: string;
  data: Record<string, unknown>;
}

/** An actor with the officers' directory's name and scope (null when the directory does not know the id). */
export interface NamedActor {
  id: string;
  role: string;
  name: string | null;
  agencyId: string | null;
  province: string | null;
}

type People = Map<string, OfficerDirectoryRow>;

const actorOf = (id: string, role: string, people: People): NamedActor => {
  const known = people.get(id);
  return { id, role, name: known?.name ?? null, agencyId: known?.agencyId ?? null, province: known?.province ?? null };
};

export interface CaseTimeline {
  caseId: string;
  events: TimelineEvent[];
}

export interface CaseStateAsOf {
  caseId: string;
  asOf: string;
  /** The case's status right after its last event at or before asOf; null when the case did not exist yet. */
  status: string | null;
  lastEvent: TimelineEvent | null;
  events: TimelineEvent[];
}

/** A case's log verified (libs/persistence case-log-verification.ts, shared with scripts/audit.ts). */
export type { ChainReport };

export interface ActionItem {
  kind: 'event' | 'access';
  caseId: string;
  /** Events only. */
  seq: number | null;
  /** Event type, or the logged access's action. */
  type: string;
  what: string;
  actor: NamedActor;
  at: string;
  /** Events only: the event's data. */
  data: Record<string, unknown> | null;
}

const toTimelineEvent = (r: StoredEvent, people: People): TimelineEvent => ({
  seq: r.seq,
  type: r.type,
  what: describeEvent(r.type),
  actor: actorOf(r.actor_id, r.actor_role, people),
  at: r.occurred_at.toISOString(),
  data: r.data,
});

/** The auditor's reading of a case's event log: only PostgreSQL, so it outlives Temporal's retention. */
@Injectable()
export class CaseLogService {
  constructor(
    private readonly eventLog: EventLogRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly directory: OfficerDirectoryRepository,
  ) {}

  /** The events with their actors named (one directory read for the page). */
  private async named(rows: StoredEvent[]): Promise<TimelineEvent[]> {
    const people = await this.directory.entriesOf(rows.map((r) => r.actor_id));
    return rows.map((r) => toTimelineEvent(r, people));
  }

  private rows(caseId: string, asOf?: string): Promise<StoredEvent[]> {
    return this.eventLog.events(caseId, asOf);
  }

  async timeline(caseId: string): Promise<CaseTimeline> {
    return { caseId, events: await this.named(await this.rows(caseId)) };
  }

  async stateAsOf(caseId: string, asOf: string): Promise<CaseStateAsOf> {
    const events = await this.named(await this.rows(caseId, asOf));
    const last = events.at(-1) ?? null;
    const status = last && typeof last.data['status'] === 'string' ? last.data['status'] : null;
    return { caseId, asOf: new Date(asOf).toISOString(), status, lastEvent: last, events };
  }

  /**
   * The case's chain checked event by event, against the read model's last seq, every head a
   * signed checkpoint recorded and, when given, what the case's Temporal history recorded
   * (the replay's check): what is missing and what was altered, by seq.
   */
  verify(caseId: string, history?: ChainCheckContext['history']): Promise<ChainReport> {
    return verifyCaseLog(this.eventLog, caseId, history);
  }

  /** The signed checkpoints, for auditors to keep outside the database and verify offline. */
  checkpoints(): Promise<CheckpointSummary[]> {
    return this.eventLog.listCheckpoints();
  }

  checkpoint(number: number): Promise<SignedCheckpoint | null> {
    return this.eventLog.checkpoint(number);
  }

  /** Actions across cases (indexed by actor and by type), newest first; optionally the logged accesses too. */
  async searchActions(q: ActionSearchQueryDto): Promise<{ items: ActionItem[]; page: number; pageSize: number; total: number }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const { rows, total } = await this.auditLog.searchActions({ ...q, page, pageSize });
    const people = await this.directory.entriesOf(rows.map((r) => r.actor_id));
    return {
      items: rows.map((r) => ({
        kind: r.kind,
        caseId: r.case_id,
        seq: r.seq,
        type: r.type,
        what: r.kind === 'event' ? describeEvent(r.type) : describeAccess(r.type),
        actor: actorOf(r.actor_id, r.actor_role, people),
        at: r.at.toISOString(),
        data: r.data,
      })),
      page,
      pageSize,
      total,
    };
  }
}
