import { Injectable } from '@nestjs/common';
import { isBusinessDay, toLocalDate, type LocalDate } from '@tramites/domain';
import { AgendaRepository, ServiceTimesRepository, type DurationFigures, type MonthlyTimes } from '@tramites/persistence';
import { ApiError } from '../errors/api-error';
import { TRANSPARENCY_TIME_ZONE } from './attended-cases';
import { daysBefore, enough, MIN_CASES, RECENT_CASES, RECENT_DAYS, STAGE_EVENTS } from './service-times';

/** How many days ahead the next free day is looked for (the booking's own horizon is longer). */
const FREE_DAY_SEARCH_DAYS = 30;
/** How many months the agency's chart shows, the current one included. */
const CHART_MONTHS = 6;

/** A duration figure as published: the median and the 80th percentile, or null with the count when the cases are too few. */
export interface PublicFigure {
  cases: number;
  p50Seconds: number | null;
  p80Seconds: number | null;
}

export interface AgencyFigures {
  agencyId: string;
  name: string;
  province: string;
  address: string;
  opensAt: string;
  closesAt: string;
  /** The first day with a free seat (local date) and its free seats; null: none in the next 30 days. */
  nextFreeDay: { day: string; seats: number } | null;
  waiting: PublicFigure;
  answer: PublicFigure;
}

/** One month of the agency's chart (its medians null under MIN_CASES cases). */
export type AgencyMonth = MonthlyTimes;

export interface AgencyReport extends AgencyFigures {
  months: AgencyMonth[];
}

const addDays = (day: LocalDate, days: number): LocalDate =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) as LocalDate;

const published = (f: DurationFigures | undefined): PublicFigure => {
  const ok = enough(f);
  return { cases: f?.cases ?? 0, p50Seconds: ok ? ok.p50Seconds : null, p80Seconds: ok ? ok.p80Seconds : null };
};

/**
 * The public page of each agency: the next free day (from the agenda), the recent wait from
 * arrival to call and the recent time to answer (service-times.ts), and six months of medians.
 * Aggregates only; a figure of fewer than MIN_CASES cases is not published.
 */
@Injectable()
export class AgencyFiguresService {
  constructor(
    private readonly agenda: AgendaRepository,
    private readonly times: ServiceTimesRepository,
  ) {}

  async all(now = Date.now()): Promise<AgencyFigures[]> {
    const since = daysBefore(now, RECENT_DAYS);
    const [agencies, answers, waits] = await Promise.all([
      this.agenda.agencies(),
      this.times.answerTimes({ events: STAGE_EVENTS, since, limit: RECENT_CASES }),
      this.times.waitingTimes({ since, limit: RECENT_CASES }),
    ]);
    const out: AgencyFigures[] = [];
    for (const a of agencies) {
      out.push({
        agencyId: a.id,
        name: a.name,
        province: a.province,
        address: a.address,
        opensAt: a.opensAt,
        closesAt: a.closesAt,
        nextFreeDay: await this.nextFreeDay(a.id, now),
        waiting: published(waits.find((w) => w.scope === a.id)),
        answer: published(answers.find((w) => w.scope === a.id)),
      });
    }
    return out;
  }

  async one(agencyId: string, now = Date.now()): Promise<AgencyReport> {
    const agency = /^[A-Z0-9-]{2,40}$/.test(agencyId) ? await this.agenda.agency(agencyId) : undefined;
    if (!agency) throw new ApiError('AGENCY.NOT_FOUND');
    const since = daysBefore(now, RECENT_DAYS);
    const today = toLocalDate(now);
    const firstMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - CHART_MONTHS, 1, 5)).toISOString();
    const [answers, waits, months] = await Promise.all([
      this.times.answerTimes({ events: STAGE_EVENTS, since, limit: RECENT_CASES, agencyId }),
      this.times.waitingTimes({ since, limit: RECENT_CASES, agencyId }),
      this.times.monthlyTimes({ events: STAGE_EVENTS, agencyId, since: firstMonth, timeZone: TRANSPARENCY_TIME_ZONE }),
    ]);
    return {
      agencyId: agency.id,
      name: agency.name,
      province: agency.province,
      address: agency.address,
      opensAt: agency.opensAt,
      closesAt: agency.closesAt,
      nextFreeDay: await this.nextFreeDay(agency.id, now),
      waiting: published(waits[0]),
      answer: published(answers[0]),
      months: this.chartMonths(today, months),
    };
  }

  /** The last CHART_MONTHS months, oldest first, each with its medians when it has MIN_CASES cases or more. */
  private chartMonths(today: LocalDate, rows: AgencyMonth[]): AgencyMonth[] {
    const out: AgencyMonth[] = [];
    for (let i = CHART_MONTHS - 1; i >= 0; i -= 1) {
      const d = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - i, 1));
      const year = d.getUTCFullYear();
      const month = d.getUTCMonth() + 1;
      const row = rows.find((r) => r.year === year && r.month === month);
      out.push({
        year,
        month,
        waitCases: row?.waitCases ?? 0,
        waitP50Seconds: row && row.waitCases >= MIN_CASES ? row.waitP50Seconds : null,
        answerCases: row?.answerCases ?? 0,
        answerP50Seconds: row && row.answerCases >= MIN_CASES ? row.answerP50Seconds : null,
      });
    }
    return out;
  }

  /** The first business day from today with a free seat, as the booking pages offer it (the agenda opens the day's slots). */
  private async nextFreeDay(agencyId: string, now: number): Promise<{ day: string; seats: number } | null> {
    const today = toLocalDate(now);
    for (let i = 0; i <= FREE_DAY_SEARCH_DAYS; i += 1) {
      const day = addDays(today, i);
      if (!isBusinessDay(day)) continue;
      const seats = (await this.agenda.availability(agencyId, day, new Date(now))).reduce((sum, s) => sum + Math.max(0, s.available), 0);
      if (seats > 0) return { day, seats };
    }
    return null;
  }
}
