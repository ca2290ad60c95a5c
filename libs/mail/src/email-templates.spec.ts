import fc from 'fast-check';
import { CASE_EMAIL_TEMPLATES, type CaseEmailParams, type CaseEmailTemplate } from '@tramites/contracts';
import { REF, SAMPLES, appointment, started } from './email-samples.fixture';
import { escapeHtml, formatGuayaquilDateTime, renderCaseEmail } from './email-templates';

const render = <T extends CaseEmailTemplate>(template: T, params: CaseEmailParams[T]) => renderCaseEmail(template, params);
/** Renders with params that the type system would refuse (as they may arrive from history). */
const renderLoose = (template: string, params: Record<string, unknown>) => renderCaseEmail(template as CaseEmailTemplate, params as never);

describe('renderCaseEmail', () => {
  it('has a sample for every template', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CASE_EMAIL_TEMPLATES].sort());
  });

  describe.each(CASE_EMAIL_TEMPLATES)('%s', (template) => {
    const email = render(template, SAMPLES[template]);

    it('renders a one-line subject, a text body and an HTML document in Spanish', () => {
      expect(email.subject.length).toBeGreaterThan(10);
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.text).toContain('Estimado/a solicitante:');
      expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="es-EC">/);
      expect(email.html).toContain('</html>');
    });

    it('names the case reference and what to do next, in both bodies', () => {
      for (const body of [email.text, email.html]) {
        expect(body).toContain(REF);
        expect(body).toContain('¿Qué debe hacer ahora?');
      }
      expect(email.text).not.toMatch(/undefined|NaN|\[object/);
      expect(email.html).not.toMatch(/undefined|NaN|\[object/);
    });

    it('escapes every param in the HTML', () => {
      const hostile = Object.fromEntries(
        Object.entries(SAMPLES[template]).map(([k, v]) =>
          typeof v === 'string' && !/At$|^deadline$/.test(k) ? [k, `${v}<script>alert("x")</script>&'`] : [k, v],
        ),
      );
      const e = renderLoose(template, hostile);
      expect(e.html).not.toContain('<script>');
      expect(e.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
      // The text part is plain text: the same characters, unescaped.
      expect(e.text).toContain('<script>alert("x")</script>');
    });
  });

  it('shows appointment times in Guayaquil (UTC-5), with a Spanish date', () => {
    const e = render('APPOINTMENT_CONFIRMED', appointment);
    expect(e.subject).toBe(`Turno confirmado para el lunes 7 de diciembre de 2026, 09:30 (ref. ${REF})`);
    expect(e.text).toContain('Fecha y hora: lunes 7 de diciembre de 2026, 09:30 (hora de Ecuador continental)');
    expect(e.text).toContain('Agencia: Centro de Atención Universal Quito Norte');
  });

  it('moves an early-morning UTC instant to the previous day in Guayaquil, whatever zone the instant was written in', () => {
    const utc = render('APPOINTMENT_REMINDER', { ...appointment, startsAt: '2027-01-01T03:15:00Z' });
    expect(utc.text).toContain('jueves 31 de diciembre de 2026, 22:15');
    const offset = render('APPOINTMENT_REMINDER', { ...appointment, startsAt: '2027-01-01T05:15:00+02:00' });
    expect(offset.text).toContain('jueves 31 de diciembre de 2026, 22:15');
  });

  it('formats any instant as its UTC time minus five hours (no daylight saving time)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const local = new Date(d.getTime() - 5 * 3_600_000);
        const hh = String(local.getUTCHours()).padStart(2, '0');
        const mm = String(local.getUTCMinutes()).padStart(2, '0');
        expect(formatGuayaquilDateTime(d)).toMatch(new RegExp(` ${local.getUTCDate()} de [a-z]+ de ${local.getUTCFullYear()}, ${hh}:${mm}$`));
      }),
    );
  });

  it('shows the old and the new time of a rescheduled appointment', () => {
    const e = render('APPOINTMENT_RESCHEDULED', SAMPLES.APPOINTMENT_RESCHEDULED);
    expect(e.text).toContain('Nueva fecha y hora: lunes 7 de diciembre de 2026, 09:30');
    expect(e.text).toContain('Fecha anterior (ya no válida): jueves 3 de diciembre de 2026, 15:00');
  });

  it('lists each observation and the correction deadline (a calendar date stays that day)', () => {
    const e = render('DOCUMENTS_OBSERVED', SAMPLES.DOCUMENTS_OBSERVED);
    expect(e.subject).toBe(`Documentos observados: corríjalos hasta el lunes 14 de diciembre de 2026 (ref. ${REF})`);
    expect(e.text).toContain('- Pasaporte: falta la copia simple.\n- Solicitud: la firma manuscrita es imprescindible.');
    expect(e.html).toContain('<li>Pasaporte: falta la copia simple.</li><li>Solicitud: la firma manuscrita es imprescindible.</li>');
    expect(e.text).toContain('abandono');
    const instant = render('DOCUMENTS_OBSERVED', { ...SAMPLES.DOCUMENTS_OBSERVED, deadline: '2026-12-15T04:59:00Z' });
    expect(instant.text).toContain('Plazo para corregir: lunes 14 de diciembre de 2026, 23:59');
  });

  it('keeps the verification code out of the subject, as the procedure sheets name it', () => {
    const e = render('VERIFICATION_CODE', SAMPLES.VERIFICATION_CODE);
    expect(e.subject).toBe('Verificar IESS turno online');
    expect(e.text).toContain('Su código de verificación: 482915');
    expect(e.text).toContain('válido por 10 minutos');
    expect(render('VERIFICATION_CODE', { ...SAMPLES.VERIFICATION_CODE, minutesValid: 1 }).text).toContain('válido por 1 minuto.');
  });

  it('tells a person who already had a foreigner code that no new one was issued', () => {
    const fresh = render('FOREIGNER_CODE_ISSUED', SAMPLES.FOREIGNER_CODE_ISSUED);
    const old = render('FOREIGNER_CODE_ISSUED', { ...SAMPLES.FOREIGNER_CODE_ISSUED, alreadyHad: true });
    expect(fresh.subject).toContain('Se emitió su código');
    expect(old.subject).toContain('ya tiene un código');
    expect(old.text).toContain('no se emitió uno nuevo');
    for (const e of [fresh, old]) {
      expect(e.text).toContain('Código de identificación: EXT-1234567');
      expect(e.text).toContain('Número de verificación: V-998877');
    }
  });

  it('puts a line break of a param on one subject line', () => {
    const e = render('DOCUMENTS_ACCEPTED', { ...started, reference: 'A\r\nBcc: x@evil.ec' });
    expect(e.subject).toBe('Sus documentos fueron aceptados (ref. A Bcc: x@evil.ec)');
  });

  it.each([
    ['APPOINTMENT_CONFIRMED', { ...appointment, agencyName: undefined }, /"agencyName" must be a string/],
    ['APPOINTMENT_CONFIRMED', { ...appointment, reference: '  ' }, /"reference" must not be empty/],
    ['APPOINTMENT_CONFIRMED', { ...appointment, startsAt: '2026-12-07T14:30:00' }, /"startsAt" must be an ISO-8601 instant with zone/],
    ['DOCUMENTS_OBSERVED', { ...SAMPLES.DOCUMENTS_OBSERVED, deadline: '2026-02-30' }, /"deadline" is not a calendar date/],
    ['DOCUMENTS_OBSERVED', { ...SAMPLES.DOCUMENTS_OBSERVED, observations: '\n \n' }, /"observations" must not be empty/],
    ['VERIFICATION_CODE', { ...SAMPLES.VERIFICATION_CODE, minutesValid: 0 }, /"minutesValid" must be a positive integer/],
    ['FOREIGNER_CODE_ISSUED', { ...SAMPLES.FOREIGNER_CODE_ISSUED, alreadyHad: 'no' }, /"alreadyHad" must be a boolean/],
    ['NOT_A_TEMPLATE', started, /is not a known template/],
  ] as const)('refuses %s with a bad param, naming it', (template, params, message) => {
    expect(() => renderLoose(template, params)).toThrow(message);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Ana'</a> ñ á`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Ana&#39;&lt;/a&gt; ñ á');
  });
});
