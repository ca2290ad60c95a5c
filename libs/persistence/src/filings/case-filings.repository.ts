import { SqlRepository } from '../sql/sql-repository';

/** The poder an attorney showed when filing (001), as typed. */
export interface FilingPoder {
  employerId: string;
  attorneyName: string;
  deedNumber: string;
  notary: string;
  validUntil?: string;
}

/** Who files a case, as the API recorded it when opening the case (table case_filings). */
export interface CaseFiling {
  caseId: string;
  filerRole: string;
  filerIdentityNumber: string;
  /** cedula, passport, foreigner_code, visa, home_country_id; null when the filer did not say (online booking). */
  filerIdentityType: string | null;
  filerName: string | null;
  employerId: string | null;
  /** The employer's registered name, when the employers' registry knows the RUC. */
  employerName: string | null;
  email: string;
  mobile: string;
  vulnerableGroup: 'elderly' | 'disabled' | 'pregnant' | null;
  poder: FilingPoder | null;
  /** A turno booked at the desk on the applicant's behalf (ADR 0030): the officer's id and agency; null otherwise. */
  bookedAtDesk?: { by: string; agencyId: string } | null;
  /** 004 at the window: the reference of the «Confirmación del Turno en Línea» presented; null otherwise. */
  appointmentReference?: string | null;
}

interface FilingRow {
  case_id: string;
  filer_role: string;
  filer_identity_number: string;
  filer_identity_type: string | null;
  filer_name: string | null;
  employer_id: string | null;
  employer_name: string | null;
  email: string;
  mobile: string;
  vulnerable_group: CaseFiling['vulnerableGroup'];
  poder: FilingPoder | null;
  booked_at_desk_by: string | null;
  booked_at_desk_agency: string | null;
  appointment_reference: string | null;
}

/** Who files each in-person case (migration 1700000002100): written once by the API, read by the desk. */
export class CaseFilingsRepository extends SqlRepository {
  /** Records the filing once; a retried opening of the same case keeps the first. */
  async record(f: Omit<CaseFiling, 'employerName'>): Promise<void> {
    await this.db.query(
      `INSERT INTO case_filings (case_id, filer_role, filer_identity_number, filer_identity_type, filer_name, employer_id, email, mobile,
                                 vulnerable_group, poder, booked_at_desk_by, booked_at_desk_agency, appointment_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (case_id) DO NOTHING`,
      [
        f.caseId,
        f.filerRole,
        f.filerIdentityNumber,
        f.filerIdentityType,
        f.filerName,
        f.employerId,
        f.email,
        f.mobile,
        f.vulnerableGroup,
        f.poder ? JSON.stringify(f.poder) : null,
        f.bookedAtDesk?.by ?? null,
        f.bookedAtDesk?.agencyId ?? null,
        f.appointmentReference ?? null,
      ],
    );
  }

  async one(caseId: string): Promise<CaseFiling | undefined> {
    const [row] = (await this.db.query(
      `SELECT f.case_id, f.filer_role, f.filer_identity_number, f.filer_identity_type, f.filer_name, f.employer_id, e.name AS employer_name,
              f.email, f.mobile, f.vulnerable_group, f.poder, f.booked_at_desk_by, f.booked_at_desk_agency,
              f.appointment_reference
         FROM case_filings f LEFT JOIN employers e ON e.id = f.employer_id
        WHERE f.case_id = $1`,
      [caseId],
    )) as FilingRow[];
    if (!row) return undefined;
    return {
      caseId: row.case_id,
      filerRole: row.filer_role,
      filerIdentityNumber: row.filer_identity_number,
      filerIdentityType: row.filer_identity_type,
      filerName: row.filer_name,
      employerId: row.employer_id,
      employerName: row.employer_name,
      email: row.email,
      mobile: row.mobile,
      vulnerableGroup: row.vulnerable_group,
      poder: row.poder,
      bookedAtDesk: row.booked_at_desk_by ? { by: row.booked_at_desk_by, agencyId: row.booked_at_desk_agency ?? '' } : null,
      appointmentReference: row.appointment_reference,
    };
  }

  /** The vulnerable groups of the given cases (the queues' priority mark). */
  async vulnerableGroups(caseIds: string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = (await this.db.query(`SELECT case_id, vulnerable_group FROM case_filings WHERE case_id = ANY($1::uuid[]) AND vulnerable_group IS NOT NULL`, [
      caseIds,
    ])) as Array<{ case_id: string; vulnerable_group: string }>;
    return new Map(rows.map((r) => [r.case_id, r.vulnerable_group]));
  }
}
