import { CITIZEN_STEPS, type CaseView } from '@tramites/contracts';
import { businessDaysBetween, ECUADOR_PROVINCES, toLocalDate } from '@tramites/domain';
import type { TFunction } from 'i18next';
import type { components } from '../api/api-types';
import type { Locale } from '../i18n';
import { dayIn, momentIn, clockIn } from './local-time';

/** The course of a case and its predicted answer, as the API answers them (GET /cases/:id/progress). */
export type ProgressAnswer = components['schemas']['CaseProgressDto'];

const FINAL = new Set(['issued', 'rejected', 'lapsed', 'cancelled', 'abandoned', 'verification_failed']);

/** "Pichincha" for PICHINCHA (the provinces of libs/domain); an unknown code as it came. */
export function provinceName(code: string): string {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/\s+/g, '_');
  return ECUADOR_PROVINCES.find((p) => fold(p.name) === fold(code))?.name ?? code;
}

type Row = { key: { text: string }; value: { text: string } };

export interface CaseProgressPage {
  rows: Row[];
  /** One sentence: how the predicted date is worked out (shown under the summary). */
  predictionHow?: string;
  timeline: Array<{ text: string; when: string }>;
}

/**
 * What "Mi trámite" says of the case's course, in the request's language: its status, who holds
 * it and the next step in words (the applicant's deadline apart from the office's), the predicted
 * answer with one sentence on how it is worked out, and the steps so far in local time.
 */
export function caseProgressPage(view: CaseView, progress: ProgressAnswer | undefined, t: TFunction, locale: Locale, now = Date.now()): CaseProgressPage {
  const agency = view.appointment?.agencyName ?? t('follow:agencyUnknown');
  const province = provinceName(view.province);
  const due = view.correctionDueAt ?? view.deadlineAt;
  const dueText = due ? momentIn(locale, due) : undefined;
  const holder =
    view.waitingOn === 'nobody' || FINAL.has(view.status)
      ? t('follow:holder.nobody')
      : view.waitingOn === 'applicant' || view.status === 'scheduled'
        ? t('follow:holder.you')
        : view.status === 'legal_review'
          ? t('follow:holder.legalUnit', { province })
          : view.status === 'checked_in'
            ? t('follow:holder.window', { agency })
            : t('follow:holder.agency', { agency });
  const rows: Row[] = [
    { key: { text: t('follow:case.status') }, value: { text: t(`follow:status.${view.status}`) } },
    { key: { text: t('follow:case.holder') }, value: { text: holder } },
    { key: { text: t('follow:case.next') }, value: { text: nextStep(view, t, locale, agency, province, dueText) } },
  ];
  if (due && dueText && !FINAL.has(view.status)) {
    const dueDay = toLocalDate(Date.parse(due));
    const today = toLocalDate(now);
    const text = dueDay >= today ? t('follow:case.dueWithDays', { due: dueText, count: businessDaysBetween(today, dueDay) }) : dueText;
    if (view.waitingOn === 'applicant' && view.status !== 'scheduled') rows.push({ key: { text: t('follow:case.yourDeadline') }, value: { text } });
    else if (view.waitingOn === 'institution') rows.push({ key: { text: t('follow:case.officeDeadline') }, value: { text } });
  }
  let predictionHow: string | undefined;
  const p = progress?.prediction;
  const who = p?.basis === 'legal_unit' ? t('follow:case.whoLegalUnit', { province }) : t('follow:case.whoAgency', { agency });
  if (p?.available && p.expectedAt && p.likelyBy) {
    rows.push({
      key: { text: t('follow:case.expected') },
      value: { text: t('follow:case.expectedText', { expected: dayIn(locale, p.expectedAt), likely: dayIn(locale, p.likelyBy) }) },
    });
    predictionHow = t('follow:case.expectedHow', { cases: p.cases ?? 0, who, days: p.days });
  } else if (p?.reason === 'too_few_cases') {
    rows.push({ key: { text: t('follow:case.expected') }, value: { text: t('follow:case.tooFew', { who, days: p.days }) } });
  } else if (p?.reason === 'longer_than_usual') {
    rows.push({ key: { text: t('follow:case.expected') }, value: { text: t('follow:case.longerThanUsual', { who }) } });
  } else if (view.status === 'awaiting_correction') {
    rows.push({ key: { text: t('follow:case.expected') }, value: { text: t('follow:case.afterCorrection') } });
  }
  const known = new Set<string>(CITIZEN_STEPS);
  const timeline = (progress?.steps ?? [])
    .filter((s) => known.has(s.type))
    .map((s) => ({ text: t(`follow:step.${s.type}`), when: momentIn(locale, s.occurredAt) }));
  return { rows, predictionHow, timeline };
}

function nextStep(view: CaseView, t: TFunction, locale: Locale, agency: string, province: string, dueText: string | undefined): string {
  switch (view.status) {
    case 'awaiting_verification':
      return t('follow:nextStep.verify');
    case 'awaiting_booking':
      return t('follow:nextStep.book');
    case 'scheduled':
      return view.appointment
        ? t('follow:nextStep.attend', { agency, date: dayIn(locale, view.appointment.startsAt), time: clockIn(locale, view.appointment.startsAt) })
        : t('follow:nextStep.book');
    case 'checked_in':
      return t('follow:nextStep.windowReviews', { agency });
    case 'awaiting_correction':
      return dueText ? t('follow:nextStep.correct', { due: dueText }) : t('follow:nextStep.correctNoDate');
    case 'legal_review':
      return t('follow:nextStep.legalReviews', { province });
    case 'issuing':
      return t('follow:nextStep.issuing', { agency });
    case 'stuck':
      return t('follow:nextStep.stuck', { agency });
    case 'possible_duplicate':
      return t('follow:nextStep.checking', { agency });
    case 'issued':
      return t('follow:nextStep.download');
    default:
      return t('follow:nextStep.closed');
  }
}
