import { Injectable } from '@nestjs/common';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import {
  CREDENTIAL_FINAL_STATUSES,
  FINAL_STATUSES,
  caseWorkflowId,
  claimRefusal,
  getCaseQuery,
  type CaseClaim,
  type CaseView,
  type CredentialCaseView,
} from '@tramites/contracts';
import { AccessLogRepository, CaseAssignmentRepository, CaseReadModelRepository, OfficerDirectoryRepository } from '@tramites/persistence';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { TemporalGateway } from '../temporal/temporal-gateway';

/** The live view of any case: in-person (000-002) or portal password (003, 004). */
export type AnyCaseView = CaseView | CredentialCaseView;

/** The agency a case belongs to, whichever its kind. */
export function agencyOfView(view: AnyCaseView): string | null {
  if ('verification' in view) return view.appointment?.agencyId ?? view.checkedInBy?.agencyId ?? null;
  return view.agencyId ?? null;
}

/** The case's agency and province, as the read model knows them (for scope checks). */
export interface CaseScope {
  caseId: string;
  applicantId: string;
  agencyId: string | null;
  province: string | null;
}

/** The case's scope and its status, as one read of the read model gives them. */
export interface KnownCase extends CaseScope {
  status: string;
}

/** Statuses after which a case's workflow has ended (in-person and portal-password cases). */
const CLOSED_STATUSES: ReadonlySet<string> = new Set<string>([...FINAL_STATUSES, ...CREDENTIAL_FINAL_STATUSES]);

/**
 * Who may see which case: applicants their own, case managers their agency's, the legal
 * unit its province's, auditors and administrators every case. Officers' and auditors'
 * reads are logged.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly cases: CaseReadModelRepository,
    private readonly accessLog: AccessLogRepository,
    private readonly assignments: CaseAssignmentRepository,
    private readonly directory: OfficerDirectoryRepository,
  ) {}

  /** Who holds the case's claim, by name (null: nobody, or the case has closed: a claim holds while the case is open); applicants never need it. */
  async claimOf(caseId: string, principal?: Principal, known?: KnownCase): Promise<CaseClaim | null> {
    if (principal?.role === 'applicant') return null;
    const [holder, status] = await Promise.all([this.assignments.holder(caseId), known ? known.status : this.cases.status(caseId)]);
    if (!holder || (status && CLOSED_STATUSES.has(status))) return null;
    const names = await this.directory.namesOf([holder.officerId]);
    return { officerId: holder.officerId, officerName: names.get(holder.officerId) ?? holder.officerId };
  }

  /**
   * A claim holds (ADR 0022, amended): an officer who does not hold a claimed case is refused
   * before the action reaches the workflow, with the holder's name. Answers the claim it read.
   */
  async assertHoldsClaim(principal: Principal, caseId: string, known?: KnownCase): Promise<CaseClaim | null> {
    const claim = await this.claimOf(caseId, principal, known);
    const held = claimRefusal(claim, actorOf(principal));
    if (held) throw new ApiError(held.code, held.message, claim ? { assignment: { officerId: claim.officerId, officerName: claim.officerName } } : undefined);
    return claim;
  }

  async scopeOf(caseId: string): Promise<KnownCase> {
    const scope = await this.scopeIfKnown(caseId);
    if (!scope) throw new ApiError('CASE.NOT_FOUND');
    return scope;
  }

  /**
   * The case's scope from the read model, or undefined while its first event is not yet
   * written (a case started a moment ago): then its workflow's own guards decide.
   */
  async scopeIfKnown(caseId: string): Promise<KnownCase | undefined> {
    const row = await this.cases.scope(caseId);
    return row && { caseId, ...row };
  }

  /** The case's status as the read model knows it (undefined before its first event is written). */
  statusOf(caseId: string): Promise<string | undefined> {
    return this.cases.status(caseId);
  }

  assertMayAccess(principal: Principal, scope: CaseScope): void {
    switch (principal.role) {
      case 'applicant':
        if (scope.applicantId !== principal.sub) throw new ApiError('AUTH.NOT_YOUR_CASE');
        if (principal.caseId && principal.caseId !== scope.caseId) throw new ApiError('AUTH.NOT_YOUR_CASE');
        return;
      case 'case_manager':
      case 'supervisor':
        if (scope.agencyId !== principal.agencyId) throw new ApiError('AUTH.OUT_OF_SCOPE');
        return;
      case 'legal_unit':
        if (scope.province !== principal.province) throw new ApiError('AUTH.OUT_OF_SCOPE');
        return;
      default:
        return;
    }
  }

  /** Checks the caller may act on / read the case, and logs staff reads. */
  async authorize(principal: Principal, caseId: string, action: string): Promise<KnownCase> {
    const scope = await this.scopeOf(caseId);
    this.assertMayAccess(principal, scope);
    await this.log(principal, caseId, action);
    return scope;
  }

  async log(principal: Principal, caseId: string, action: string): Promise<void> {
    if (principal.role === 'applicant') return;
    await this.accessLog.recordCaseAccess({ caseId, actorId: principal.sub, actorRole: principal.role, action });
  }

  /**
   * The live state of the case from its workflow. A closed case answers with its workflow's
   * result, which the server holds: a query would make a worker replay the whole history of a
   * workflow that is no longer in its cache, on every read (ADR 0009). `known`: the row the caller
   * already read (scopeIfKnown), so that it is not read again.
   */
  async liveView(caseId: string, known?: KnownCase): Promise<AnyCaseView> {
    const workflowId = caseWorkflowId(caseId);
    try {
      const status = known ? known.status : await this.cases.status(caseId);
      if (status && CLOSED_STATUSES.has(status)) {
        // A workflow terminated by an operator has no result: its state still comes from a query.
        const result = await this.temporal.result(workflowId).catch((err: unknown) => {
          if (err instanceof WorkflowFailedError) return undefined;
          throw err;
        });
        if (result) return result as AnyCaseView;
      }
      return await this.temporal.query(workflowId, getCaseQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new ApiError('CASE.NOT_FOUND');
      throw err;
    }
  }
}
