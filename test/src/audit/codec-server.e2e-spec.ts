import { randomUUID } from 'node:crypto';
import { caseWorkflowId } from '@tramites/contracts';
import { payloadToJson, waitFor } from '@tramites/infra';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';
import { TestRows } from '@tramites/testing/rows';

/** The codec server of the Temporal Web UI and CLI, and the auditors' exports. */
describe('codec server and encrypted exports', () => {
  let h: ApiHarness;
  const tag = randomUUID().slice(0, 8);
  const applicant = { sub: `P${tag.toUpperCase()}`, role: 'applicant' as const };
  const auditor = { sub: `auditor-${tag}`, role: 'auditor' as const };
  const officer = { sub: 'officer-uio-1', role: 'case_manager' as const, agencyId: 'UIO-NORTE' };
  const email = `codec-${tag}@example.ec`;
  const UI = 'http://localhost:8233';
  let caseId: string;
  /** The start input of the case, as the server stores it (encrypted), in the protocol's JSON. */
  let startInput: ReturnType<typeof payloadToJson>;

  const bearer = async (p: Parameters<ApiHarness['token']>[0]): Promise<string> => `Bearer ${await h.token(p)}`;
  const text = (b64: string | undefined): string => Buffer.from(b64 ?? '', 'base64').toString('utf8');
  const codecLog = async (): Promise<
    Array<{ actor_id: string; action: string; namespace: string; workflow_id: string | null; payloads: number; key_ids: string[] }>
  > =>
    h.db.dataSource.query('SELECT actor_id, action, namespace, workflow_id, payloads, key_ids FROM codec_access_log WHERE actor_id = $1 ORDER BY id', [
      auditor.sub,
    ]);

  beforeAll(async () => {
    h = await startApiHarness('codec_server');
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', await bearer(applicant))
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'Ana Lucía Torres Vega', nationality: 'COL', documentType: 'passport', documentNumber: applicant.sub, birthDate: '1988-02-03' },
      })
      .expect(201);
    caseId = opened.body.caseId;
    // The audit routes scope the case by its read-model row, which the worker writes on the first workflow task.
    await waitFor('the case in the read model', async () => (await new TestRows(h.db.dataSource).caseRow(caseId)) !== undefined, { timeoutMs: 20_000 });
    const history = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    startInput = payloadToJson(history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('stores what the API started encrypted: the start input shows no email', () => {
    expect(text(startInput.metadata?.['encoding'])).toBe('binary/encrypted');
    expect(text(startInput.data)).not.toContain(email);
  });

  it('decrypts for an auditor, as the Web UI asks (X-Namespace, no workflow id), and logs who and what', async () => {
    const res = await h
      .http()
      .post('/codec/decode')
      .set('Authorization', await bearer(auditor))
      .set('X-Namespace', 'tramites')
      .set('Origin', UI)
      .send({ payloads: [startInput] });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    expect(text(res.body.payloads[0].metadata.encoding)).toBe('json/plain');
    expect(text(res.body.payloads[0].data)).toContain(email);
    await h
      .http()
      .post('/codec/decode')
      .set('Authorization', await bearer(auditor))
      .set('X-Namespace', 'tramites')
      .set('X-Workflow-Id', caseWorkflowId(caseId))
      .send({ payloads: [startInput] })
      .expect(200);
    expect(await codecLog()).toEqual([
      { actor_id: auditor.sub, action: 'decode', namespace: 'tramites', workflow_id: null, payloads: 1, key_ids: ['dev-public'] },
      { actor_id: auditor.sub, action: 'decode', namespace: expect.any(String), workflow_id: caseWorkflowId(caseId), payloads: 1, key_ids: ['dev-public'] },
    ]);
  });

  it('encodes under the current key, and what it encodes decodes back', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hola"').toString('base64') };
    const enc = await h
      .http()
      .post('/codec/encode')
      .set('Authorization', await bearer(auditor))
      .set('X-Namespace', 'tramites')
      .send({ payloads: [plain] })
      .expect(200);
    expect(text(enc.body.payloads[0].metadata['encryption-key-id'])).toBe('dev-public');
    const dec = await h
      .http()
      .post('/codec/decode')
      .set('Authorization', await bearer(auditor))
      .set('X-Namespace', 'tramites')
      .send(enc.body)
      .expect(200);
    expect(dec.body.payloads).toEqual([plain]);
  });

  it('refuses without a token (401), to a case manager or an applicant (403), a bad body (400) and a tampered payload (422)', async () => {
    expect(
      (
        await h
          .http()
          .post('/codec/decode')
          .send({ payloads: [startInput] })
      ).status,
    ).toBe(401);
    expect(
      (
        await h
          .http()
          .post('/codec/decode')
          .set('Authorization', await bearer(officer))
          .send({ payloads: [startInput] })
      ).status,
    ).toBe(403);
    expect(
      (
        await h
          .http()
          .post('/codec/decode')
          .set('Authorization', await bearer(applicant))
          .send({ payloads: [startInput] })
      ).status,
    ).toBe(403);
    const bad = await h
      .http()
      .post('/codec/decode')
      .set('Authorization', await bearer(auditor))
      .send({ payloads: [{ data: 'no es base64!' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION.FAILED');
    const bytes = Buffer.from(startInput.data ?? '', 'base64');
    bytes[30] = (bytes[30] ?? 0) ^ 1;
    const tampered = await h
      .http()
      .post('/codec/decode')
      .set('Authorization', await bearer(auditor))
      .set('X-Namespace', 'tramites')
      .send({ payloads: [{ ...startInput, data: bytes.toString('base64') }] });
    expect(tampered.status).toBe(422);
    expect(tampered.body.error.code).toBe('CODEC.UNDECRYPTABLE');
  });

  it('answers the Web UI preflight from its origin only', async () => {
    const ok = await h
      .http()
      .options('/codec/decode')
      .set('Origin', UI)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(UI);
    expect(ok.headers['access-control-allow-headers']).toMatch(/x-namespace/);
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    const other = await h.http().options('/codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('exports the history encrypted as Temporal keeps it, saying so; decrypted on request, logged', async () => {
    const enc = await h
      .http()
      .get(`/audit/cases/${caseId}/history`)
      .set('Authorization', await bearer(auditor))
      .expect(200);
    expect(enc.headers['x-history-payloads']).toBe('encrypted; keys=dev-public');
    expect(enc.text).not.toContain(email);
    expect(Buffer.from(enc.text).toString()).not.toContain(Buffer.from(email).toString('base64').slice(0, 12));
    const dec = await h
      .http()
      .get(`/audit/cases/${caseId}/history?payloads=decrypted`)
      .set('Authorization', await bearer(auditor))
      .expect(200);
    expect(dec.headers['x-history-payloads']).toBe('decrypted');
    expect(dec.headers['content-disposition']).toBe(`attachment; filename="case-${caseId}-history-decrypted.json"`);
    const input = JSON.parse(dec.text).events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(text(input.data)).toContain(email);
    const reads = await new TestRows(h.db.dataSource).accessLog(caseId, auditor.sub);
    expect(reads.map((r) => r.action)).toEqual(['audit_history_export', 'audit_history_export_decrypted']);
    expect(
      (
        await h
          .http()
          .get(`/audit/cases/${caseId}/history?payloads=todo`)
          .set('Authorization', await bearer(auditor))
      ).status,
    ).toBe(400);
  });
});
