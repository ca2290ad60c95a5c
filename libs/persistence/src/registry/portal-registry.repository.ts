import { SqlRepository } from '../sql/sql-repository';

export interface AffiliateWithCredential {
  fullName: string;
  email: string;
  lockedAt: Date | null;
  failedAttempts: number | null;
  /** The question ids of the stored personal answers (never the answers). */
  personalQuestionIds: string[];
}

export interface WorkHistoryRow {
  employerRuc: string;
  employerName: string;
  /** YYYY-MM-DD */
  startedOn: string;
}

export interface EmployerRow {
  name: string;
  idType: 'ruc' | 'foreigner_code' | 'passport' | 'visa';
  province: string;
  email: string;
  legalRepIdentity: string;
  legalRepName: string;
  isArtisan: boolean;
  artisanQualification: string | null;
  keyRequestNumber: string | null;
  /** The first active agency of the employer's province. */
  officeAgencyId: string | null;
}

/**
 * The imported registries the portal passwords read (affiliates, affiliate_work_history,
 * employers). Imported by the registry load (seedDemoRegistry in development); the one write
 * of a process is the affiliate's e-mail, confirmed by a used password link (API, ADR 0019).
 */
export class PortalRegistryRepository extends SqlRepository {
  async affiliateWithCredential(identityNumber: string): Promise<AffiliateWithCredential | undefined> {
    const [row] = await this.query<{
      full_name: string;
      email: string;
      locked_at: Date | null;
      failed_attempts: number | null;
      security_answers: Array<{ questionId: string }> | null;
    }>(
      `SELECT a.full_name, a.email, c.locked_at, c.failed_attempts, c.security_answers
         FROM affiliates a
         LEFT JOIN portal_credentials c ON c.holder_kind = 'affiliate' AND c.holder_id = a.identity_number
        WHERE a.identity_number = $1`,
      [identityNumber],
    );
    return (
      row && {
        fullName: row.full_name,
        email: row.email,
        lockedAt: row.locked_at,
        failedAttempts: row.failed_attempts,
        personalQuestionIds: (row.security_answers ?? []).map((a) => a.questionId),
      }
    );
  }

  /** Who the affiliate is, for the officer who checks the person at the agency before an unlock (never to an applicant). */
  async affiliateIdentity(identityNumber: string): Promise<{ fullName: string; birthDate: string } | undefined> {
    const [row] = await this.query<{ full_name: string; birth_date: string }>(
      `SELECT full_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM affiliates WHERE identity_number = $1`,
      [identityNumber],
    );
    return row && { fullName: row.full_name, birthDate: row.birth_date };
  }

  /** Day and month of the affiliate's birth. */
  async birthDayMonth(identityNumber: string): Promise<{ day: number; month: number } | undefined> {
    const [row] = await this.query<{ day: number; month: number }>(
      `SELECT extract(day FROM birth_date)::int AS day, extract(month FROM birth_date)::int AS month FROM affiliates WHERE identity_number = $1`,
      [identityNumber],
    );
    return row;
  }

  /** The affiliate's e-mail from now on (003, VIRTUAL 9: the address a used link proved). */
  async updateAffiliateEmail(identityNumber: string, email: string): Promise<void> {
    await this.db.query('UPDATE affiliates SET email = $2, updated_at = now() WHERE identity_number = $1', [identityNumber, email]);
  }

  async workHistory(identityNumber: string): Promise<WorkHistoryRow[]> {
    const rows = await this.query<{ employer_ruc: string; employer_name: string; started_on: string }>(
      `SELECT employer_ruc, employer_name, to_char(started_on, 'YYYY-MM-DD') AS started_on
         FROM affiliate_work_history WHERE identity_number = $1 ORDER BY started_on, employer_ruc`,
      [identityNumber],
    );
    return rows.map((h) => ({ employerRuc: h.employer_ruc, employerName: h.employer_name, startedOn: h.started_on }));
  }

  /** Up to `limit` names of employers the affiliate never worked for, alphabetically (decoys for the questions). */
  async otherEmployerNames(identityNumber: string, limit: number): Promise<string[]> {
    const rows = await this.query<{ employer_name: string }>(
      `SELECT DISTINCT employer_name FROM affiliate_work_history WHERE identity_number <> $1 ORDER BY employer_name LIMIT ${Math.trunc(limit)}`,
      [identityNumber],
    );
    return rows.map((o) => o.employer_name);
  }

  async employer(employerId: string): Promise<EmployerRow | undefined> {
    const [e] = await this.query<{
      name: string;
      id_type: EmployerRow['idType'];
      province: string;
      email: string;
      legal_rep_identity: string;
      legal_rep_name: string;
      is_artisan: boolean;
      artisan_qualification: string | null;
      key_request_number: string | null;
      office: string | null;
    }>(
      `SELECT e.name, e.id_type, e.province, e.email, e.legal_rep_identity, e.legal_rep_name, e.is_artisan,
              e.artisan_qualification, e.key_request_number,
              (SELECT a.id FROM agencies a WHERE a.province = e.province AND a.active ORDER BY a.id LIMIT 1) AS office
         FROM employers e WHERE e.id = $1`,
      [employerId],
    );
    return (
      e && {
        name: e.name,
        idType: e.id_type,
        province: e.province,
        email: e.email,
        legalRepIdentity: e.legal_rep_identity,
        legalRepName: e.legal_rep_name,
        isArtisan: e.is_artisan,
        artisanQualification: e.artisan_qualification,
        keyRequestNumber: e.key_request_number,
        officeAgencyId: e.office,
      }
    );
  }
}
