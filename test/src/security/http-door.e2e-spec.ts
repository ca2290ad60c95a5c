import type { Principal } from '@tramites/api';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { ERROR_CODES, WORKFLOW_TYPES, caseWorkflowId } from '@tramites/contracts';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';

/**
 * The API's door (ADR 0014, the trust model in docs/architecture.md): what no route may see.
 * A body too deep or too large is refused before it is parsed; every answer carries the
 * hardening headers; a method a route does not answer is a 405; bad input of every class is
 * a 400 that names the field, in the vocabulary's Spanish (libs/contracts/src/error-codes.ts).
 */

const APPLICANT = (sub: string): Principal => ({ sub, role: 'applicant' });
const UIO_OFFICER: Principal = { sub: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const AUDITOR: Principal = { sub: 'auditor-1', role: 'auditor' };
const SOME_CASE = '6f1c1c2e-8a4b-4c55-9b1e-2a9a6c1f0d3e';

type ErrorBody = { error?: { code: string; message: string; fields?: Array<{ field: string; message: string }> } };

function openCaseBody(documentNumber: string, holder: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    procedure: 'FOREIGNER_CODE',
    province: 'PICHINCHA',
    filerRole: 'holder',
    booker: { email: `${documentNumber.toLowerCase()}@example.ec`, mobile: '0991234567' },
    holder: {
      fullName: 'María José Pérez Gómez',
      nationality: 'VEN',
      documentType: 'passport',
      documentNumber,
      birthDate: '1990-04-12',
      ...holder,
    },
  };
}

const PASSPORT = { kind: 'passport', original: true, copy: true, fields: { fullName: 'Carlos Rivas', documentNumber: 'AB1234567' } };

