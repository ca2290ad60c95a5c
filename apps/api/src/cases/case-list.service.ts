import { Injectable } from '@nestjs/common';
import { AgendaRepository, CaseReadModelRepository, type CaseListColumn, type CaseListRow } from '@tramites/persistence';
import type { Principal } from '../auth/principal';
import { listRowWithoutUnprovedIdentity } from '../credentials/applicant-view';
import { ApiError } from '../errors/api-error';
import { decodeCursor, encodeCursor } from '../http/keyset-cursor';
import type { CaseListQueryDto } from './case-list.dto';

export type CaseListItem = CaseListRow;

/** The ids a short reference names: T- and the id's first ten hex digits (caseReference in libs/contracts). */
export function referenceRange(reference: string): { low: string; high: string } {
  const hex = reference.replace(/^T-?/i, '').toLowerCase();
  return { low: `${hex.slice(0, 8)}-${hex.slice(8, 10)}00-0000-0000-000000000000`, high: `${hex.slice(0, 8)}-${hex.slice(8, 10)}ff-ffff-ffff-ffffffffffff` };
}

/** Case lists from the indexed read model (never a scan of Temporal), within the caller's scope. */
@Injectable()
export class CaseListService {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly cases: CaseReadModelRepository,
  ) {}

  /**
   * `total` is capped (ADR 0023): it stops 1000 cases past the page's first, and `totalCapped` says when more
   * match. `next` is the keyset cursor of the following page (pass it as `after`: the fast path), null on the last.
   */
  async list(
    principal: Principal,
    q: CaseListQueryDto,
  ): Promise<{ items: CaseListItem[]; page: number; pageSize: number; total: number; totalCapped: boolean; next: string | null }> {
    // A filter names a value of the catalogue: an agency that does not exist is a 400, not an empty list.
    if (q.agencyId && !(await this.agenda.agency(q.agencyId))) {
      const message = 'agencyId no es una agencia activa del catálogo';
      throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field: 'agencyId', message }] }, 400);
    }
    const equals: Array<[CaseListColumn, unknown]> = [];
    // Scope first: it can only narrow what the filters ask for.
    if (principal.role === 'applicant') equals.push(['applicant_id', principal.sub]);
    if (principal.caseId) equals.push(['id', principal.caseId]);
    if (principal.role === 'case_manager') equals.push(['agency_id', principal.agencyId]);
    if (principal.role === 'legal_unit') equals.push(['province', principal.province]);
    if (q.procedure) equals.push(['procedure_type', q.procedure]);
    if (q.status) equals.push(['status', q.status]);
    if (q.province) equals.push(['province', q.province]);
    if (q.agencyId) equals.push(['agency_id', q.agencyId]);
    if (q.applicantId) equals.push(['applicant_id', q.applicantId]);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const after = q.after ? decodeCursor(q.after) : undefined;
    const { items, total, totalCapped, next } = await this.cases.list({
      equals,
      ...(q.deadlineBefore ? { deadlineBefore: q.deadlineBefore } : {}),
      ...(q.reference ? { idRange: referenceRange(q.reference) } : {}),
      ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
      page,
      pageSize,
      ...(after ? { after } : {}),
      sort: q.sort ?? 'deadline',
      order: q.order ?? 'asc',
    });
    return {
      items: items.map((row) => listRowWithoutUnprovedIdentity(row, principal)),
      page,
      pageSize,
      total,
      totalCapped,
      next: next ? encodeCursor(next) : null,
    };
  }
}
