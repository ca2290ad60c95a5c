import { Injectable } from '@nestjs/common';
import { caseReference } from '@tramites/contracts';
import { addDays, foldText, normalizeDocumentNumber, startOfLocalDay, toLocalDate } from '@tramites/domain';
import {
  CaseAssignmentRepository,
  CaseFilingsRepository,
  EventLogRepository,
  OfficerDirectoryRepository,
  WorkQueueRepository,
  type CaseFiling,
  type QueueRow,
  type SearchKey,
  type WorkQueue,
} from '@tramites/persistence';
import { withAvailableActions } from '../access/available-actions';
import { agencyOfView, CaseAccessService } from '../access/case-access.service';
import { describeEvent } from '../audit/event-descriptions';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { DeskCaseDto, DeskTimelineEventDto, FilingDto, QueueCountsDto, QueueItemDto, QueuePageDto, WorkQueueQueryDto } from './desk.dto';
import { decodeCursor, encodeCursor, UUID } from '../http/keyset-cursor';
import { ClaimsService } from './claims.service';
import { timeLeft } from './time-left';

const invalid = (field: string, message: string): ApiError =>
  new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field, message }] }, 400);

/**
 * What the officer typed: a reference (T- and ten hex digits, or a case id) is a range of case
 * ids; anything else is words (identity numbers, name words), folded as they were stored.
 */
export function searchKey(q: string): SearchKey {
  const text = q.trim();
  const id = text.toLowerCase();
  if (UUID.test(id)) return { kind: 'ids', low: id, high: id };
  const ref = /^T-?([0-9A-F]{10})$/i.exec(text);
  if (ref?.[1]) {
    const hex = ref[1].toLowerCase();
    const low = `${hex.slice(0, 8)}-${hex.slice(8, 10)}00-0000-0000-000000000000`;
    const high = `${hex.slice(0, 8)}-${hex.slice(8, 10)}ff-ffff-ffff-ffffffffffff`;
    return { kind: 'ids', low, high };
  }
  const words = [
    ...new Set(
      foldText(text)
        .split(' ')
        .filter((w) => w.length >= 2),
    ),
  ].slice(0, 5);
  if (words.length === 0) throw invalid('q', 'q debe tener al menos una palabra o número de 2 caracteres');
  return { kind: 'words', words };
}

/** The search terms of a case: every identity number it names and the words of the holder's name (ADR 0022). */
export function searchTermsOf(input: {
  booker: { identityNumber: string };
  holder: { fullName: string; documentNumber: string };
  employerId?: string;
  poder?: { attorneyId: string; employerId: string };
}): Array<{ term: string; kind: 'document' | 'name' }> {
  const numbers = [input.booker.identityNumber, input.holder.documentNumber, input.employerId, input.poder?.attorneyId, input.poder?.employerId];
  const documents = [...new Set(numbers.filter((n): n is string => !!n).map(normalizeDocumentNumber))].map((term) => ({ term, kind: 'document' as const }));
  const names = [
    ...new Set(
      foldText(input.holder.fullName)
        .split(' ')
        .filter((w) => w.length >= 2),
    ),
  ].map((term) => ({ term, kind: 'name' as const }));
  return [...documents, ...names];
}

/** The day's bounds in Guayaquil: [00:00, 24:00). */
function dayBounds(date: string): { from: Date; to: Date } {
  return { from: new Date(startOfLocalDay(date)), to: new Date(startOfLocalDay(addDays(date, 1))) };
}

/** The case manager's work queues of their agency. */
@Injectable()
export class WorkQueueService {
  constructor(
    private readonly queues: WorkQueueRepository,
    private readonly assignments: CaseAssignmentRepository,
    private readonly events: EventLogRepository,
    private readonly access: CaseAccessService,
    private readonly filings: CaseFilingsRepository,
    private readonly directory: OfficerDirectoryRepository,
    private readonly claims: ClaimsService,
  ) {}

  private agencyOf(principal: Principal): string {
    if (!principal.agencyId) throw new ApiError('AUTH.OUT_OF_SCOPE', 'Su usuario no tiene una agencia asignada.');
    return principal.agencyId;
  }

  async counts(principal: Principal, date?: string, now = Date.now()): Promise<QueueCountsDto> {
    const day = date ?? toLocalDate(now);
    const { from, to } = dayBounds(day);
    return { date: day, ...(await this.queues.counts(this.agencyOf(principal), new Date(now), from, to, principal.sub)) };
  }

