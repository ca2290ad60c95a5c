import { Injectable } from '@nestjs/common';
import {
  FINAL_STATUSES,
  CREDENTIAL_FINAL_STATUSES,
  assignmentActionsAllowed,
  assignmentRefusal,
  type AssignmentAction,
  type AssignmentFacts,
  type CaseClaim,
} from '@tramites/contracts';
import {
  CaseAssignmentRepository,
  CaseReadModelRepository,
  OfficerDirectoryRepository,
  type Assignment,
  type AssignmentLogRow,
  type OfficerDirectoryRow,
} from '@tramites/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { AssignmentDto, AssignmentLogDto, BulkReassignResultDto, OfficerDto } from './claims.dto';

const CLOSED: ReadonlySet<string> = new Set<string>([...FINAL_STATUSES, ...CREDENTIAL_FINAL_STATUSES]);

const timeFmt = new Intl.DateTimeFormat('es-EC', {
  timeZone: 'America/Guayaquil',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A refusal of the claim's rules (libs/contracts case-actions.ts) as the API answers it. */
function refused(r: { code: string; message: string }, claim: CaseClaim | null, since?: Date): ApiError {
  const message = r.code === 'CASE.ASSIGNED_TO_OTHER' && claim && since ? r.message.replace(':', ` desde el ${timeFmt.format(since)}:`) : r.message;
  return new ApiError(r.code, message, claim ? { assignment: { officerId: claim.officerId, officerName: claim.officerName } } : undefined);
}

/**
 * Who works a case (ADR 0022, amended 2026-12-07): "Asignarme", "Liberar", and the supervisor's
 * "Reasignar" (one case or several) with a reason, each written to the append-only
 * case_assignment_log that the auditor reads; names from the officers' directory, never ids.
 */
@Injectable()
export class ClaimsService {
  constructor(
    private readonly assignments: CaseAssignmentRepository,
    private readonly directory: OfficerDirectoryRepository,
    private readonly cases: CaseReadModelRepository,
    private readonly access: CaseAccessService,
  ) {}

  /** The claim of a case as a page shows it: the holder by name, whether it is the caller's. */
  assignmentOf(principal: Principal, a: Assignment, names: Map<string, string>): AssignmentDto {
    return {
      officerId: a.officerId,
      officerName: names.get(a.officerId) ?? a.officerId,
      assignedAt: a.assignedAt.toISOString(),
      mine: a.officerId === principal.sub,
    };
  }

  /** What the claim's rules need: closed, the case's agency, the holder by name. */
  facts(status: string | undefined, agencyId: string | null | undefined, holder: Assignment | null, names: Map<string, string>): AssignmentFacts {
    const closed = !!status && CLOSED.has(status);
    return {
      closed,
      agencyId: agencyId ?? null,
      claim: holder && !closed ? { officerId: holder.officerId, officerName: names.get(holder.officerId) ?? holder.officerId } : null,
    };
  }

  /** The claim's actions the caller may take now (what the pages draw: Asignarme, Liberar, Reasignar). */
  actionsFor(principal: Principal, facts: AssignmentFacts): AssignmentAction[] {
    return assignmentActionsAllowed(facts, actorOf(principal));
  }

  private async factsOf(caseId: string): Promise<{ facts: AssignmentFacts; holder: Assignment | null; agencyId: string; names: Map<string, string> }> {
    const scope = await this.access.scopeOf(caseId);
    const [holder, status] = await Promise.all([this.assignments.holder(caseId), this.cases.status(caseId)]);
    const names = await this.directory.namesOf(holder ? [holder.officerId] : []);
    return { facts: this.facts(status ?? undefined, scope.agencyId, holder, names), holder, agencyId: scope.agencyId ?? '', names };
  }

  private assertMay(principal: Principal, action: AssignmentAction, facts: AssignmentFacts, holder: Assignment | null): void {
    const r = assignmentRefusal(action, facts, actorOf(principal));
    if (r) throw refused(r, facts.claim, holder?.assignedAt);
  }

  private async dto(principal: Principal, a: Assignment): Promise<AssignmentDto> {
    return this.assignmentOf(principal, a, await this.directory.namesOf([a.officerId]));
  }

  /** "Asignarme": the case manager takes an open case of the agency nobody holds (repeated: unchanged). */
  async claim(principal: Principal, caseId: string): Promise<AssignmentDto> {
    await this.access.authorize(principal, caseId, 'claim');
    const { facts, holder, agencyId } = await this.factsOf(caseId);
    if (holder?.officerId === principal.sub && !facts.closed) return this.dto(principal, holder);
    this.assertMay(principal, 'claim', facts, holder);
    const { claimed, holder: now } = await this.assignments.claim(caseId, principal.sub, agencyId, 3, principal.role);
    if (!claimed) {
      const names = await this.directory.namesOf([now.officerId]);
      throw refused(
        { code: 'CASE.ASSIGNED_TO_OTHER', message: assignmentRefusal('claim', this.facts(undefined, agencyId, now, names), actorOf(principal))?.message ?? '' },
        { officerId: now.officerId, officerName: names.get(now.officerId) ?? now.officerId },
        now.assignedAt,
      );
    }
    return this.dto(principal, now);
  }

  /**
   * "Liberar": its holder lets the case go; a supervisor of the agency lets it go whoever holds
   * it, and says why (the reason is kept in the log).
   */
  async release(principal: Principal, caseId: string, reason?: string): Promise<{ assignment: null; releasedFrom: string | null }> {
    await this.access.authorize(principal, caseId, 'release');
    const { facts, holder, names } = await this.factsOf(caseId);
    // A claim left on a closed case may still be let go, by its holder or a supervisor.
    const claim = holder ? { officerId: holder.officerId, officerName: names.get(holder.officerId) ?? holder.officerId } : null;
    this.assertMay(principal, 'release', { ...facts, claim }, holder);
    if (principal.role === 'supervisor' && holder?.officerId !== principal.sub) {
      const why = requiredReason(reason);
      const was = await this.assignments.releaseFor(caseId, { id: principal.sub, role: principal.role }, why);
      return { assignment: null, releasedFrom: was ? await this.nameOf(was.officerId) : null };
    }
    const still = await this.assignments.release(caseId, principal.sub, principal.role);
    if (still) throw refused({ code: 'CASE.ASSIGNED_TO_OTHER', message: 'Otra persona tiene asignado este trámite.' }, null);
    return { assignment: null, releasedFrom: holder ? await this.nameOf(holder.officerId) : null };
  }

  /** "Reasignar": a supervisor hands an open case of the agency to one of its case managers, with a reason. */
  async reassign(principal: Principal, caseId: string, officerId: string, reason: string): Promise<AssignmentDto & { previousOfficerName: string | null }> {
    await this.access.authorize(principal, caseId, 'reassign');
    const why = requiredReason(reason);
    const target = await this.caseManagerOfAgency(principal, officerId);
    const { facts, holder, agencyId } = await this.factsOf(caseId);
    this.assertMay(principal, 'reassign', facts, holder);
    const r = await this.assignments.reassign(caseId, agencyId, target.officerId, { id: principal.sub, role: principal.role }, why);
    const names = await this.directory.namesOf([r.holder.officerId, ...(r.previous ? [r.previous.officerId] : [])]);
    return {
      ...this.assignmentOf(principal, r.holder, names),
      previousOfficerName: r.previous ? (names.get(r.previous.officerId) ?? r.previous.officerId) : null,
    };
  }

  /**
   * Several cases to one case manager with one reason: each case is judged on its own (a closed
   * case or one of another agency is refused with its reason, the others are handed over).
   */
  async reassignMany(principal: Principal, caseIds: readonly string[], officerId: string, reason: string): Promise<BulkReassignResultDto> {
    const why = requiredReason(reason);
    const target = await this.caseManagerOfAgency(principal, officerId);
    const results: BulkReassignResultDto['results'] = [];
    for (const caseId of [...new Set(caseIds)]) {
      try {
        await this.reassign(principal, caseId, target.officerId, why);
        results.push({ caseId, reassigned: true });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        results.push({ caseId, reassigned: false, code: err.code, message: err.message });
      }
    }
    return { officerId: target.officerId, officerName: target.name, results };
  }

  /** The case managers of the caller's agency, by name (whom a case can be handed to). */
  async officers(principal: Principal): Promise<OfficerDto[]> {
    if (!principal.agencyId) throw new ApiError('AUTH.OUT_OF_SCOPE', 'Su usuario no tiene una agencia asignada.');
    const rows = await this.directory.ofAgency(principal.agencyId, ['case_manager']);
    return rows.map((r) => ({ officerId: r.officerId, name: r.name, role: r.role }));
  }

  /** The changes of hands of one case (the desk's page, the auditor), newest first, with names. */
  async history(
    q: { caseId?: string; agencyId?: string; officerId?: string; before?: string },
    limit = 50,
  ): Promise<{ items: AssignmentLogDto[]; next?: string }> {
    const rows = await this.assignments.history({ ...q, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const names = await this.directory.namesOf(page.flatMap((r) => [r.actorId, r.fromOfficer ?? '', r.toOfficer ?? '']));
    const last = page.at(-1);
    return { items: page.map((r) => logDto(r, names)), ...(rows.length > limit && last ? { next: last.id } : {}) };
  }

  private async caseManagerOfAgency(principal: Principal, officerId: string): Promise<OfficerDirectoryRow> {
    const target = await this.directory.byId(officerId);
    if (!target || target.role !== 'case_manager' || !principal.agencyId || target.agencyId !== principal.agencyId)
      throw new ApiError('OFFICER.NOT_IN_AGENCY', undefined, { fields: [{ field: 'officerId', message: 'no es un gestor de trámites de su agencia' }] });
    return target;
  }

  private async nameOf(officerId: string): Promise<string> {
    return (await this.directory.namesOf([officerId])).get(officerId) ?? officerId;
  }
}

/** A supervisor's change of hands says why: 5 to 500 characters. */
function requiredReason(reason: string | undefined): string {
  const why = (reason ?? '').trim();
  if (why.length < 5 || why.length > 500) {
    const message = 'reason es obligatorio: diga en 5 a 500 caracteres por qué cambia el trámite de manos';
    throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field: 'reason', message }] }, 400);
  }
  return why;
}

const ACTION_WORDS: Record<string, string> = { claim: 'Se asignó', release: 'Liberó', reassign: 'Reasignó' };

function logDto(r: AssignmentLogRow, names: Map<string, string>): AssignmentLogDto {
  const name = (id: string | null): string | null => (id ? (names.get(id) ?? id) : null);
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    caseId: r.caseId,
    agencyId: r.agencyId,
    action: r.action,
    what: ACTION_WORDS[r.action] ?? r.action,
    actorId: r.actorId,
    actorName: name(r.actorId) ?? r.actorId,
    actorRole: r.actorRole,
    fromOfficerName: name(r.fromOfficer),
    toOfficerName: name(r.toOfficer),
    reason: r.reason,
  };
}
