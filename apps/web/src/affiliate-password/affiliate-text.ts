import { validateIdentityNumber } from '@tramites/domain';
import type { TFunction } from 'i18next';
import { htmlLangOf, type Locale } from '../i18n';

const TZ = 'America/Guayaquil';

/** The twelve months in the page's language, as a select's options after «Choose the month». */
export function monthOptions(t: TFunction, locale: Locale, selected: string | undefined): Array<{ value: string; text: string; selected?: boolean }> {
  const name = new Intl.DateTimeFormat(htmlLangOf(locale), { month: 'long', timeZone: 'UTC' });
  return [
    { value: '', text: t('affiliate:questions.chooseMonth') },
    ...Array.from({ length: 12 }, (_, i) => {
      const text = name.format(new Date(Date.UTC(2026, i, 15)));
      return { value: String(i + 1), text: text.charAt(0).toUpperCase() + text.slice(1), selected: selected === String(i + 1) };
    }),
  ];
}

/** A moment as the applicant reads it in Ecuador: the day in words and the clock («lunes, 7 de diciembre de 2026», «14:35»). */
export function inEcuador(locale: Locale, iso: string): { day: string; time: string } {
  const lang = htmlLangOf(locale);
  const at = new Date(iso);
  return {
    day: new Intl.DateTimeFormat(lang, { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at),
    time: new Intl.DateTimeFormat(lang, { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false }).format(at),
  };
}

/** The local captcha's sum in the page's language; another provider's question as it came. */
export function captchaLabel(t: TFunction, question: string): string {
  const sum = /(\d+)\s*\+\s*(\d+)/.exec(question);
  return sum ? t('affiliate:start.captchaLabel', { a: sum[1], b: sum[2] }) : question;
}

/** What is wrong with a typed cédula or foreigner code (003, VIRTUAL 3; Requisitos Específicos), or undefined. */
export function identityProblem(t: TFunction, value: string): string | undefined {
  if (!value) return t('affiliate:errors.identityRequired');
  if (!/^(\d{10}|9\d{11})$/.test(value)) return t('affiliate:errors.identityFormat');
  return validateIdentityNumber(value).ok ? undefined : t('affiliate:errors.identityCheckDigit');
}

/** The question in the page's language (by its id: W1, W2, P1-P6); the workflow's Spanish words for an unknown one. */
export function questionText(t: TFunction, kind: 'work' | 'personal', id: string, spanish: string): string {
  return t(`affiliate:questions.${kind}.${id}`, { defaultValue: spanish });
}
