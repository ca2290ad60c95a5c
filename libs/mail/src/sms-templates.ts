import { CASE_EMAIL_LIST_SEPARATOR, type CaseSmsTemplate } from '@tramites/contracts';
import { formatGuayaquilDateTime, type MailLocale } from './local-dates';

/** A param that is missing or malformed: a bug in the caller, never fixed by a retry. */
export class CaseSmsParamsError extends Error {
  constructor(template: string, param: string, problem: string) {
    super(`sms template ${template}: param "${param}" ${problem}`);
    this.name = 'CaseSmsParamsError';
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const pad2 = (n: number): string => String(n).padStart(2, '0');

function reader(template: string, params: Readonly<Record<string, unknown>>) {
  const fail = (param: string, problem: string): never => {
    throw new CaseSmsParamsError(template, param, problem);
  };
  const text = (param: string): string => {
    const v = params[param];
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string' || v.trim() === '') return fail(param, 'must be a non-empty string');
    return v.trim();
  };
  const instant = (param: string): Date => {
    const v = text(param);
    const t = INSTANT.test(v) ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? fail(param, 'must be an ISO-8601 instant with zone') : new Date(t);
  };
  return {
    text,
    /** «lunes 7 de diciembre de 2026, 09:30» (Guayaquil). */
    when: (param: string): string => formatGuayaquilDateTime(instant(param)),
    /** «Monday 7 December 2026, 9:30 am» (Guayaquil). */
    whenEnglish: (param: string): string => formatGuayaquilDateTime(instant(param), 'en'),
    /** `2026-12-07 09:30` (Guayaquil), for the English line. */
    whenIso: (param: string): string => {
      const local = new Date(instant(param).getTime() - 5 * 3_600_000);
      return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
    },
    list: (param: string): string[] => {
      const v = params[param];
      if (v === undefined || v === '') return [];
      if (typeof v !== 'string') return fail(param, 'must be a string');
      return v
        .split(CASE_EMAIL_LIST_SEPARATOR)
        .map((s) => s.trim())
        .filter(Boolean);
    },
    optional: (param: string): string | undefined =>
      typeof params[param] === 'string' && (params[param] as string).trim() ? (params[param] as string).trim() : undefined,
  };
}

type Reader = ReturnType<typeof reader>;

/**
 * The applicant's text messages, Spanish first and a short English line after (the applicant pages
 * speak both); plain text, no code or secret but an offer's own link.
 */
const BUILDERS: { [K in CaseSmsTemplate]: (p: Reader) => string } = {
  APPOINTMENT_REMINDER: (p) => {
    const bring = p.list('bring');
    const manage = p.optional('manageUrl');
    return [
      `IESS: recuerde su turno mañana ${p.when('startsAt')} en ${p.text('agencyName')} (trámite ${p.text('reference')}).`,
      ...(bring.length ? [`Lleve: ${bring.join('; ')}.`] : []),
      `Lleve la Confirmación del Turno en Línea.${manage ? ` Reagendar o cancelar: ${manage}` : ''}`,
      `EN: Reminder: your IESS appointment is ${p.whenIso('startsAt')} at ${p.text('agencyName')} (case ${p.text('reference')}).${manage ? ` Reschedule or cancel: ${manage}` : ''}`,
    ].join('\n');
  },
  CASE_LAPSED: (p) =>
    [
      `IESS: no registramos su asistencia al turno del ${p.when('startsAt')} en ${p.text('agencyName')}; el trámite ${p.text('reference')} se cerró.`,
      'Si aún lo necesita, agende un nuevo turno en www.iess.gob.ec, «Turnos para atención ciudadana».',
      `EN: You did not attend your appointment of ${p.whenIso('startsAt')}; case ${p.text('reference')} is closed. Book a new appointment at www.iess.gob.ec.`,
    ].join('\n'),
  WAITING_LIST_OFFER: (p) =>
    [
      `IESS: se liberó un turno el ${p.when('startsAt')} en ${p.text('agencyName')} (trámite ${p.text('reference')}).`,
      `Tómelo en los próximos ${p.text('minutesValid')} minutos: ${p.text('url')}`,
      `EN: A seat freed up on ${p.whenIso('startsAt')} at ${p.text('agencyName')}. Take it within ${p.text('minutesValid')} minutes: ${p.text('url')}`,
    ].join('\n'),
};

/** The text messages of a case in English (ADR 0031): English only, the sheets' names of things in Spanish beside. */
const ENGLISH: { [K in CaseSmsTemplate]: (p: Reader) => string } = {
  APPOINTMENT_REMINDER: (p) => {
    const bring = p.list('bring');
    const manage = p.optional('manageUrl');
    return [
      `IESS: reminder of your appointment tomorrow, ${p.whenEnglish('startsAt')} (Ecuador time), at ${p.text('agencyName')} (case ${p.text('reference')}).`,
      ...(bring.length ? [`Bring: ${bring.join('; ')}.`] : []),
      `Bring the “Confirmación del Turno en Línea”.${manage ? ` Reschedule or cancel: ${manage}` : ''}`,
    ].join('\n');
  },
  CASE_LAPSED: (p) =>
    [
      `IESS: we did not record your attendance at the appointment of ${p.whenEnglish('startsAt')} at ${p.text('agencyName')}; case ${p.text('reference')} is closed.`,
      'If you still need it, book a new appointment at www.iess.gob.ec, “Turnos para atención ciudadana”.',
    ].join('\n'),
  WAITING_LIST_OFFER: (p) =>
    [
      `IESS: a seat freed up on ${p.whenEnglish('startsAt')} (Ecuador time) at ${p.text('agencyName')} (case ${p.text('reference')}).`,
      `Take it within ${p.text('minutesValid')} minutes: ${p.text('url')}`,
    ].join('\n'),
};

/**
 * Renders a text message in the case's language: Spanish with a short English line (the default),
 * or English. Throws CaseSmsParamsError on a missing or malformed param.
 */
export function renderCaseSms(template: CaseSmsTemplate, params: Readonly<Record<string, unknown>>, locale: MailLocale = 'es'): string {
  const build = (locale === 'en' ? ENGLISH : BUILDERS)[template];
  if (!build) throw new CaseSmsParamsError(String(template), 'template', 'is not an SMS template');
  return build(reader(template, params));
}
