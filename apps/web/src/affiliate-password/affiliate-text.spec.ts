import { PERSONAL_QUESTIONS, validateIdentityNumber } from '@tramites/domain';
import { LOCALES, translatorOf } from '../i18n';
import { captchaLabel, identityProblem, inEcuador, monthOptions, questionText } from './affiliate-text';

describe('the 003 and portal pages’ words built at run time', () => {
  it.each(LOCALES)('has every identity question in %s, by its id (W1, W2, P1-P6), never the Spanish fallback in English', (locale) => {
    const t = translatorOf(locale);
    const es = translatorOf('es');
    for (const id of ['W1', 'W2']) expect(questionText(t, 'work', id, 'FALLBACK')).not.toBe('FALLBACK');
    for (const q of PERSONAL_QUESTIONS) {
      expect(questionText(t, 'personal', q.id, 'FALLBACK')).not.toBe('FALLBACK');
      // Spanish says what the domain says (the answers were chosen against these words).
      if (locale === 'es') expect(questionText(t, 'personal', q.id, '')).toBe(q.text);
      else expect(questionText(t, 'personal', q.id, '')).not.toBe(questionText(es, 'personal', q.id, ''));
    }
    for (const kind of ['used', 'expired', 'invalid', 'unavailable']) {
      expect(t(`portal:problem.${kind}Title`)).not.toBe(`problem.${kind}Title`);
      expect(t(`portal:problem.${kind}`)).not.toBe(`problem.${kind}`);
    }
  });

  it('names the months, the captcha and the link’s expiry in the page’s language, in Ecuador’s time', () => {
    expect(monthOptions(translatorOf('en'), 'en', '9').find((m) => m.selected)).toEqual({ value: '9', text: 'September', selected: true });
    expect(monthOptions(translatorOf('es'), 'es', undefined)[9]).toEqual({ value: '9', text: 'Septiembre', selected: false });
    expect(captchaLabel(translatorOf('en'), '¿Cuánto es 3 + 14?')).toBe('What is 3 + 14?');
    expect(captchaLabel(translatorOf('en'), 'Marque la casilla')).toBe('Marque la casilla');
    expect(inEcuador('en', '2026-12-08T02:30:00Z')).toEqual({ day: 'Monday, December 7, 2026', time: '21:30' });
    expect(inEcuador('es', '2026-12-08T02:30:00Z')).toEqual({ day: 'lunes, 7 de diciembre de 2026', time: '21:30' });
  });

  it('tells a cédula or a foreigner code from a mistyped one, in both languages', () => {
    const code = '948172039561';
    expect(validateIdentityNumber(code).ok).toBe(true);
    expect(identityProblem(translatorOf('en'), code)).toBeUndefined();
    expect(identityProblem(translatorOf('en'), '948172039562')).toContain('check digit');
    expect(identityProblem(translatorOf('es'), '94817203956')).toContain('12 dígitos');
    expect(identityProblem(translatorOf('en'), '')).toBe('Enter your cédula or your foreigner code');
  });
});
