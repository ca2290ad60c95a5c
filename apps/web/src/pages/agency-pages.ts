import type { TFunction } from 'i18next';
import type { components } from '../api/api-types';
import type { Locale } from '../i18n';
import { calendarDayIn, monthIn } from './local-time';
import { provinceName } from './case-progress';

/** A published duration: the median and the 80th percentile in seconds, null when the cases are too few (the API's rule). */
export type Figure = components['schemas']['PublicFigureDto'];
/** An agency as GET /public/agencies lists it; with its months as GET /public/agencies/:id answers it. */
export type AgencyFiguresAnswer = components['schemas']['AgencyFiguresDto'] & Partial<Pick<components['schemas']['AgencyReportDto'], 'months'>>;

/** The widest bar of the agency's chart, in px (classes app-w-0..200 of app.css; 120 leaves room for its number at 320 px). */
const BAR_MAX_PX = 120;

/** "35 minutos", "5 horas", "3 días" / "35 minutes"...: the unit a reader expects for that length. */
export function durationIn(t: TFunction, seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 120) return t('transparency:duration.minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('transparency:duration.hours', { count: hours });
  return t('transparency:duration.days', { count: Math.round(hours / 24) });
}

/** A figure in words: "30 minutos (8 de cada 10, en menos de 42 minutos)", or "Pocos trámites (2)". */
export function figureText(t: TFunction, f: Figure): string {
  if (f.cases === 0) return t('transparency:agency.noData');
  if (f.p50Seconds === null || f.p80Seconds === null) return t('transparency:agencies.tooFew', { count: f.cases });
  return t('transparency:agency.median', { value: durationIn(t, f.p50Seconds), p80: durationIn(t, f.p80Seconds) });
}

export function freeDayText(t: TFunction, locale: Locale, a: AgencyFiguresAnswer): string {
  return a.nextFreeDay
    ? t('transparency:agencies.seats', { day: calendarDayIn(locale, a.nextFreeDay.day), count: a.nextFreeDay.seats })
    : t('transparency:agencies.noFreeDay');
}

/** The list of agencies as the table of /agencias shows it. */
export function agencyRows(t: TFunction, locale: Locale, items: AgencyFiguresAnswer[]) {
  return items.map((a) => ({
    agencyId: a.agencyId,
    name: a.name,
    province: provinceName(a.province),
    nextFreeDay: freeDayText(t, locale, a),
    waiting: figureText(t, a.waiting),
    answer: figureText(t, a.answer),
  }));
}

/** One agency's page: its figures, and its months as two bar charts (CSS classes, no inline style) and one table. */
export function agencyPage(t: TFunction, locale: Locale, a: AgencyFiguresAnswer) {
  const months = a.months ?? [];
  const bars = (pick: (m: (typeof months)[number]) => number | null) => {
    const max = Math.max(1, ...months.map((m) => pick(m) ?? 0));
    return months.map((m) => {
      const v = pick(m);
      return {
        label: monthIn(locale, m.year, m.month),
        px: v === null ? 0 : Math.round((v / max) * BAR_MAX_PX),
        text: v === null ? t('transparency:agency.noData') : durationIn(t, v),
      };
    });
  };
  return {
    rows: [
      { key: { text: t('transparency:agency.province') }, value: { text: provinceName(a.province) } },
      { key: { text: t('transparency:agency.address') }, value: { text: a.address } },
      { key: { text: t('transparency:agency.hours') }, value: { text: t('transparency:agency.hoursValue', { opens: a.opensAt, closes: a.closesAt }) } },
      { key: { text: t('transparency:agencies.nextFreeDay') }, value: { text: freeDayText(t, locale, a) } },
      {
        key: { text: t('transparency:agencies.waiting') },
        value: { text: `${figureText(t, a.waiting)}. ${t('transparency:agency.cases', { count: a.waiting.cases })}.` },
      },
      {
        key: { text: t('transparency:agencies.answer') },
        value: { text: `${figureText(t, a.answer)}. ${t('transparency:agency.cases', { count: a.answer.cases })}.` },
      },
    ],
    waitBars: bars((m) => m.waitP50Seconds),
    answerBars: bars((m) => m.answerP50Seconds),
    table: months.map((m) => ({
      label: monthIn(locale, m.year, m.month),
      wait: m.waitP50Seconds === null ? figureText(t, { cases: m.waitCases, p50Seconds: null, p80Seconds: null }) : durationIn(t, m.waitP50Seconds),
      answer: m.answerP50Seconds === null ? figureText(t, { cases: m.answerCases, p50Seconds: null, p80Seconds: null }) : durationIn(t, m.answerP50Seconds),
    })),
  };
}
