import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import type { CaseView } from '@tramites/contracts';
import { formatGuayaquilDateTime } from '@tramites/mail';
import { observedDocuments000, slotStartingSoon } from '@tramites/testing';
import { solveCaptcha, startApiHarness, type ApiHarness } from '@tramites/testing/api';

const MANAGER: Principal = { sub: 'officer-uio-norte-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const AGENCY = 'Centro de Atención Universal Quito Norte';

/**
 * The case's language (ADR 0031): the public start takes the pages' locale, the API records it,
 * and every email of the case reaches the real SMTP server in that language: English for an
 * English case, Spanish otherwise; the «documentos observados» email says where to correct (the
 * agency, no new turno), by when in Guayaquil's time, and links to «Consultar mi trámite».
 */
describe('emails in the language the applicant chose on the pages', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness('case_language');
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A 000 started on the public route as the pages start it, with their locale (none: the API's default). */
  async function startPublic(locale?: 'es' | 'en'): Promise<{ caseId: string; token: string; email: string }> {
    const passport = `PY${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
    const email = `yusleidy.mendoza.paez.${passport.toLowerCase()}@outlook.com`;
    const res = await h
      .http()
      .post('/public/cases')
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'María Belén Giménez Acuña', nationality: 'PRY', documentType: 'passport', documentNumber: passport, birthDate: '1991-03-08' },
        identityNumber: passport,
        captchaToken: await solveCaptcha(h.http),
        ...(locale ? { locale } : {}),
      })
      .expect(201);
    return { caseId: res.body.caseId as string, token: `Bearer ${res.body.accessToken as string}`, email };
  }

  it('refuses a language the pages do not speak, naming the field', async () => {
    const res = await h.http().post('/public/cases').send({ procedure: 'FOREIGNER_CODE', locale: 'fr' }).expect(400);
    expect(JSON.stringify(res.body.error.fields)).toContain('locale debe ser es o en');
  });

  it.each<[locale: 'en' | undefined, language: string]>([
    ['en', 'English'],
    [undefined, 'Spanish (the default)'],
  ])('a case started with locale %s writes in %s, down to the observed documents and their deadline', async (locale) => {
    const english = locale === 'en';
    const { caseId, token, email } = await startPublic(locale);

    const verification = await h.smtp.waitForMessage((m) => m.to.includes(email) && /Verif/.test(m.subject));
    expect(verification.subject).toBe(english ? 'Verify your IESS online appointment (Verificar IESS turno online)' : 'Verificar IESS turno online');
    expect(verification.html).toMatch(english ? /<html lang="en">/ : /<html lang="es-EC">/);
    expect(verification.text).toContain(english ? 'Your verification code' : 'Su código de verificación');
    const code = /\b(\d{6})\b/.exec(verification.text)?.[1] ?? '';
    await h.http().post(`/cases/${caseId}/verification`).set('Authorization', token).send({ code }).expect(200);
    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    await h.http().post(`/cases/${caseId}/appointment`).set('Authorization', token).send({ slotId }).expect(200);

    const confirmed = await h.smtp.waitForMessage((m) => m.to.includes(email) && (english ? /Appointment confirmed/ : /Turno confirmado/).test(m.subject));
    expect(confirmed.text).toContain(english ? 'Procedure: Foreigner identification code' : 'Trámite: Asignación de código de identificación para extranjeros');

    const officer = `Bearer ${await h.token(MANAGER)}`;
    await h.http().post(`/cases/${caseId}/check-in`).set('Authorization', officer).expect(200);
    const observed = observedDocuments000({ id: MANAGER.sub, role: 'case_manager' });
    const view = (
      await h
        .http()
        .post(`/cases/${caseId}/documents`)
        .set('Authorization', officer)
        .send({ documents: observed.documents, sutRecord: observed.sutRecord })
        .expect(200)
    ).body as CaseView;
    expect(view.status).toBe('awaiting_correction');
    const due = formatGuayaquilDateTime(new Date(view.correctionDueAt ?? ''), english ? 'en' : 'es');

    const mail = await h.smtp.waitForMessage((m) => m.to.includes(email) && (english ? /Documents observed/ : /Documentos observados/).test(m.subject));
    expect(mail.subject).toContain(due);
    if (english) {
      expect(due).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+ \d{4}, \d{1,2}:\d{2} (am|pm)$/);
      expect(mail.text).toContain(`You do not need to book a new appointment: go to the agency ${AGENCY} with the corrected documents`);
      expect(mail.text).toContain(`by ${due} (mainland Ecuador time)`);
      expect(mail.text).toContain('Observations (as recorded, in Spanish):');
      expect(mail.text).not.toContain('¿Qué debe hacer ahora?');
    } else {
      expect(due).toMatch(/^(lunes|martes|miércoles|jueves|viernes) \d{1,2} de [a-z]+ de \d{4}, \d{2}:\d{2}$/);
      expect(mail.text).toContain(`No necesita agendar un turno nuevo: acuda a la agencia ${AGENCY} con los documentos corregidos`);
      expect(mail.text).toContain(`hasta el ${due} (hora de Ecuador continental)`);
      expect(mail.text).not.toContain('What you need to do now');
    }
    expect(mail.text).toMatch(/https?:\/\/[^\s]+\/seguir/);
  });
});