  async page(principal: Principal, queue: WorkQueue, q: WorkQueueQueryDto, now = Date.now()): Promise<QueuePageDto> {
    const agencyId = this.agencyOf(principal);
    const bounds = queue === 'appointments' ? dayBounds(q.date ?? toLocalDate(now)) : q.date ? { to: dayBounds(q.date).to } : {};
    const limit = q.pageSize ?? 25;
    const { rows, next } = await this.queues.page(
      queue,
      {
        agencyId,
        now: new Date(now),
        ...bounds,
        ...(q.procedure ? { procedure: q.procedure } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.q ? { search: searchKey(q.q) } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
        officerId: principal.sub,
      },
      limit,
      q.after ? decodeCursor(q.after) : undefined,
    );
    const names = await this.directory.namesOf(rows.map((r) => r.assignedTo ?? ''));
    return { queue, items: rows.map((r) => this.item(principal, r, now, names)), next: next ? encodeCursor(next) : null };
  }

  private item(principal: Principal, r: QueueRow, now: number, names: Map<string, string>): QueueItemDto {
    const holder = r.assignedTo && r.assignedAt ? { caseId: r.caseId, officerId: r.assignedTo, agencyId: '', assignedAt: r.assignedAt } : null;
    return {
      caseId: r.caseId,
      reference: caseReference(r.caseId),
      procedure: r.procedure,
      status: r.status,
      applicantId: r.applicantId,
      holderName: r.holderName,
      waitingOn: r.waitingOn,
      deadlineAt: r.deadlineAt?.toISOString() ?? null,
      timeLeft: r.waitingOn === 'nobody' ? null : timeLeft(r.deadlineAt, now),
      appointmentAt: r.appointmentAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
      assignment: holder ? this.claims.assignmentOf(principal, holder, names) : null,
      assignmentActions: this.claims.actionsFor(principal, this.claims.facts(r.status, principal.agencyId, holder, names)),
    };
  }

  /** The desk's view of one case: who works it, the time left, its timeline (labels in Spanish, no event data) and what the officer may do now. */
  async deskCase(principal: Principal, caseId: string, now = Date.now()): Promise<DeskCaseDto> {
    await this.access.authorize(principal, caseId, 'read_desk_case');
    const [holder, events, deadline, view, filing] = await Promise.all([
      this.assignments.holder(caseId),
      this.events.events(caseId),
      this.deadlineOf(caseId),
      this.access.liveView(caseId),
      this.filings.one(caseId),
    ]);
    const people = await this.directory.entriesOf([
      ...events.map((e) => e.actor_id),
      ...(holder ? [holder.officerId] : []),
      ...(filing?.bookedAtDesk ? [filing.bookedAtDesk.by] : []),
    ]);
    const names = new Map([...people].map(([id, o]) => [id, o.name]));
    const facts = this.claims.facts(view.status, agencyOfView(view), holder, names);
    return {
      caseId,
      reference: caseReference(caseId),
      filing: filing ? filingOf(filing, names) : null,
      assignment: holder ? this.claims.assignmentOf(principal, holder, names) : null,
      timeLeft: deadline.open ? timeLeft(deadline.at, now) : null,
      timeline: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        what: describeEvent(e.type),
        at: new Date(e.occurred_at).toISOString(),
        actor: actorOf(e.actor_id, e.actor_role, people.get(e.actor_id)),
      })),
      availableActions: withAvailableActions(view, principal, now, facts.claim).availableActions,
      assignmentActions: this.claims.actionsFor(principal, facts),
    };
  }

  private async deadlineOf(caseId: string): Promise<{ at: Date | null; open: boolean }> {
    const row = await this.queues.one(caseId);
    return { at: row?.deadlineAt ?? null, open: !!row && row.waitingOn !== 'nobody' };
  }
}

function filingOf(f: CaseFiling, names: Map<string, string>): FilingDto {
  const { caseId: _caseId, poder, bookedAtDesk, appointmentReference, ...rest } = f;
  return {
    ...rest,
    appointmentReference: appointmentReference ?? null,
    poder: poder ? { ...poder } : null,
    bookedAtDesk: bookedAtDesk ? { officerId: bookedAtDesk.by, officerName: names.get(bookedAtDesk.by) ?? null, agencyId: bookedAtDesk.agencyId } : null,
  };
}

/** An event's actor with the directory's name and scope, when the directory knows the officer. */
function actorOf(id: string, role: string, known?: { name: string; agencyId: string | null; province: string | null }): DeskTimelineEventDto['actor'] {
  return { id, role, name: known?.name ?? null, agencyId: known?.agencyId ?? null, province: known?.province ?? null };
}
