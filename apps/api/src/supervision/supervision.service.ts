import { Injectable } from '@nestjs/common';
import { addBusinessMillis, addDays, businessDayLengthMs, startOfLocalDay, toLocalDate } from '@tramites/domain';
import { AgencyDayReportRepository, DEADLINE_ROWS_CAP, OfficerDirectoryRepository, type AgencyDayCase } from '@tramites/persistence';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { AgencyDayDto, HourRowDto, WaitStatsDto } from './supervision.dto';

const hourFmt = new Intl.DateTimeFormat('es-EC', { timeZone: 'America/Guayaquil', hour: '2-digit', hourCycle: 'h23' });

/** Minutes with one decimal. */
const minutes = (seconds: number): number => Math.round((seconds / 60) * 10) / 10;

/** Count, average, median and maximum of the recorded waits (only the non-negative ones); nulls without data. */
export function waitStats(seconds: ReadonlyArray<number | null>): WaitStatsDto {
  const known = seconds.filter((s): s is number => typeof s === 'number' && s >= 0).sort((a, b) => a - b);
  if (known.length === 0) return { count: 0, averageMinutes: null, medianMinutes: null, maxMinutes: null };
  const mid = Math.floor(known.length / 2);
  const median = known.length % 2 ? (known[mid] as number) : ((known[mid - 1] as number) + (known[mid] as number)) / 2;
  return {
    count: known.length,
    averageMinutes: minutes(known.reduce((a, b) => a + b, 0) / known.length),
    medianMinutes: minutes(median),
    maxMinutes: minutes(known[known.length - 1] as number),
  };
}

/** The day's numbers from its cases (pure: the supervisor's charts, table and CSV read the same). */
export function dayNumbers(cases: readonly AgencyDayCase[], now: number): Pick<AgencyDayDto, 'turnos' | 'arrivalToCall' | 'callToDone' | 'byHour'> {
  const booked = cases.filter((c) => c.appointmentAt && c.status !== 'cancelled');
  const hours = new Map<string, HourRowDto>();
  const row = (at: Date): HourRowDto => {
    const hour = `${hourFmt.format(at).padStart(2, '0')}:00`;
    const r = hours.get(hour) ?? { hour, booked: 0, arrived: 0, attended: 0 };
    hours.set(hour, r);
    return r;
  };
  for (const c of cases) {
    const at = c.appointmentAt ?? c.arrivedAt;
    if (!at) continue;
    const r = row(at);
    if (c.appointmentAt && c.status !== 'cancelled') r.booked += 1;
    if (c.arrivedAt) r.arrived += 1;
    if (c.attendedAt) r.attended += 1;
  }
  // Not arrived: marked absent at the call, or a turno that lapsed (or whose hour passed) without arrival.
  const noShow = (c: AgencyDayCase): boolean =>
    !!c.noShowAt || (!c.arrivedAt && !!c.appointmentAt && c.status !== 'cancelled' && (c.status === 'lapsed' || c.appointmentAt.getTime() < now - 60 * 60_000));
  return {
    turnos: {
      booked: booked.length,
      arrived: cases.filter((c) => c.arrivedAt).length,
      attended: cases.filter((c) => c.attendedAt).length,
      noShows: cases.filter(noShow).length,
      walkIns: cases.filter((c) => !c.appointmentAt && c.arrivedAt).length,
    },
    arrivalToCall: waitStats(cases.map((c) => c.waitSeconds)),
    callToDone: waitStats(cases.map((c) => c.serviceSeconds)),
    byHour: [...hours.values()].sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}

/** The supervisor's view of the agency's day (ADR 0022, amended): numbers per day, charts and CSV in the pages. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly report: AgencyDayReportRepository,
    private readonly directory: OfficerDirectoryRepository,
  ) {}

  async day(principal: Principal, date: string | undefined, now = Date.now()): Promise<AgencyDayDto> {
    const agencyId = principal.agencyId;
    if (!agencyId) throw new ApiError('AUTH.OUT_OF_SCOPE', 'Su usuario no tiene una agencia asignada.');
    const day = date ?? toLocalDate(now);
    const from = new Date(startOfLocalDay(day));
    const to = new Date(startOfLocalDay(addDays(day, 1)));
    const soon = new Date(addBusinessMillis(now, 2 * businessDayLengthMs()));
    const [cases, deadlines, loads] = await Promise.all([
      this.report.dayCases(agencyId, from, to),
      this.report.deadlinesBefore(agencyId, soon),
      this.report.holderLoads(agencyId),
    ]);
    const attendedBy = new Map<string, number>();
    for (const c of cases) if (c.attendedAt && c.attendedBy) attendedBy.set(c.attendedBy, (attendedBy.get(c.attendedBy) ?? 0) + 1);
    const officerIds = [...new Set([...loads.map((l) => l.officerId), ...attendedBy.keys()])];
    const names = await this.directory.namesOf(officerIds);
    const counted = deadlines.slice(0, DEADLINE_ROWS_CAP);
    const overdue = counted.filter((d) => d.deadlineAt.getTime() < now).length;
    return {
      date: day,
      agencyId,
      ...dayNumbers(cases, now),
      deadlines: { overdue, dueSoon: counted.length - overdue, more: deadlines.length > DEADLINE_ROWS_CAP },
      officers: officerIds
        .map((id) => ({
          officerId: id,
          name: names.get(id) ?? id,
          open: loads.find((l) => l.officerId === id)?.open ?? 0,
          attended: attendedBy.get(id) ?? 0,
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'es')),
    };
  }
}
