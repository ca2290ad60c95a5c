import { Injectable } from '@nestjs/common';
import { businessMillisBetween } from '@tramites/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { PageQueryDto, PoderRegistryQueryDto } from './legal.dto';

export interface InboxItem {
  caseId: string;
  poderId: string;
  attorneyName: string;
  employerId: string;
  requestedAt: string;
  dueAt: string;
  /** Office time left until dueAt, in business milliseconds; negative when overdue. */
  businessMsLeft: number;
  overdue: boolean;
  remindedAt: string | null;
  escalatedAt: string | null;
}

export interface RegistryItem {
  poderId: string;
  employerId: string;
  attorneyId: string;
  deedNumber: string;
  notary: string;
  /** YYYY-MM-DD, or null when neither the deed nor the endorsement limits it. */
  validUntil: string | null;
  endorsedBy: string;
  endorsedAt: string;
  revokedAt: string | null;
  /** The case that presented it when it was endorsed, and that case's province. */
  caseId: string;
  province: string | null;
  /** As of today in Guayaquil. */
  status: 'valid' | 'expired' | 'revoked';
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

const isoOrNull = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The legal unit's reading of the read model: its inbox and the registry of endorsed poderes. */
@Injectable()
export class LegalInboxService {
  constructor(private readonly db: DataSource) {}

  /** Poderes waiting for a decision in the caller's province, oldest first (poder_reviews_inbox_idx). */
  async inbox(principal: Principal, q: PageQueryDto, now = Date.now()): Promise<Page<InboxItem>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const rows: Array<{
      poder_id: string;
      case_id: string;
      attorney_name: string;
      employer_id: string;
      requested_at: Date;
      due_at: Date;
      reminded_at: Date | null;
      escalated_at: Date | null;
      total: string;
    }> = await this.db.query(
      `SELECT poder_id, case_id, attorney_name, employer_id, requested_at, due_at, reminded_at, escalated_at,
              count(*) OVER () AS total
         FROM poder_reviews
        WHERE province = $1 AND status = 'pending'
        ORDER BY requested_at, poder_id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [principal.province],
    );
    return {
      items: rows.map((r) => ({
        caseId: r.case_id,
        poderId: r.poder_id,
        attorneyName: r.attorney_name,
        employerId: r.employer_id,
        requestedAt: r.requested_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        businessMsLeft: businessMillisBetween(now, r.due_at.getTime()),
        overdue: r.due_at.getTime() < now,
        remindedAt: isoOrNull(r.reminded_at),
        escalatedAt: isoOrNull(r.escalated_at),
      })),
      page,
      pageSize,
      total: rows[0] ? Number(rows[0].total) : 0,
    };
  }

  /** Endorsed poderes (reused across cases); the legal unit sees those of its province only. */
  async registry(principal: Principal, q: PoderRegistryQueryDto): Promise<Page<RegistryItem>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (principal.role === 'legal_unit') add('r.province = ?', principal.province);
    if (q.employerId) add('p.employer_id = ?', q.employerId);
    if (q.attorneyId) add('p.attorney_id = ?', q.attorneyId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    const rows: Array<{
      id: string;
      employer_id: string;
      attorney_id: string;
      deed_number: string;
      notary: string;
      valid_until: string | null;
      endorsed_by: string;
      endorsed_at: Date;
      revoked_at: Date | null;
      case_id: string;
      province: string | null;
      status: RegistryItem['status'];
      total: string;
    }> = await this.db.query(
      `SELECT p.id, p.employer_id, p.attorney_id, p.deed_number, p.notary, to_char(p.valid_until, 'YYYY-MM-DD') AS valid_until,
              p.endorsed_by, p.endorsed_at, p.revoked_at, p.case_id, r.province,
              CASE WHEN p.revoked_at IS NOT NULL THEN 'revoked'
                   WHEN p.valid_until < (now() AT TIME ZONE 'America/Guayaquil')::date THEN 'expired'
                   ELSE 'valid' END AS status,
              count(*) OVER () AS total
         FROM poderes p
         LEFT JOIN poder_reviews r ON r.poder_id = p.id AND r.case_id = p.case_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.endorsed_at DESC, p.id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        poderId: r.id,
        employerId: r.employer_id,
        attorneyId: r.attorney_id,
        deedNumber: r.deed_number,
        notary: r.notary,
        validUntil: r.valid_until,
        endorsedBy: r.endorsed_by,
        endorsedAt: r.endorsed_at.toISOString(),
        revokedAt: isoOrNull(r.revoked_at),
        caseId: r.case_id,
        province: r.province,
        status: r.status,
      })),
      page,
      pageSize,
      total: rows[0] ? Number(rows[0].total) : 0,
    };
  }
}
