import { completeDocuments000, slotStartingSoon, type TestSmtpServer } from '../index';
import type request from 'supertest';
import type { DataSource } from 'typeorm';

/** What a journey through the HTTP API needs: the app, its SMTP server and its database. */
export interface JourneyDeps {
  http: () => ReturnType<typeof request>;
  smtp: TestSmtpServer;
  dataSource: DataSource;
}

export interface HolderData {
  fullName: string;
  nationality: string;
  birthDate: string;
}

/** A token of the local captcha (GET /captcha), solved as a person would: `id:sum`. */
export async function solveCaptcha(http: () => ReturnType<typeof request>): Promise<string> {
  const res = await http().get('/captcha').expect(200);
  const [a = 0, b = 0] = ((res.body.question as string).match(/\d+/g) ?? []).map(Number);
  return `${res.body.captchaId}:${a + b}`;
}

const DEFAULT_HOLDER: HolderData = { fullName: 'María José Pérez Gómez', nationality: 'VEN', birthDate: '1990-04-12' };

/**
 * A 000 case opened by applicant `sub` (whose passport number is `sub`), verified with the
 * emailed code and booked at UIO-NORTE, every step a request. Returns the case id.
 */
export async function bookCaseThroughApi(deps: JourneyDeps, applicantToken: string, sub: string, holder: HolderData = DEFAULT_HOLDER): Promise<string> {
  const email = `${sub.toLowerCase()}@example.ec`;
  const opened = await deps
    .http()
    .post('/cases')
    .set('Authorization', applicantToken)
    .send({
      procedure: 'FOREIGNER_CODE',
      province: 'PICHINCHA',
      filerRole: 'holder',
      booker: { email, mobile: '0991234567' },
      holder: { ...holder, documentType: 'passport', documentNumber: sub },
    });
  expect(opened.status).toBe(201);
  const caseId = opened.body.caseId as string;
  const mail = await deps.smtp.waitForMessage((m) => m.to.includes(email) && /verific/i.test(m.subject));
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
  expect((await deps.http().post(`/cases/${caseId}/verification`).set('Authorization', applicantToken).send({ code })).status).toBe(200);
  const slotId = await slotStartingSoon(deps.dataSource, 'UIO-NORTE');
  expect((await deps.http().post(`/cases/${caseId}/appointment`).set('Authorization', applicantToken).send({ slotId })).status).toBe(200);
  return caseId;
}

/** The officer checks the applicant in and records a complete 000 filing. */
export async function attendAtWindow(deps: JourneyDeps, caseId: string, officerToken: string, officerId: string): Promise<void> {
  expect((await deps.http().post(`/cases/${caseId}/check-in`).set('Authorization', officerToken)).status).toBe(200);
  const { documents, sutRecord } = completeDocuments000({ id: officerId, role: 'case_manager' });
  expect((await deps.http().post(`/cases/${caseId}/documents`).set('Authorization', officerToken).send({ documents, sutRecord })).status).toBe(200);
}
