import { ECUADOR_PROVINCES, foldText } from '@tramites/domain';
import type { TFunction } from 'i18next';
import { translatorOf } from '../i18n';
import type { WebSession } from '../session/session';
import { PageError } from '../shared/page-error';

export type BookingCase = WebSession & { caseId: string; caseToken: string };

/** The case this session started, while its case token lasts; otherwise the 404 page that starts again. */
export function bookedCase(s: WebSession, t: TFunction = translatorOf('es')): BookingCase {
  if (s.caseId && s.caseToken && (s.caseTokenExpiresAt ?? 0) > Date.now()) return s as BookingCase;
  throw new PageError(404, t('booking:session.noneTitle'), t('booking:session.none'), '/turno');
}

/** "YYYY-MM-DD" from the three boxes, or undefined when it is not a real date. */
export function birthDate(day: string, month: string, year: string): string | undefined {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso && Number(year) >= 1900 ? iso : undefined;
}

/** "LOS RIOS" → "Los Ríos", from the catalogue of provinces. */
export function provinceName(upper: string): string {
  return ECUADOR_PROVINCES.find((p) => foldText(p.name) === foldText(upper))?.name ?? upper;
}
