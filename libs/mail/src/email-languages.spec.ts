import { CASE_EMAIL_TEMPLATES } from '@tramites/contracts';
import { REF, SAMPLES, started } from './email-samples.fixture';
import { formatCalendarDate, formatGuayaquilDateTime, renderCaseEmail, type CaseNotice } from './email-templates';
import { renderCaseSms } from './sms-templates';

const observed = { ...started, observations: 'Pasaporte: falta la copia simple.', deadline: '2026-12-18T22:00:00.000Z' };
const AGENCY: CaseNotice = { followUrl: 'https://tramites.iess.test/seguir', correctAt: 'agency', agencyName: 'Centro de Atención Universal Quito Norte' };
const VIRTUAL: CaseNotice = {
  followUrl: 'https://tramites.iess.test/seguir',
  correctAt: 'virtual',
  correctUrl: 'https://tramites.iess.test/clave-empleador/documentos',
};

describe('the emails in the case’s language (ADR 0031)', () => {
  it('write the deadline as the wall clock in Guayaquil, in each language', () => {
    const instant = new Date('2026-12-18T22:00:00Z');
    expect(formatGuayaquilDateTime(instant)).toBe('viernes 18 de diciembre de 2026, 17:00');
    expect(formatGuayaquilDateTime(instant, 'en')).toBe('Friday 18 December 2026, 5:00 pm');
    expect(formatGuayaquilDateTime(new Date('2026-12-18T05:05:00Z'), 'en')).toBe('Friday 18 December 2026, 12:05 am');
    expect(formatGuayaquilDateTime(new Date('2026-12-18T17:30:00Z'), 'en')).toBe('Friday 18 December 2026, 12:30 pm');
    expect(formatCalendarDate(2026, 12, 14, 'en')).toBe('Monday 14 December 2026');
  });

  describe.each(CASE_EMAIL_TEMPLATES)('%s in English', (template) => {
    const email = renderCaseEmail(template, SAMPLES[template], { locale: 'en', notice: AGENCY });

    it('is English, with its HTML lang, the reference and what to do next', () => {
      expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Dear applicant,');
        expect(body).toContain('What you need to do now');
        expect(body).toContain(REF);
        expect(body).not.toMatch(/Estimado|¿Qué debe hacer|undefined|NaN/);
      }
      expect(email.text).toContain('the Spanish wording of the IESS procedure sheets is the authoritative one');
    });

    it('writes no Spanish date or month', () => {
      expect(`${email.subject}\n${email.text}`).not.toMatch(/\b(lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b|\bde (enero|diciembre)\b/);
    });
  });

  it('names the procedure in English and keeps the recorded observations in Spanish, marked as such', () => {
    const email = renderCaseEmail('DOCUMENTS_OBSERVED', observed, { locale: 'en', notice: AGENCY });
    expect(email.text).toContain('Procedure: Foreigner identification code');
    expect(email.text).toContain('Observations (as recorded, in Spanish):\n- Pasaporte: falta la copia simple.');
    expect(email.html).toContain('<ul style="margin:0 0 16px;" lang="es-EC"><li>Pasaporte: falta la copia simple.</li></ul>');
  });

  it('says where an in-person case corrects its documents: the agency, no new turno, by the deadline, and the link', () => {
    const es = renderCaseEmail('DOCUMENTS_OBSERVED', observed, { notice: AGENCY });
    expect(es.subject).toBe(`Documentos observados: corríjalos hasta el viernes 18 de diciembre de 2026, 17:00 (ref. ${REF})`);
    expect(es.text).toContain(
      `No necesita agendar un turno nuevo: acuda a la agencia Centro de Atención Universal Quito Norte con los documentos corregidos y la referencia ${REF} hasta el viernes 18 de diciembre de 2026, 17:00 (hora de Ecuador continental).`,
    );
    expect(es.text).toContain('https://tramites.iess.test/seguir');
    const en = renderCaseEmail('DOCUMENTS_OBSERVED', observed, { locale: 'en', notice: AGENCY });
    expect(en.subject).toBe(`Documents observed: correct them by Friday 18 December 2026, 5:00 pm (ref. ${REF})`);
    expect(en.text).toContain(
      `You do not need to book a new appointment: go to the agency Centro de Atención Universal Quito Norte with the corrected documents and the reference ${REF} by Friday 18 December 2026, 5:00 pm (mainland Ecuador time).`,
    );
  });

  it('says where a Ventanilla Virtual case corrects its documents: uploaded again, no turno, with the page', () => {
    const es = renderCaseEmail('DOCUMENTS_OBSERVED', observed, { notice: VIRTUAL });
    expect(es.text).toContain('No necesita un turno: cargue otra vez, en la Ventanilla Virtual, los documentos observados ya corregidos');
    expect(es.text).toContain(
      'hasta el viernes 18 de diciembre de 2026, 17:00 (hora de Ecuador continental), en https://tramites.iess.test/clave-empleador/documentos.',
    );
    const en = renderCaseEmail('DOCUMENTS_OBSERVED', observed, { locale: 'en', notice: VIRTUAL });
    expect(en.text).toContain('You do not need an appointment: upload the corrected documents again in the Ventanilla Virtual');
    expect(en.text).toContain('at https://tramites.iess.test/clave-empleador/documentos.');
  });

  it('sends text messages in English only for an English case, Spanish with an English line otherwise', () => {
    const params = { reference: REF, agencyName: 'Quito Norte', startsAt: '2026-12-18T14:30:00Z', bring: '', manageUrl: 'https://tramites.iess.test/seguir' };
    const en = renderCaseSms('APPOINTMENT_REMINDER', params, 'en');
    expect(en).toContain('IESS: reminder of your appointment tomorrow, Friday 18 December 2026, 9:30 am (Ecuador time), at Quito Norte');
    expect(en).not.toMatch(/recuerde|Reagendar/);
    const es = renderCaseSms('APPOINTMENT_REMINDER', params);
    expect(es).toContain('IESS: recuerde su turno mañana viernes 18 de diciembre de 2026, 09:30 en Quito Norte');
  });
});
