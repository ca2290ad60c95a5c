import zlib from 'node:zlib';
import type { Principal } from '@tramites/api';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { WORKFLOW_TYPES, caseWorkflowId } from '@tramites/contracts';
import { affiliateFixture, seedAffiliate } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

const applicant = (sub: string): Principal => ({ sub, role: 'applicant' });
const GYE_OFFICER: Principal = {
  sub: 'officer-gye-1',
  role: 'case_manager',
  agencyId: 'GYE-CENTRO',
};
const UIO_OFFICER: Principal = {
  sub: 'officer-uio-1',
  role: 'case_manager',
  agencyId: 'UIO-NORTE',
};
const LEGAL: Principal = {
  sub: 'legal-pic-1',
  role: 'legal_unit',
  province: 'PICHINCHA',
};
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };

/** English of the validation library, or internal names, must never reach a client. */
const LEAK = /\b(must|should|property|nested|Error|undefined|handler)\b/;

function body(documentNumber: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'FOREIGNER_CODE',
    province: 'PICHINCHA',
    filerRole: 'holder',
    booker: {
      email: `${documentNumber.toLowerCase()}@example.ec`,
      mobile: '0991234567',
    },
    holder: {
      fullName: 'María José Pérez Gómez',
      nationality: 'VEN',
      documentType: 'passport',
      documentNumber,
      birthDate: '1990-04-12',
    },
    ...overrides,
  };
}