describe('the API door', () => {
  let h: ApiHarness;
  const auth = async (p: Principal): Promise<string> => `Bearer ${await h.token(p)}`;

  beforeAll(async () => {
    h = await startApiHarness('api_http_door', { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await h.close();
  });

  /** A 400 naming `field`, every message Spanish (the rule's own text, never the library's English). */
  function expectFieldRefused(res: { status: number; body: ErrorBody }, field: string): void {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION.FAILED' });
    const named = res.body.error?.fields?.filter((f) => f.field === field) ?? [];
    expect(named.length).toBeGreaterThan(0);
    for (const f of named) {
      expect(f.message.startsWith(`${field} `)).toBe(true);
      expect(f.message).not.toMatch(/\b(must|should|property|each value|null)\b/);
    }
  }

  describe('bodies too deep or too large (finding: a deep body was a 500)', () => {
    const deepObject = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

    it('refuses a body nested 1,350 levels with a 400 in Spanish, on public and signed-in routes alike', async () => {
      for (const [path, token] of [
        ['/password-links/inspect', undefined],
        ['/public/cases', undefined],
        ['/cases', await auth(APPLICANT('PDEEP0001'))],
      ] as const) {
        for (const body of [deepObject(1350), `${'['.repeat(5000)}${']'.repeat(5000)}`]) {
          let req = h.http().post(path).set('Content-Type', 'application/json');
          if (token) req = req.set('Authorization', token);
          const res = await req.send(body);
          expect({ path, status: res.status, error: res.body.error }).toEqual({
            path,
            status: 400,
            error: { code: 'REQUEST.TOO_DEEP', message: ERROR_CODES['REQUEST.TOO_DEEP'].message },
          });
        }
      }
    });

    it('lets 32 levels through to validation and refuses 33 before parsing', async () => {
      const at32 = await h
        .http()
        .post('/password-links/inspect')
        .set('Content-Type', 'application/json')
        .send(`{"token":"x","extra":${deepObject(31)}}`);
      expect(at32.body.error.code).toBe('VALIDATION.FAILED');
      const at33 = await h
        .http()
        .post('/password-links/inspect')
        .set('Content-Type', 'application/json')
        .send(`{"token":"x","extra":${deepObject(32)}}`);
      expect(at33.body.error.code).toBe('REQUEST.TOO_DEEP');
      // Brackets and braces inside texts are not nesting.
      const inText = await h
        .http()
        .post('/password-links/inspect')
        .send({ token: `"${'{['.repeat(40)}\\"` });
      expect(inText.body.error.code).toBe('VALIDATION.FAILED');
    });

    it('refuses a body over 100 kB with a 413 in Spanish', async () => {
      const res = await h
        .http()
        .post('/password-links/inspect')
        .send({ token: 'x'.repeat(120_000) });
      expect(res.status).toBe(413);
      expect(res.body.error).toEqual({ code: 'REQUEST.TOO_LARGE', message: ERROR_CODES['REQUEST.TOO_LARGE'].message });
    });
  });

  describe('hardening headers and methods', () => {
    it('sends nosniff, no framing and no Referer on every answer, and no-store on every route but the public docs', async () => {
      const token = await auth(AUDITOR);
      const answers = {
        health: await h.http().get('/health'),
        agencies: await h.http().get('/agencies'),
        cases: await h.http().get('/cases').set('Authorization', token),
        refused: await h.http().get('/cases'),
        unknown: await h.http().get('/no-existe'),
        docs: await h.http().get('/docs/'),
        docsJson: await h.http().get('/docs-json'),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect({
          name,
          nosniff: res.headers['x-content-type-options'],
          frame: res.headers['x-frame-options'],
          referrer: res.headers['referrer-policy'],
        }).toEqual({
          name,
          nosniff: 'nosniff',
          frame: 'DENY',
          referrer: 'no-referrer',
        });
        expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
        if (!name.startsWith('docs')) expect({ name, cache: res.headers['cache-control'] }).toEqual({ name, cache: 'no-store' });
      }
    });

    it('answers a method that a known route does not take with 405 and Allow; an unknown path stays 404', async () => {
      const trace = await h.http().trace('/agencies');
      expect(trace.status).toBe(405);
      expect(trace.headers['allow']).toMatch(/\bGET\b/);
      expect(trace.body.error).toEqual({ code: 'ROUTE.METHOD_NOT_ALLOWED', message: ERROR_CODES['ROUTE.METHOD_NOT_ALLOWED'].message });
      const del = await h.http().delete(`/cases/${SOME_CASE}`);
      expect(del.status).toBe(405);
      expect(del.headers['allow']).toMatch(/\bGET\b/);
      const put = await h.http().put('/public/cases');
      expect(put.status).toBe(405);
      expect(put.headers['allow']).toMatch(/\bPOST\b/);
      expect((await h.http().trace('/no-existe')).status).toBe(404);
      expect((await h.http().get('/agencies')).status).toBe(200);
    });
  });

  describe('bad input of every class the fuzzer found, refused with the field named', () => {
    async function openCase(sub: string, holder: Record<string, unknown>) {
      return h
        .http()
        .post('/cases')
        .set('Authorization', await auth(APPLICANT(sub)))
        .send(openCaseBody(sub, holder));
    }

    it('takes only ISO 3166-1 alpha-3 and ICAO 9303 nationalities', async () => {
      for (const nationality of ['ZZZ', 'AAA', 'ven', 'XX']) expectFieldRefused(await openCase('PNATION01', { nationality }), 'holder.nationality');
      const stateless = await openCase('PNATION02', { nationality: 'XXA' });
      expect(stateless.status).toBe(201);
    });

    it('refuses names of only invisible characters, with bidi controls or without a letter, and bidi controls in free text', async () => {
      for (const fullName of ['\u200b\u200b\u200b', 'Ana \u202eZEREP', 'Ana\u2066 Pérez\u2069', 'Ana\ufeffPérez', '12345', ' - . '])
        expectFieldRefused(await openCase('PNAMEINV1', { fullName }), 'holder.fullName');
      const opened = await openCase('PNAMEOK01', { fullName: "Zoë O'Brien-Núñez" });
      expect(opened.status).toBe(201);
      const reason = await h
        .http()
        .post(`/cases/${opened.body.caseId as string}/cancellation`)
        .set('Authorization', await auth(APPLICANT('PNAMEOK01')))
        .send({ reason: 'No puedo \u202eriv\u202c asistir' });
      expectFieldRefused(reason, 'reason');
      const employer = await h
        .http()
        .post('/portal-passwords/employer')
        .send({
          channel: 'virtual',
          employerId: '1790016919001',
          filerRole: 'employer',
          filer: { identityNumber: '1710034065', fullName: '\u200b' },
          captchaToken: 'x:1',
        });
      expectFieldRefused(employer, 'filer.fullName');
    });

    it('refuses null for an optional boolean or text, an empty document list, empty SUT fields and a contract ending in 9999', async () => {
      const token = await auth(UIO_OFFICER);
      const record = (body: Record<string, unknown>) => h.http().post(`/cases/${SOME_CASE}/documents`).set('Authorization', token).send(body);
      expectFieldRefused(await record({ documents: [PASSPORT], holderHasCedula: null }), 'holderHasCedula');
      expectFieldRefused(await record({ documents: [{ ...PASSPORT, belongsTo: null }] }), 'documents.0.belongsTo');
      expectFieldRefused(await record({ documents: [] }), 'documents');
      for (const field of ['registrationNumber', 'foreignerFullName', 'foreignerDocumentNumber'])
        expectFieldRefused(await record({ documents: [PASSPORT], sutRecord: { [field]: '' } }), `sutRecord.${field}`);
      expectFieldRefused(await record({ documents: [PASSPORT], sutRecord: { contractEnd: '9999-12-31' } }), 'sutRecord.contractEnd');
      expectFieldRefused(await record({ documents: [PASSPORT], sutRecord: { contractEnd: '2027-02-30' } }), 'sutRecord.contractEnd');
      // A plausible record passes the door (and reaches the case, which does not exist: 404).
      const plausible = await record({
        documents: [PASSPORT],
        sutRecord: {
          registrationNumber: 'SUT-2026-0001234',
          foreignerFullName: 'Carlos Rivas',
          foreignerDocumentNumber: 'AB1234567',
          foreignerDocumentKind: 'passport',
          contractEnd: '2028-06-30',
        },
        holderHasCedula: false,
      });
      expect(plausible.status).not.toBe(400);
    });

    it('refuses a codec call without its X-Namespace header', async () => {
      const token = await auth(AUDITOR);
      const payload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hola"').toString('base64') };
      expectFieldRefused(
        await h
          .http()
          .post('/codec/encode')
          .set('Authorization', token)
          .send({ payloads: [payload] }),
        'X-Namespace',
      );
      expectFieldRefused(
        await h
          .http()
          .post('/codec/decode')
          .set('Authorization', token)
          .send({ payloads: [payload] }),
        'X-Namespace',
      );
      expect(
        (
          await h
            .http()
            .post('/codec/encode')
            .set('Authorization', token)
            .set('X-Namespace', 'tramites')
            .send({ payloads: [payload] })
        ).status,
      ).toBe(200);
    });

    it('a workflow started from outside the API runs the same checks: unknown nationality, invisible name', async () => {
      const caseId = '5b0c6c1e-0000-4000-8000-00000000d013';
      const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.inPersonCase, {
        taskQueue: h.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [
          {
            caseId,
            ...openCaseBody('PWFCHECK1', { nationality: 'ZZZ', fullName: '\u200b\u202e' }),
            booker: { identityNumber: 'PWFCHECK1', email: 'pwfcheck1@example.ec', mobile: '0991234567' },
            openedBy: { id: 'cli', role: 'case_manager' },
          },
        ],
      });
      const failure = await handle.result().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('VALIDATION.FAILED');
      expect(cause.message).toContain('holder.nationality');
      expect(cause.message).toContain('holder.fullName');
    });
  });
});
