import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PROCEDURES, PROCEDURE_TYPES, formatGuayaquil, startOfLocalDay, toGuayaquilWallClock, type ProcedureType } from '@tramites/domain';
import { DataSource } from 'typeorm';
import { CaseAccessService } from '../access/case-access.service';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { ATTENDED_STATUSES, CLOSING_EVENT_TYPES, SPANISH_MONTHS, TRANSPARENCY_TIME_ZONE } from './attended-cases';

/** One row of a sheet's "Transparencia" table: Año, Mes, Volumen de Quejas, Volumen de Atenciones. */
export interface TransparencyRow {
  year: number;
  /** 1..12 */
  month: number;
  monthName: string;
  complaints: number;
  attended: number;
}

export interface ProcedureTransparency {
  procedure: ProcedureType;
  /** Sheet number (000..004). */
  sheet: string;
  name: string;
  rows: TransparencyRow[];
  totals: { complaints: number; attended: number };
}

export interface TransparencyReport {
  year: number;
  timeZone: string;
  /** The sheets' column headers, in their order. */
  columns: string[];
  /** How the figures are counted (Spanish). */
  note: string;
  procedures: ProcedureTransparency[];
}

export interface FiledComplaint {
  id: string;
  caseId: string;
  procedureType: string;
  filedAt: string;
}

export const TRANSPARENCY_COLUMNS = ['Año', 'Mes', 'Volumen de Quejas', 'Volumen de Atenciones'];

const NOTE =
  'Atenciones: trámites cerrados como emitidos, rechazados o abandonados tras la revisión en ventanilla, contados en el mes (hora de Ecuador) de su cierre. Quejas: contadas en el mes en que se presentaron.';

/** Start of a Guayaquil year as an instant (the offset is libs/domain's). */
const yearStart = (year: number): string => formatGuayaquil(startOfLocalDay(`${String(year).padStart(4, '0')}-01-01`));

export const currentGuayaquilYear = (): number => Number(toGuayaquilWallClock(Date.now()).date.slice(0, 4));

type MonthlyCount = { procedure: string; month: number; n: number };

@Injectable()
export class TransparencyService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CaseAccessService,
  ) {}

  async fileComplaint(principal: Principal, caseId: string, description: string): Promise<FiledComplaint> {
    // Scope: applicants on their own cases, case managers on their agency's.
    await this.access.authorize(principal, caseId, 'file_complaint');
    const id = randomUUID();
    const rows: Array<{ procedure_type: string; filed_at: Date }> = await this.db.query(
      `INSERT INTO complaints (id, case_id, procedure_type, filed_by, role, description)
       SELECT $1, c.id, c.procedure_type, $3, $4, $5 FROM cases c WHERE c.id = $2
       RETURNING procedure_type, filed_at`,
      [id, caseId, principal.sub, principal.role, description],
    );
    const row = rows[0];
    if (!row) throw new ApiError('CASE.NOT_FOUND');
    return { id, caseId, procedureType: row.procedure_type, filedAt: new Date(row.filed_at).toISOString() };
  }

  async report(year: number): Promise<TransparencyReport> {
    const from = yearStart(year);
    const to = yearStart(year + 1);
    const attended: MonthlyCount[] = await this.db.query(
      `WITH closing AS (
         SELECT DISTINCT ON (e.case_id) e.case_id, e.occurred_at
           FROM case_events e
          WHERE e.type = ANY($1::text[])
            AND e.data->>'status' = ANY($2::text[])
            AND e.occurred_at >= $3::timestamptz AND e.occurred_at < $4::timestamptz
          ORDER BY e.case_id, e.seq
       )
       SELECT c.procedure_type AS procedure,
              EXTRACT(MONTH FROM closing.occurred_at AT TIME ZONE '${TRANSPARENCY_TIME_ZONE}')::int AS month,
              count(*)::int AS n
         FROM closing JOIN cases c ON c.id = closing.case_id
        GROUP BY 1, 2`,
      [CLOSING_EVENT_TYPES, ATTENDED_STATUSES, from, to],
    );
    const complaints: MonthlyCount[] = await this.db.query(
      `SELECT procedure_type AS procedure,
              EXTRACT(MONTH FROM filed_at AT TIME ZONE '${TRANSPARENCY_TIME_ZONE}')::int AS month,
              count(*)::int AS n
         FROM complaints
        WHERE filed_at >= $1::timestamptz AND filed_at < $2::timestamptz
        GROUP BY 1, 2`,
      [from, to],
    );
    const lookup = (counts: MonthlyCount[]) => {
      const byKey = new Map(counts.map((c) => [`${c.procedure}:${c.month}`, Number(c.n)]));
      return (procedure: string, month: number): number => byKey.get(`${procedure}:${month}`) ?? 0;
    };
    const attendedIn = lookup(attended);
    const complaintsIn = lookup(complaints);
    return {
      year,
      timeZone: TRANSPARENCY_TIME_ZONE,
      columns: TRANSPARENCY_COLUMNS,
      note: NOTE,
      procedures: PROCEDURE_TYPES.map((procedure) => {
        const rows = SPANISH_MONTHS.map((monthName, index) => ({
          year,
          month: index + 1,
          monthName,
          complaints: complaintsIn(procedure, index + 1),
          attended: attendedIn(procedure, index + 1),
        }));
        return {
          procedure,
          sheet: PROCEDURES[procedure].sheet,
          name: PROCEDURES[procedure].name,
          rows,
          totals: {
            complaints: rows.reduce((sum, r) => sum + r.complaints, 0),
            attended: rows.reduce((sum, r) => sum + r.attended, 0),
          },
        };
      }),
    };
  }
}

const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const CSV_HEADER = ['Trámite', 'Ficha', 'Nombre del trámite', 'Año', 'Mes', 'Nombre del mes', 'Volumen de Quejas', 'Volumen de Atenciones'];

/**
 * The report as CSV (RFC 4180: comma, CRLF, quoted when needed), one line per
 * procedure and month. "Mes" is two digits, as the sheets print it. A UTF-8
 * byte order mark goes first so that spreadsheet programs show the accents.
 */
export function transparencyCsv(report: TransparencyReport): string {
  const lines = [CSV_HEADER];
  for (const p of report.procedures) {
    for (const r of p.rows) {
      lines.push([p.procedure, p.sheet, p.name, String(r.year), String(r.month).padStart(2, '0'), r.monthName, String(r.complaints), String(r.attended)]);
    }
  }
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