/** ADR 0012: every request is refused clearly (4xx, Spanish, the field named) or applied in full. */
describe('bad input is refused at the door', () => {
  let h: ApiHarness;
  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;

  beforeAll(async () => {
    h = await startApiHarness('api_bad_input', {
      // Every bad request comes from the suite's one address; the limit itself is tested below (a 429 at 2 a minute).
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000',
    });
  });
  afterAll(async () => {
    await h.close();
  });

  function expectRefusal(
    res: {
      status: number;
      body: {
        error?: {
          code: string;
          message: string;
          fields?: Array<{ field: string; message: string }>;
        };
      };
    },
    status: number,
    field?: string,
  ): void {
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toMatch(/^[A-Z]+(\.[A-Z_]+)+$/);
    expect(res.body.error?.message).not.toMatch(LEAK);
    for (const f of res.body.error?.fields ?? []) expect(f.message).not.toMatch(LEAK);
    if (field) expect(res.body.error?.fields?.map((f) => f.field)).toContain(field);
  }

  async function openCase(sub: string, overrides: Record<string, unknown> = {}) {
    return h
      .http()
      .post('/cases')
      .set('Authorization', await auth(applicant(sub)))
      .send(body(sub, overrides));
  }

  it('refuses a start without holder or booker, or with a list for an object, naming the field (no broken case)', async () => {
    const { holder: _h, ...noHolder } = body('PNOHOLD01');
    const withoutHolder = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(applicant('PNOHOLD01')))
      .send(noHolder);
    expectRefusal(withoutHolder, 400, 'holder');
    expect(withoutHolder.body.error.fields).toEqual([{ field: 'holder', message: 'holder es obligatorio' }]);
    const { booker: _b, ...noBooker } = body('PNOBOOK01');
    expectRefusal(
      await h
        .http()
        .post('/cases')
        .set('Authorization', await auth(applicant('PNOBOOK01')))
        .send(noBooker),
      400,
      'booker',
    );
    const listHolder = await openCase('PLISTHO01', { holder: [] });
    expectRefusal(listHolder, 400, 'holder');
    expect(listHolder.body.error.message).toContain('holder debe ser un objeto');
    const textHolder = await openCase('PTEXTHO01', { holder: 'x' });
    expectRefusal(textHolder, 400, 'holder');
    expect(await new TestRows(h.db.dataSource).startRequestCount()).toBe(0);
  });

  it('says in Spanish that a field is missing (not "too long"), unknown, or of the wrong kind', async () => {
    const missingName = await openCase('PMISSNM01', {
      holder: {
        nationality: 'VEN',
        documentType: 'passport',
        documentNumber: 'PMISSNM01',
        birthDate: '1990-04-12',
      },
    });
    expectRefusal(missingName, 400, 'holder.fullName');
    expect(missingName.body.error.fields).toEqual([{ field: 'holder.fullName', message: 'holder.fullName es obligatorio' }]);
    const unknown = await openCase('PUNKNOW01', { 0: 'x', extra: true });
    expectRefusal(unknown, 400, 'extra');
    expect(unknown.body.error.fields).toContainEqual({
      field: '0',
      message: '0 no es un campo permitido',
    });
    const wrongKind = await openCase('PWRONGK01', {
      booker: { email: 12, mobile: true },
    });
    expectRefusal(wrongKind, 400, 'booker.email');
  });

  it('refuses NUL and other unstorable characters in bodies, queries and paths, naming where', async () => {
    expectRefusal(
      await openCase('PNULNAM01', {
        holder: {
          ...(body('PNULNAM01')['holder'] as object),
          fullName: 'Ana\u0000Pérez',
        },
      }),
      400,
      'holder.fullName',
    );
    expectRefusal(
      await openCase('PSURROG01', {
        holder: {
          ...(body('PSURROG01')['holder'] as object),
          fullName: 'Ana \ud800 Pérez',
        },
      }),
      400,
      'holder.fullName',
    );
    expectRefusal(await h.http().get('/agencies?province=%00'), 400, 'province');
    expectRefusal(
      await h
        .http()
        .get('/cases?status=%00')
        .set('Authorization', await auth(AUDITOR)),
      400,
      'status',
    );
    expectRefusal(
      await h
        .http()
        .get('/audit/actions?type=%00')
        .set('Authorization', await auth(AUDITOR)),
      400,
      'type',
    );
    expectRefusal(
      await h
        .http()
        .get('/portal-credentials/affiliates/%00')
        .set('Authorization', await auth(AUDITOR)),
      400,
      'ruta',
    );
    expectRefusal(
      await h
        .http()
        .get('/cases/%E0%A4%A')
        .set('Authorization', await auth(AUDITOR)),
      400,
      'ruta',
    );
  });

  it('refuses a cancellation reason with NUL before it reaches the workflow: the case still moves', async () => {
    const opened = await openCase('PCANNUL01');
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const token = await auth(applicant('PCANNUL01'));
    expectRefusal(await h.http().post(`/cases/${caseId}/cancellation`).set('Authorization', token).send({ reason: 'no puedo\u0000 ir' }), 400, 'reason');
    const cancelled = await h.http().post(`/cases/${caseId}/cancellation`).set('Authorization', token).send({ reason: 'No puedo asistir' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('a workflow started with bad input from outside the API fails at once with a coded, non-retryable error', async () => {
    const client = h.env.client;
    const caseId = '5b0c6c1e-0000-4000-8000-00000000b001';
    const handle = await client.workflow.start(WORKFLOW_TYPES.inPersonCase, {
      taskQueue: h.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [
        {
          caseId,
          procedure: 'FOREIGNER_CODE',
          province: 'PICHINCHA',
          filerRole: 'holder',
          booker: {
            identityNumber: 'X',
            email: 'a@example.ec',
            mobile: '0991234567',
          },
          openedBy: { id: 'cli', role: 'case_manager' },
        },
      ],
    });
    const failure = await handle.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('VALIDATION.FAILED');
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect((cause as ApplicationFailure).message).toContain('holder es obligatorio');
    // Failed at its first workflow task: no retry loop of failed tasks.
    const history = await handle.fetchHistory();
    expect(history.events?.filter((e) => e.workflowTaskFailedEventAttributes).length).toBe(0);
  });

  it('checks identity numbers, provinces and dates by their rules', async () => {
    const badCedula = await h.http().post('/portal-passwords/affiliate').send({ identityNumber: '1790295065', captchaToken: 'x:1' });
    expectRefusal(badCedula, 400, 'identityNumber');
    const badRuc = await openCase('PBADRUC01', {
      procedure: 'FOREIGNER_CODE_EMPLOYMENT',
      filerRole: 'employer',
      employerId: '1790016918001',
    });
    expectRefusal(badRuc, 400, 'employerId');
    expectRefusal(await openCase('PBADPRO01', { province: 'ATLANTIS' }), 400, 'province');
    const future = await openCase('PFUTURE01', {
      holder: {
        ...(body('PFUTURE01')['holder'] as object),
        birthDate: '2999-01-01',
      },
    });
    expectRefusal(future, 400, 'holder.birthDate');
    expect(future.body.error.message).toContain('no puede ser una fecha futura');
    expectRefusal(
      await openCase('PNODATE01', {
        holder: {
          ...(body('PNODATE01')['holder'] as object),
          birthDate: '1990-02-30',
        },
      }),
      400,
      'holder.birthDate',
    );
    expectRefusal(await h.http().get('/agencies?province=ATLANTIS'), 400, 'province');
    const walkIn = await h
      .http()
      .post('/cases')
      .set('Authorization', await auth(UIO_OFFICER))
      .send(
        body('PWALKIN01', {
          procedure: 'FOREIGNER_CODE_EMPLOYMENT',
          filerRole: 'employer',
          employerId: '1790016919001',
          walkIn: { agencyId: 'NO-EXISTE', vulnerableGroup: 'elderly', identityNumber: '1710034065' },
        }),
      );
    expectRefusal(walkIn, 400, 'walkIn.agencyId');
  });

  it('refuses unknown filter values and unknown query parameters; lists every procedure', async () => {
    const token = await auth(AUDITOR);
    expectRefusal(await h.http().get('/cases?status=foo').set('Authorization', token), 400, 'status');
    expectRefusal(await h.http().get('/cases?colour=red').set('Authorization', token), 400, 'colour');
    expectRefusal(await h.http().get('/agencies?x=1'), 400, 'x');
    expectRefusal(await h.http().get('/cases?agencyId=NO-EXISTE').set('Authorization', token), 400, 'agencyId');
    expect((await h.http().get('/cases?agencyId=UIO-NORTE').set('Authorization', token)).status).toBe(200);
    for (const procedure of ['AFFILIATE_PORTAL_PASSWORD', 'EMPLOYER_PORTAL_PASSWORD', 'FOREIGNER_CODE']) {
      expect((await h.http().get(`/cases?procedure=${procedure}`).set('Authorization', token)).status).toBe(200);
    }
  });

  it('refuses page numbers beyond the range on every list, and far-off or impossible dates', async () => {
    for (const [path, who] of [
      ['/cases', AUDITOR],
      ['/audit/actions', AUDITOR],
      ['/legal/inbox', LEGAL],
      ['/legal/poderes', LEGAL],
    ] as const) {
      for (const page of ['99999999999999999999', '1e308', '-1', 'abc']) {
        expectRefusal(
          await h
            .http()
            .get(`${path}?page=${page}`)
            .set('Authorization', await auth(who)),
          400,
          'page',
        );
      }
    }
    expectRefusal(await h.http().get('/agencies/UIO-NORTE/availability?date=9999-12-31'), 400, 'date');
    expectRefusal(await h.http().get('/agencies/UIO-NORTE/availability?date=2026-02-30'), 400, 'date');
    expectRefusal(
      await h
        .http()
        .get('/cases?deadlineBefore=%2B275760-09-13T00:00:00Z')
        .set('Authorization', await auth(AUDITOR)),
      400,
      'deadlineBefore',
    );
  });

  it('answers bodies it cannot read with 400/415, never 500', async () => {
    const latin1 = await h
      .http()
      .post('/password-links/inspect')
      .set('Content-Type', 'application/json; charset=latin1')
      .send(Buffer.from('{"token":"abc"}', 'latin1'));
    expectRefusal(latin1, 415);
    expect(latin1.body.error.code).toBe('REQUEST.CHARSET_UNSUPPORTED');
    const gzip = await h
      .http()
      .post('/password-links/inspect')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(zlib.gzipSync('{"token":"abc"}'));
    expectRefusal(gzip, 415);
    const br2 = await h.http().post('/password-links/inspect').set('Content-Type', 'application/json').set('Content-Encoding', 'br2').send('{"token":"abc"}');
    expectRefusal(br2, 415);
    const broken = await h.http().post('/password-links/inspect').set('Content-Type', 'application/json').send('{"token":');
    expectRefusal(broken, 400);
    const noFiler = await h.http().post('/portal-passwords/employer').send({
      channel: 'virtual',
      employerId: '1790016919001',
      filerRole: 'employer',
      captchaToken: 'x:1',
    });
    expectRefusal(noFiler, 400, 'filer');
    const listFiler = await h.http().post('/portal-passwords/employer').send({
      channel: 'virtual',
      employerId: '1790016919001',
      filerRole: 'employer',
      filer: [],
      captchaToken: 'x:1',
    });
    expectRefusal(listFiler, 400, 'filer');
  });

  it('checks scope before state: a Guayaquil officer may not cancel a Pichincha case without appointment, and is told why', async () => {
    const opened = await openCase('PSCOPE001');
    const caseId = opened.body.caseId as string;
    await h.smtp.waitForMessage((m) => m.to.includes('pscope001@example.ec'));
    for (const officer of [GYE_OFFICER, UIO_OFFICER]) {
      const res = await h
        .http()
        .post(`/cases/${caseId}/cancellation`)
        .set('Authorization', await auth(officer))
        .send({ reason: 'Pedido por teléfono' });
      expectRefusal(res, 403);
      expect(res.body.error.code).toBe('AUTH.OUT_OF_SCOPE');
      expect(res.body.error.message).not.toMatch(/estado actual/);
      expectRefusal(
        await h
          .http()
          .get(`/cases/${caseId}`)
          .set('Authorization', await auth(officer)),
        403,
      );
    }
    const view = await h
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', await auth(applicant('PSCOPE001')));
    expect(view.body.status).toBe('awaiting_verification');
  });

  it('refuses an in-person action sent to a portal-password case in words, not with an SDK message', async () => {
    const a = await seedAffiliate(h.db.dataSource, affiliateFixture());
    const challenge = await h.http().get('/captcha').expect(200);
    const [x, y] = (challenge.body.question as string).match(/\d+/g)!.map(Number);
    const started = await h
      .http()
      .post('/portal-passwords/affiliate')
      .send({
        identityNumber: a.identityNumber,
        captchaToken: `${challenge.body.captchaId}:${(x ?? 0) + (y ?? 0)}`,
      });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    // The case's first event reaches the read model within its first workflow task.
    let res;
    for (let i = 0; i < 50; i++) {
      res = await h.http().post(`/cases/${caseId}/verification`).set('Authorization', `Bearer ${started.body.accessToken}`).send({ code: '123456' });
      if (res.status !== 404) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expectRefusal(res!, 422);
    expect(res!.body.error.code).toBe('CASE.ACTION_NOT_AVAILABLE');
  });

  it('a 429 says when to come back in Retry-After', async () => {
    const limited = await startApiHarness('api_bad_input_rate', {
      // Not production's 30: the limit is reached in three requests.
      PUBLIC_RATE_LIMIT_PER_MINUTE: '2',
    });
    try {
      let res = await limited.http().get('/agencies');
      for (let i = 0; i < 3 && res.status !== 429; i++) res = await limited.http().get('/agencies');
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Object.keys(res.headers).filter((k) => k.startsWith('retry-after-'))).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
