import { CASE_STATUSES, CITIZEN_STEPS, type CaseView } from '@tramites/contracts';
import { translatorOf } from '../i18n';
import { translations } from '../i18n/catalogue';
import { caseProgressPage } from './case-progress';

const has = (lng: 'es' | 'en', key: string): boolean => translations().exists(key, { lng, fallbackLng: false });

/** A case in the legal unit of Pichincha, booked at Quito Norte (only what the page reads). */
const legalReview = {
  caseId: '0b7f3a52-61b1-4f43-9d0a-7b5f0a8e1c11',
  procedure: 'FOREIGNER_CODE_EMPLOYMENT',
  status: 'legal_review',
  province: 'PICHINCHA',
  waitingOn: 'institution',
  deadlineAt: '2026-12-10T22:00:00.000Z',
  appointment: {
    slotId: 's',
    reference: 'r',
    agencyId: 'UIO-NORTE',
    agencyName: 'Centro de Atención Universal Quito Norte',
    startsAt: '2026-12-01T14:00:00.000Z',
  },
} as unknown as CaseView;

describe("Mi trámite's course in words", () => {
  it('has words for every status and every step a citizen sees, in both languages (keys built at run time)', () => {
    const missing = ['es', 'en'].flatMap((l) =>
      [...CASE_STATUSES.map((s) => `follow:status.${s}`), ...CITIZEN_STEPS.map((s) => `follow:step.${s}`)]
        .filter((k) => !has(l as 'es' | 'en', k))
        .map((k) => `${l} ${k}`),
    );
    expect(missing).toEqual([]);
  });

  it('names the legal unit holding the case, the office’s deadline apart from the applicant’s, and the predicted date with how it is worked out', () => {
    const progress = {
      caseId: legalReview.caseId,
      status: 'legal_review',
      agencyId: 'UIO-NORTE',
      province: 'PICHINCHA',
      steps: [
        { type: 'PODER_SENT_TO_LEGAL_UNIT', occurredAt: '2026-12-01T15:00:00.000Z' },
        { type: 'VERIFICATION_CODE_SENT', occurredAt: '2026-12-01T15:00:00.000Z' },
      ],
      prediction: {
        available: true,
        basis: 'legal_unit' as const,
        expectedAt: '2026-12-03T15:00:00.000Z',
        likelyBy: '2026-12-04T15:00:00.000Z',
        cases: 12,
        days: 90,
      },
    };
    const es = caseProgressPage(legalReview, progress, translatorOf('es'), 'es', Date.parse('2026-12-02T15:00:00Z'));
    const rows = Object.fromEntries(es.rows.map((r) => [r.key.text, r.value.text]));
    expect(rows['Quién tiene su trámite']).toBe('La unidad jurídica de la provincia de Pichincha');
    expect(rows['Próximo paso']).toContain('revisa el poder notarial');
    expect(rows['Plazo del IESS para responder']).toBe('jueves, 10 de diciembre de 2026, 17:00 (quedan 6 días hábiles)');
    expect(rows['Su plazo']).toBeUndefined();
    expect(rows['Respuesta prevista']).toBe(
      'Hacia el jueves, 3 de diciembre de 2026. 8 de cada 10 trámites recientes, antes del viernes, 4 de diciembre de 2026.',
    );
    expect(es.predictionHow).toContain('los últimos 12 trámites de la unidad jurídica de la provincia de Pichincha en los últimos 90 días');
    expect(es.timeline).toEqual([{ text: 'Poder notarial enviado a la unidad jurídica de la provincia', when: 'martes, 1 de diciembre de 2026, 10:00' }]);

    const en = caseProgressPage(
      legalReview,
      { ...progress, prediction: { available: false, reason: 'too_few_cases', basis: 'legal_unit', cases: 2, days: 90 } },
      translatorOf('en'),
      'en',
    );
    const enRows = Object.fromEntries(en.rows.map((r) => [r.key.text, r.value.text]));
    expect(enRows['Who has your case']).toBe('The legal unit of the province of Pichincha');
    expect(enRows['Expected answer']).toBe(
      'No expected date yet: the legal unit of the province of Pichincha had fewer than 5 cases in the last 90 days, too few to work it out.',
    );
    expect(en.timeline[0]?.when).toBe('Tuesday, 1 December 2026, 10:00');
  });
});
