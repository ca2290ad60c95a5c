import type { CaseEventType } from '@tramites/contracts';
import type { DurationFigures, StageEvents } from '@tramites/persistence';

/**
 * How recent service times are read and how a case's answer is predicted from them, defined
 * once here (the follow-my-case page and the public agency pages say it in one sentence).
 *
 * - The agency's time to answer: from a case's last arrival at the window to its answer (code or
 *   certificate issued, or the case refused), without the legal unit's time inside it.
 * - The legal unit's time: from the poder's sending to the legal unit to its decision.
 * - The wait: from the arrival at the agency to the first call to a window (view agency_day_turnos).
 * Each figure takes the last RECENT_CASES cases of the last RECENT_DAYS days; with fewer than
 * MIN_CASES there is no figure (nor a prediction): few cases say little, and a figure over one
 * or two cases would tell about a person.
 */
export const RECENT_DAYS = 90;
export const RECENT_CASES = 100;
export const MIN_CASES = 5;

const event = <T extends CaseEventType>(type: T): T => type;

export const STAGE_EVENTS: StageEvents = {
  checkIn: event('CASE_CHECKED_IN'),
  answers: [event('FOREIGNER_CODE_ISSUED'), event('CERTIFICATE_ISSUED'), event('CASE_REJECTED'), event('PODER_REJECTED')],
  legalSent: event('PODER_SENT_TO_LEGAL_UNIT'),
  legalDecided: [event('PODER_ENDORSED'), event('PODER_REJECTED')],
};

/** The instant `days` days before `now`, as an ISO string. */
export const daysBefore = (now: number, days: number): string => new Date(now - days * 86_400_000).toISOString();

/** A figure only when it comes from enough cases. */
export const enough = (f: DurationFigures | undefined): DurationFigures | undefined => (f && f.cases >= MIN_CASES ? f : undefined);

/** Who the prediction comes from: the agency's window or the province's legal unit. */
export type PredictionBasis = 'agency' | 'legal_unit';

export type Prediction =
  | { available: true; basis: PredictionBasis; expectedAt: string; likelyBy: string; cases: number; days: number }
  | { available: false; reason: 'too_few_cases' | 'longer_than_usual' | 'not_applicable'; basis?: PredictionBasis; cases?: number; days: number };

/**
 * When the answer of a case is expected: from the start of the stage it is in (the arrival at the
 * window, or the poder's sending to the legal unit; before the arrival, the appointment), plus the
 * median (expected) and the 80th percentile (likely by) of that stage's recent times. A stage that
 * has already lasted longer than the median predicts the 80th percentile; longer than that, it
 * says so instead of predicting. Other stages (waiting on the applicant, issuing, closed) predict nothing.
 */
export function predictAnswer(q: {
  status: string;
  /** When the stage started: the appointment (scheduled), the last arrival (checked_in), the poder's sending (legal_review). */
  stageStart: number | undefined;
  agency: DurationFigures | undefined;
  legalUnit: DurationFigures | undefined;
  now: number;
}): Prediction {
  const basis: PredictionBasis | undefined =
    q.status === 'scheduled' || q.status === 'checked_in' ? 'agency' : q.status === 'legal_review' ? 'legal_unit' : undefined;
  if (!basis || q.stageStart === undefined) return { available: false, reason: 'not_applicable', days: RECENT_DAYS };
  const raw = basis === 'agency' ? q.agency : q.legalUnit;
  const figures = enough(raw);
  if (!figures) return { available: false, reason: 'too_few_cases', basis, cases: raw?.cases ?? 0, days: RECENT_DAYS };
  const likelyBy = q.stageStart + figures.p80Seconds * 1000;
  if (likelyBy < q.now) return { available: false, reason: 'longer_than_usual', basis, cases: figures.cases, days: RECENT_DAYS };
  const median = q.stageStart + figures.p50Seconds * 1000;
  const expectedAt = median >= q.now ? median : likelyBy;
  return {
    available: true,
    basis,
    expectedAt: new Date(expectedAt).toISOString(),
    likelyBy: new Date(likelyBy).toISOString(),
    cases: figures.cases,
    days: RECENT_DAYS,
  };
}
