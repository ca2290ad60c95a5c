import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaRepository } from '@tramites/persistence';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { CaseListQueryDto } from './case-list.dto';

export interface CaseListItem {
  caseId: string;
  procedure: string;
  status: string;
  province: string | null;
  agencyId: string | null;
  applicantId: string;
  holderName: string | null;
  waitingOn: string;
  deadlineAt: string | null;
  overdue: boolean;
  appointmentAt: string | null;
  updatedAt: string;
}

const SORT_COLUMNS = { deadline: 'deadline_at', created: 'created_at', updated: 'updated_at' } as const;

/** Case lists from the indexed read model (never a scan of Temporal), within the caller's scope. */
@Injectable()
export class CaseListService {
  constructor(private readonly db: DataSource) {}

  async list(principal: Principal, q: CaseListQueryDto): Promise<{ items: CaseListItem[]; page: number; pageSize: number; total: number }> {
    // A filter names a value of the catalogue: an agency that does not exist is a 400, not an empty list.
    if (q.agencyId && !(await new AgendaRepository(this.db).agency(q.agencyId))) {
      const message = 'agencyId no es una agencia activa del catálogo';
      throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field: 'agencyId', message }] }, 400);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    // Scope first: it can only narrow what the filters ask for.
    if (principal.role === 'applicant') add('applicant_id = ?', principal.sub);
    if (principal.caseId) add('id = ?', principal.caseId);
    if (principal.role === 'case_manager') add('agency_id = ?', principal.agencyId);
    if (principal.role === 'legal_unit') add('province = ?', principal.province);
    if (q.procedure) add('procedure_type = ?', q.procedure);
    if (q.status) add('status = ?', q.status);
    if (q.province) add('province = ?', q.province);
    if (q.agencyId) add('agency_id = ?', q.agencyId);
    if (q.applicantId) add('applicant_id = ?', q.applicantId);
    if (q.deadlineBefore) add('deadline_at < ?', q.deadlineBefore);
    if (q.overdue === true) where.push(`deadline_at < now() AND waiting_on <> 'nobody'`);
    if (q.overdue === false) where.push(`(deadline_at IS NULL OR deadline_at >= now())`);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const column = SORT_COLUMNS[q.sort ?? 'deadline'];
    const order = q.order === 'desc' ? 'DESC' : 'ASC';
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: Array<Record<string, unknown> & { total: string }> = await this.db.query(
      `SELECT id, procedure_type, status, province, agency_id, applicant_id, holder_name, waiting_on, deadline_at,
              appointment_at, updated_at, (deadline_at < now() AND waiting_on <> 'nobody') AS overdue,
              count(*) OVER () AS total
         FROM cases ${filter}
        ORDER BY ${column} ${order} NULLS LAST, id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        caseId: r['id'] as string,
        procedure: r['procedure_type'] as string,
        status: r['status'] as string,
        province: r['province'] as string | null,
        agencyId: r['agency_id'] as string | null,
        applicantId: r['applicant_id'] as string,
        holderName: r['holder_name'] as string | null,
        waitingOn: r['waiting_on'] as string,
        deadlineAt: (r['deadline_at'] as Date | null)?.toISOString() ?? null,
        overdue: Boolean(r['overdue']),
        appointmentAt: (r['appointment_at'] as Date | null)?.toISOString() ?? null,
        updatedAt: (r['updated_at'] as Date).toISOString(),
      })),
      page,
      pageSize,
      total: rows[0] ? Number(rows[0].total) : 0,
    };
  }
}
