import { SqlRepository } from '../sql/sql-repository';

/** The languages a case can speak to its applicant (ADR 0031): Spanish (es-EC, the default) and English. */
export const CASE_LOCALES = ['es', 'en'] as const;
export type CaseLocale = (typeof CASE_LOCALES)[number];

export const isCaseLocale = (v: unknown): v is CaseLocale => typeof v === 'string' && (CASE_LOCALES as readonly string[]).includes(v);

/** What a notice needs to say where to go next: the case's language, procedure and agency (null for a virtual filing). */
export interface CaseNoticeContext {
  locale: CaseLocale;
  /** undefined while the case's first event is not yet written. */
  procedure?: string;
  agencyId: string | null;
  agencyName: string | null;
}

/** Each case's language (case_languages, migration 1700000003100): written once by the API, read by the notification activities. */
export class CaseLanguagesRepository extends SqlRepository {
  /** Records the case's language once; a retried start keeps the first. */
  async record(caseId: string, locale: CaseLocale): Promise<void> {
    await this.db.query(`INSERT INTO case_languages (case_id, locale) VALUES ($1, $2) ON CONFLICT (case_id) DO NOTHING`, [caseId, locale]);
  }

  /** The case's language; Spanish when the case was started without one (officers' walk-ins, cases before this table). */
  async of(caseId: string): Promise<CaseLocale> {
    const [row] = (await this.db.query(`SELECT locale FROM case_languages WHERE case_id = $1`, [caseId])) as Array<{ locale: string }>;
    return isCaseLocale(row?.locale) ? row.locale : 'es';
  }

  /** The case's language with its procedure and agency from the read model (the notices are sent after their event is recorded). */
  async noticeContext(caseId: string): Promise<CaseNoticeContext> {
    const [row] = (await this.db.query(
      `SELECT l.locale, c.procedure_type, c.agency_id, a.name AS agency_name
         FROM (SELECT $1::uuid AS id) k
         LEFT JOIN case_languages l ON l.case_id = k.id
         LEFT JOIN cases c ON c.id = k.id
         LEFT JOIN agencies a ON a.id = c.agency_id`,
      [caseId],
    )) as Array<{ locale: string | null; procedure_type: string | null; agency_id: string | null; agency_name: string | null }>;
    return {
      locale: isCaseLocale(row?.locale) ? row.locale : 'es',
      ...(row?.procedure_type ? { procedure: row.procedure_type } : {}),
      agencyId: row?.agency_id ?? null,
      agencyName: row?.agency_name ?? null,
    };
  }
}
