import type { Principal } from '@tramites/api';
import { caseEmailMessageId } from '@tramites/mail';
import { BackOfficeTestRows } from '@tramites/testing/rows';
import { attendAtWindow, bookCaseThroughApi, startApiHarness, type ApiHarness } from '@tramites/testing/api';

const OFFICER: Principal = { sub: 'officer-uio-7', role: 'case_manager', agencyId: 'UIO-NORTE' };
const GYE_OFFICER: Principal = { sub: 'officer-gye-7', role: 'case_manager', agencyId: 'GYE-CENTRO' };
const AUDITOR: Principal = { sub: 'auditor-7', role: 'auditor' };

/**
 * ADR 0024: a case manager resends the issued document. One request id, one
 * email through the outbox (a retried request queues nothing more); refused in Spanish before
 * issuance and outside the officer's agency; the action is in the case's access log.
 */
describe('resend of the issued document', () => {
  let h: ApiHarness;
  let rows: BackOfficeTestRows;

  beforeAll(async () => {
    h = await startApiHarness('api_resend');
    rows = new BackOfficeTestRows(h.db.dataSource);
  });
  afterAll(async () => {
    await h.close();
  });

  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;
  const deps = () => ({ http: h.http, smtp: h.smtp, dataSource: h.db.dataSource });

  async function waitForStatus(caseId: string, status: string): Promise<Record<string, unknown>> {
    let view: Record<string, unknown> = {};
    for (let i = 0; i < 150 && view['status'] !== status; i += 1) {
      if (i > 0) await new Promise((r) => setTimeout(r, 200));
      view = (
        await h
          .http()
          .get(`/cases/${caseId}`)
          .set('Authorization', await auth(AUDITOR))
      ).body;
    }
    expect(view['status']).toBe(status);
    return view;
  }

  it('refuses before issuance (422 in Spanish), then resends once per request id, with the PDF, and logs who asked', async () => {
    const applicant: Principal = { sub: 'RSND0001', role: 'applicant' };
    const caseId = await bookCaseThroughApi(deps(), await auth(applicant), applicant.sub);
    const route = `/cases/${caseId}/issued-document/resend`;

    const early = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER));
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'CASE.NOT_ISSUED', message: 'El trámite todavía no tiene un documento emitido que reenviar.' });

    await attendAtWindow(deps(), caseId, await auth(OFFICER), OFFICER.sub);
    await waitForStatus(caseId, 'issued');
    const email = `${applicant.sub.toLowerCase()}@example.ec`;
    await h.smtp.waitForMessage((m) => m.to.includes(email) && m.attachments.some((a) => a.filename === 'codigo-extranjero.pdf'));

    const byApplicant = await h
      .http()
      .post(route)
      .set('Authorization', await auth(applicant));
    expect(byApplicant.status).toBe(403);
    const otherAgency = await h
      .http()
      .post(route)
      .set('Authorization', await auth(GYE_OFFICER));
    expect(otherAgency.status).toBe(403);
    const badKey = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .set('Idempotency-Key', 'x');
    expect(badKey.status).toBe(400);

    const key = 'resend-request-0001';
    const first = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .set('Idempotency-Key', key);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ caseId, requestId: key, created: true });
    const again = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .set('Idempotency-Key', key);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ caseId, requestId: key, created: false });

    const resentKey = `resend:${caseId}:${key}`;
    const resent = await h.smtp.waitForMessage((m) => m.to.includes(email) && m.messageId === caseEmailMessageId(resentKey));
    expect(resent.attachments.map((a) => a.filename)).toEqual(['codigo-extranjero.pdf']);
    expect(resent.subject).toMatch(/código/i);
    // Retried once its email went out (the resend's workflow has closed): still the same request.
    const late = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .set('Idempotency-Key', key);
    expect(late.body).toEqual({ caseId, requestId: key, created: false });

    // A second request (another id) is another email; the first id never sent twice.
    const second = await h
      .http()
      .post(route)
      .set('Authorization', await auth(OFFICER))
      .set('Idempotency-Key', 'resend-request-0002');
    expect(second.body.created).toBe(true);
    let outbox = await rows.outboxOf(caseId);
    for (let i = 0; i < 100 && outbox.filter((r) => r.idempotencyKey.startsWith('resend:')).length < 2; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      outbox = await rows.outboxOf(caseId);
    }
    const resends = outbox.filter((r) => r.idempotencyKey.startsWith('resend:'));
    expect(resends.map((r) => [r.idempotencyKey, r.template, r.recipient])).toEqual([
      [resentKey, 'FOREIGNER_CODE_ISSUED', email],
      [`resend:${caseId}:resend-request-0002`, 'FOREIGNER_CODE_ISSUED', email],
    ]);
    expect(outbox.filter((r) => r.template === 'FOREIGNER_CODE_ISSUED')).toHaveLength(3);
    // The retried request sent nothing: one message under the first request's Message-ID.
    await h.smtp.waitForMessage((m) => m.messageId === caseEmailMessageId(`resend:${caseId}:resend-request-0002`));
    expect(h.smtp.messages().filter((m) => m.messageId === caseEmailMessageId(resentKey))).toHaveLength(1);

    const log = await h
      .http()
      .get('/audit/reads')
      .query({ caseId })
      .set('Authorization', await auth(AUDITOR));
    expect(JSON.stringify(log.body)).toContain('resend_issued_document');
  });
});
