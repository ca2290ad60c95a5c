import { SqlRepository } from '../sql/sql-repository';

/** The languages a case can speak to its applicant (ADR 0031): Spanish (es-EC, the default) and English. */
export const CASE_LOCALES = ['es', 'en'] as const;
export type CaseLocale = (typeof CASE_LOCALES)[number];

export const isCaseLocale = (v: unknown): v is CaseLocale => typeof v === 'string' && (CASE_LOCALES as readonly string[]).includes(v);

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
}
