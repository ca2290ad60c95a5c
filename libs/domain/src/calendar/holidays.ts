import { DomainError } from '../shared/domain-error';
import { isLocalDate } from './guayaquil-time';
import type { LocalDate } from './guayaquil-time';

export interface Holiday {
  readonly date: LocalDate;
  readonly name: string;
  /** Projected from the holiday law, not yet confirmed by an official calendar. */
  readonly provisional?: boolean;
}

/**
 * National rest days of Ecuador on which IESS service centres close: the
 * observed day (after the legal moves to Monday/Friday) plus days added by
 * executive decree. Local (cantonal/provincial) holidays are not included;
 * an administrator adds them per agency with `HolidayCalendar.with`.
 * 2025 and 2026 follow the official calendars; 2027 is projected with the
 * moving rules of the holiday law and flagged `provisional`.
 */
export const ECUADOR_NATIONAL_HOLIDAYS: readonly Holiday[] = [
  // 2025
  { date: '2025-01-01', name: 'Año Nuevo' },
  { date: '2025-01-02', name: 'Descanso obligatorio por Año Nuevo (decreto ejecutivo)' },
  { date: '2025-01-03', name: 'Descanso obligatorio por Año Nuevo (decreto ejecutivo)' },
  { date: '2025-03-03', name: 'Carnaval' },
  { date: '2025-03-04', name: 'Carnaval' },
  { date: '2025-04-18', name: 'Viernes Santo' },
  { date: '2025-05-02', name: 'Día del Trabajo (trasladado del jueves 1 de mayo)' },
  { date: '2025-05-23', name: 'Batalla de Pichincha (trasladado del sábado 24 de mayo)' },
  { date: '2025-08-11', name: 'Primer Grito de Independencia (trasladado del domingo 10 de agosto)' },
  { date: '2025-10-09', name: 'Independencia de Guayaquil (jornada suspendida por decreto ejecutivo 172)' },
  { date: '2025-10-10', name: 'Independencia de Guayaquil (trasladado del jueves 9 de octubre)' },
  { date: '2025-11-03', name: 'Independencia de Cuenca' },
  { date: '2025-11-04', name: 'Día de los Difuntos (trasladado del domingo 2 de noviembre)' },
  { date: '2025-12-25', name: 'Navidad' },
  // 2026
  { date: '2026-01-01', name: 'Año Nuevo' },
  { date: '2026-01-02', name: 'Descanso obligatorio por Año Nuevo (decreto ejecutivo 249)' },
  { date: '2026-02-16', name: 'Carnaval' },
  { date: '2026-02-17', name: 'Carnaval' },
  { date: '2026-04-03', name: 'Viernes Santo' },
  { date: '2026-05-01', name: 'Día del Trabajo' },
  { date: '2026-05-25', name: 'Batalla de Pichincha (trasladado del domingo 24 de mayo)' },
  { date: '2026-08-10', name: 'Primer Grito de Independencia' },
  { date: '2026-10-09', name: 'Independencia de Guayaquil' },
  { date: '2026-11-02', name: 'Día de los Difuntos' },
  { date: '2026-11-03', name: 'Independencia de Cuenca' },
  { date: '2026-12-25', name: 'Navidad' },
  // 2027 (projection)
  { date: '2027-01-01', name: 'Año Nuevo', provisional: true },
  { date: '2027-02-08', name: 'Carnaval', provisional: true },
  { date: '2027-02-09', name: 'Carnaval', provisional: true },
  { date: '2027-03-26', name: 'Viernes Santo', provisional: true },
  { date: '2027-04-30', name: 'Día del Trabajo (trasladado del sábado 1 de mayo)', provisional: true },
  { date: '2027-05-24', name: 'Batalla de Pichincha', provisional: true },
  { date: '2027-08-09', name: 'Primer Grito de Independencia (trasladado del martes 10 de agosto)', provisional: true },
  { date: '2027-10-08', name: 'Independencia de Guayaquil (trasladado del sábado 9 de octubre)', provisional: true },
  { date: '2027-11-01', name: 'Día de los Difuntos (trasladado del martes 2 de noviembre)', provisional: true },
  { date: '2027-11-05', name: 'Independencia de Cuenca (trasladado del miércoles 3 de noviembre)', provisional: true },
  { date: '2027-12-24', name: 'Navidad (trasladado del sábado 25 de diciembre)', provisional: true },
];

export type HolidayInput = LocalDate | Holiday;

function toHoliday(entry: HolidayInput): Holiday {
  const holiday: Holiday = typeof entry === 'string' ? { date: entry, name: 'Feriado' } : entry;
  if (!isLocalDate(holiday.date)) {
    throw new DomainError('CALENDAR.INVALID_DATE', `holiday date must be YYYY-MM-DD: ${String(holiday.date)}`, {
      entry,
    });
  }
  return holiday;
}

/**
 * An immutable set of non-working dates. Built from ISO dates (optionally
 * named); an administrator extends or corrects it with `with` / `without`,
 * which return new calendars. A later entry for the same date replaces the
 * earlier one.
 */
export class HolidayCalendar {
  private readonly byDate: ReadonlyMap<LocalDate, Holiday>;

  private constructor(byDate: ReadonlyMap<LocalDate, Holiday>) {
    this.byDate = byDate;
  }

  static of(entries: readonly HolidayInput[]): HolidayCalendar {
    const map = new Map<LocalDate, Holiday>();
    for (const entry of entries) {
      const holiday = toHoliday(entry);
      map.set(holiday.date, holiday);
    }
    return new HolidayCalendar(map);
  }

  static empty(): HolidayCalendar {
    return new HolidayCalendar(new Map());
  }

  with(entries: readonly HolidayInput[]): HolidayCalendar {
    return HolidayCalendar.of([...this.byDate.values(), ...entries]);
  }

  without(dates: readonly LocalDate[]): HolidayCalendar {
    const removed = new Set(dates);
    return HolidayCalendar.of([...this.byDate.values()].filter((h) => !removed.has(h.date)));
  }

  isHoliday(date: LocalDate): boolean {
    return this.byDate.has(date);
  }

  nameOf(date: LocalDate): string | undefined {
    return this.byDate.get(date)?.name;
  }

  /** All holidays sorted by date, optionally of one year. */
  list(year?: number): readonly Holiday[] {
    const all = [...this.byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return year === undefined ? all : all.filter((h) => h.date.startsWith(`${String(year).padStart(4, '0')}-`));
  }

  get size(): number {
    return this.byDate.size;
  }
}

export const DEFAULT_HOLIDAY_CALENDAR: HolidayCalendar = HolidayCalendar.of(ECUADOR_NATIONAL_HOLIDAYS);
