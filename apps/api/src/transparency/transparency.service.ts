import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PROCEDURES, PROCEDURE_TYPES, formatGuayaquil, startOfLocalDay, toGuayaquilWallClock, type ProcedureType } from '@tramites/domain';
import { TransparencyRepository, type MonthlyCount } from '@tramites/persistence';
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

@Injectable()
export class TransparencyService {
  constructor(
    private readonly figures: TransparencyRepository,
    private readonly access: CaseAccessService,
  ) {}

  async fileComplaint(principal: Principal, caseId: string, description: string): Promise<FiledComplaint> {
    // Scope: applicants on their own cases, case managers on their agency's.
    await this.access.authorize(principal, caseId, 'file_complaint');
    const id = randomUUID();
    const row = await this.figures.fileComplaint({ id, caseId, filedBy: principal.sub, role: principal.role, description });
    if (!row) throw new ApiError('CASE.NOT_FOUND');
    return { id, caseId, procedureType: row.procedureType, filedAt: new Date(row.filedAt).toISOString() };
  }

  async report(year: number): Promise<TransparencyReport> {
    const from = yearStart(year);
    const to = yearStart(year + 1);
    const attended = await this.figures.closedByMonth({
      closingTypes: CLOSING_EVENT_TYPES,
      statuses: ATTENDED_STATUSES,
      from,
      to,
      timeZone: TRANSPARENCY_TIME_ZONE,
    });
    const complaints = await this.figures.complaintsByMonth({ from, to, timeZone: TRANSPARENCY_TIME_ZONE });
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
