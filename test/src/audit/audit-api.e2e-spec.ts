import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { caseWorkflowId, type CaseView } from '@tramites/contracts';
import { temporalWitness } from '@tramites/activities';
import { caseEventsRecorded } from '@tramites/histories';
import { EventLogRepository, verifyCheckpoint, type SignedCheckpoint } from '@tramites/persistence';
import { CaseDriver, OFFICER, completeDocuments000, requireTestEnv, slotStartingSoon, testDataConverter, workflowBundle } from '@tramites/testing';
import { startApiHarness, type ApiHarness } from '@tramites/testing/api';

/** Auditors through HTTP: timeline, state as of an instant, hash chain, history export and replay, action search. */
describe('audit API', () => {
  let h: ApiHarness;
  let driver: CaseDriver;
  const officer = { sub: OFFICER.id, role: 'case_manager' as const, agencyId: 'UIO-NORTE' };
  const auditor = { sub: `auditor-${randomUUID().slice(0, 6)}`, role: 'auditor' as const };
  const tag = randomUUID().slice(0, 8);
  const applicant = { sub: `P${tag.toUpperCase()}`, role: 'applicant' as const };
  const email = `titular-${tag}@example.ec`;

  let caseId: string;
  /** An instant after the check-in and before the documents were reviewed. */
  let afterCheckIn: string;
  let beforeOpening: string;
  let exported: { events: Array<Record<string, unknown>> };

  const bearer = async (p: Parameters<ApiHarness['token']>[0]): Promise<string> => `Bearer ${await h.token(p)}`;
  const asAuditor = async (path: string) =>
    h
      .http()
      .get(path)
      .set('Authorization', await bearer(auditor));

  /** A 000 case filed by the holder, driven over HTTP from the emailed code to the issued code. */
  beforeAll(async () => {
    h = await startApiHarness('audit_api');
    driver = new CaseDriver(h.env.client, h.taskQueue, h.smtp);
    beforeOpening = new Date(Date.now() - 1000).toISOString();
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', await bearer(applicant))
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email, mobile: '0991234567' },
        holder: { fullName: 'María José Pérez Gómez', nationality: 'VEN', documentType: 'passport', documentNumber: applicant.sub, birthDate: '1990-04-12' },
      })
      .expect(201);
    caseId = opened.body.caseId;
    const code = await driver.emailedCode(email);
    await h
      .http()
      .post(`/cases/${caseId}/verification`)
      .set('Authorization', await bearer(applicant))
      .send({ code })
      .expect(200);
    const slotId = await slotStartingSoon(h.db.dataSource, 'UIO-NORTE');
    await h
      .http()
      .post(`/cases/${caseId}/appointment`)
      .set('Authorization', await bearer(applicant))
      .send({ slotId })
      .expect(200);
    await h
      .http()
      .post(`/cases/${caseId}/check-in`)
      .set('Authorization', await bearer(officer))
      .expect(200);
    await new Promise((r) => setTimeout(r, 50));
    afterCheckIn = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));
    const { documents } = completeDocuments000(OFFICER);
    await h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', await bearer(officer))
      .send({ documents })
      .expect(200);
    const result = (await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).result()) as CaseView;
    expect(result.status).toBe('issued');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows the finished case as a timeline, in order, with who did what', async () => {
    const res = await asAuditor(`/audit/cases/${caseId}/timeline`);
    expect(res.status).toBe(200);
    const events = res.body.events as Array<{
      seq: number;
      type: string;
      what: string;
      actor: { id: string; role: string };
      at: string;
      data: Record<string, unknown>;
    }>;
    expect(events.map((e) => e.type)).toEqual([
      'CASE_OPENED',
      'VERIFICATION_CODE_SENT',
      'BOOKER_VERIFIED',
      'APPOINTMENT_BOOKED',
      'CASE_CHECKED_IN',
      'DOCUMENTS_ACCEPTED',
      'FOREIGNER_CODE_ISSUED',
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[4]).toMatchObject({
      what: 'Llegada registrada en ventanilla',
      actor: { id: OFFICER.id, role: 'case_manager' },
      data: { status: 'checked_in' },
    });
    expect(events[0]).toMatchObject({ what: 'Trámite iniciado', actor: { id: applicant.sub, role: 'applicant' } });
    expect(events[6]).toMatchObject({ actor: { role: 'system' }, data: { status: 'issued' } });
    const instants = events.map((e) => Date.parse(e.at));
    expect([...instants].sort((a, b) => a - b)).toEqual(instants);
  });

  it('reconstructs the state as of a past instant, and before the case existed', async () => {
    const res = await asAuditor(`/audit/cases/${caseId}/state?asOf=${encodeURIComponent(afterCheckIn)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId, asOf: afterCheckIn, status: 'checked_in', lastEvent: { seq: 5, type: 'CASE_CHECKED_IN' } });
    expect(res.body.events).toHaveLength(5);

    const before = await asAuditor(`/audit/cases/${caseId}/state?asOf=${encodeURIComponent(beforeOpening)}`);
    expect(before.body).toMatchObject({ status: null, lastEvent: null, events: [] });

    const bad = await asAuditor(`/audit/cases/${caseId}/state?asOf=ayer`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('exports the Temporal history as a JSON attachment that replays against the current workflow code', async () => {
    const res = await asAuditor(`/audit/cases/${caseId}/history`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="case-${caseId}-history.json"`);
    expect(res.headers['x-history-source']).toBe('temporal');
    exported = JSON.parse(res.text);
    expect(exported.events[0]).toMatchObject({ eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    await expect(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter }, exported, caseWorkflowId(caseId)),
    ).resolves.toBeUndefined();
  });

  it('replays the case on request: cleanly, with the issued state the workflow returned', async () => {
    const res = await h
      .http()
      .post(`/audit/cases/${caseId}/replay`)
      .set('Authorization', await bearer(auditor));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      caseId,
      replaysCleanly: true,
      historySource: 'temporal',
      workflowOutcome: 'completed',
      stateSource: 'workflow_result',
      status: 'issued',
      reconstructedState: { caseId, status: 'issued', result: { kind: 'FOREIGNER_CODE' } },
    });
    expect(res.body.error).toBeUndefined();
    expect(res.body.historyEvents).toBe(exported.events.length);
    // The event log holds exactly the events the workflow recorded.
    expect(res.body.eventLog).toMatchObject({ rows: 7, recordedInHistory: 7, matches: true, missingSeqs: [], alteredSeqs: [] });
  });

  /** Another applicant opens a 000 case (CASE_OPENED, VERIFICATION_CODE_SENT) and leaves it waiting for the code. */
  async function openOtherCase(): Promise<{ other: { sub: string; role: 'applicant' }; caseId: string }> {
    const other = { sub: `P${randomUUID().slice(0, 8).toUpperCase()}`, role: 'applicant' as const };
    const opened = await h
      .http()
      .post('/cases')
      .set('Authorization', await bearer(other))
      .send({
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: `otro-${other.sub.toLowerCase()}@example.ec`, mobile: '0991234567' },
        holder: { fullName: 'Ana Lucía Torres', nationality: 'COL', documentType: 'passport', documentNumber: other.sub, birthDate: '1985-07-01' },
      })
      .expect(201);
    const id: string = opened.body.caseId;
    await waitFor(async () => (await asAuditor(`/audit/cases/${id}/timeline`)).body.events?.length >= 2);
    return { other, caseId: id };
  }

  it('replays a case still running, whose state comes from the event log', async () => {
    const { other, caseId: running } = await openOtherCase();
    const res = await h
      .http()
      .post(`/audit/cases/${running}/replay`)
      .set('Authorization', await bearer(auditor));
    expect(res.body).toMatchObject({ replaysCleanly: true, workflowOutcome: 'running', stateSource: 'event_log', status: 'awaiting_verification' });
    expect(res.body.reconstructedState).toBeUndefined();
    await h
      .http()
      .post(`/cases/${running}/cancellation`)
      .set('Authorization', await bearer(other))
      .send({ reason: 'fin de la prueba' })
      .expect(200);
  });

  it('searches actions by actor (and, on request, the logged reads)', async () => {
    const res = await asAuditor(`/audit/actions?actorId=${OFFICER.id}&pageSize=100`);
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ kind: string; caseId: string; type: string; actor: { id: string }; at: string; what: string }>;
    expect(items.every((i) => i.actor.id === OFFICER.id && i.kind === 'event')).toBe(true);
    expect(items.filter((i) => i.caseId === caseId).map((i) => i.type)).toEqual(['DOCUMENTS_ACCEPTED', 'CASE_CHECKED_IN']);
    expect(res.body.total).toBeGreaterThanOrEqual(2);

    const byType = await asAuditor(`/audit/actions?type=FOREIGNER_CODE_ISSUED&role=system&from=${encodeURIComponent(beforeOpening)}`);
    expect((byType.body.items as Array<{ caseId: string }>).map((i) => i.caseId)).toContain(caseId);

    const reads = await asAuditor(`/audit/actions?actorId=${auditor.sub}&includeReads=true&pageSize=100`);
    const kinds = (reads.body.items as Array<{ kind: string; type: string; caseId: string; what: string }>).filter((i) => i.caseId === caseId);
    expect(kinds).toContainEqual(expect.objectContaining({ kind: 'access', type: 'audit_timeline', what: 'Auditoría: consulta de la línea de tiempo' }));

    const tooBig = await asAuditor('/audit/actions?pageSize=101');
    expect(tooBig.status).toBe(400);
  });

  it('logs every audit read of the case', async () => {
    const rows: Array<{ action: string }> = await h.db.dataSource.query(
      `SELECT DISTINCT action FROM case_access_log WHERE case_id = $1 AND actor_id = $2 AND actor_role = 'auditor'`,
      [caseId, auditor.sub],
    );
    expect(rows.map((r) => r.action).sort()).toEqual(
      ['audit_actions_search', 'audit_history_export', 'audit_replay', 'audit_state_as_of', 'audit_timeline'].sort(),
    );
  });

  it('the auditor CLI replays and exports the case, and says so in one line when the case is unknown', async () => {
    // Without DATABASE_URL the history is replayed alone, and one line says the log was not compared.
    const replayed = await auditCli(['replay', caseId], { DATABASE_URL: '' });
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(`REPRODUCIBLE: el historial del trámite ${caseId}`);
    expect(replayed.stdout).toContain('Estado final: issued');
    expect(replayed.stdout.split('\n').filter((l) => l.includes('Registro de eventos'))).toEqual([
      expect.stringMatching(/^Registro de eventos: no comparado .*DATABASE_URL/),
    ]);

    // With it, the log in PostgreSQL is compared with the events the history recorded and the signed heads.
    const compared = await auditCli(['replay', caseId], { DATABASE_URL: h.db.url });
    expectCli(compared, 0, [
      `REPRODUCIBLE: el historial del trámite ${caseId}`,
      'REGISTRO ÍNTEGRO: el registro de eventos de PostgreSQL coincide con el historial (7 eventos registrados por el flujo, 7 filas)',
    ]);
    expect(compared.stderr).toBe('');

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cli-')), 'historial.json');
    const exportedByCli = await auditCli(['export', caseId, file]);
    expect(exportedByCli.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).events).toHaveLength(exported.events.length);

    const unknown = await auditCli(['replay', randomUUID()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^audit: Temporal .* no tiene el trámite/)]);

    const unreachable = await auditCli(['replay', caseId], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^audit: No se pudo conectar con Temporal en 127\.0\.0\.1:1/);
  });

  it('refuses applicants and case managers (403) and requests without a token (401)', async () => {
    for (const p of [applicant, officer]) {
      for (const path of [
        `/audit/cases/${caseId}/timeline`,
        `/audit/cases/${caseId}/verification`,
        '/audit/actions',
        '/audit/checkpoints',
        '/audit/checkpoints/1',
      ]) {
        const res = await h
          .http()
          .get(path)
          .set('Authorization', await bearer(p));
        expect([path, p.role, res.status, res.body.error?.code]).toEqual([path, p.role, 403, 'AUTH.ROLE_NOT_ALLOWED']);
      }
      const replay = await h
        .http()
        .post(`/audit/cases/${caseId}/replay`)
        .set('Authorization', await bearer(p));
      expect(replay.status).toBe(403);
    }
    const anonymous = await h.http().get(`/audit/cases/${caseId}/timeline`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('AUTH.TOKEN_REQUIRED');
    const unknown = await asAuditor(`/audit/cases/${randomUUID()}/timeline`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CASE.NOT_FOUND');
    const notUuid = await asAuditor('/audit/cases/no-es-uuid/timeline');
    expect(notUuid.status).toBe(400);
  });

  /** What someone with the superuser (or the table's owner) can still do: switch the append-only trigger off, change the log, switch it on. */
  const asAttacker = (sql: string, params: unknown[]) =>
    h.db.dataSource.transaction(async (tx) => {
      await tx.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE case_events ENABLE ALWAYS TRIGGER case_events_append_only');
    });

  it('verifies the hash chain written by the worker; the log refuses UPDATE and DELETE', async () => {
    const intact = await asAuditor(`/audit/cases/${caseId}/verification`);
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({
      caseId,
      valid: true,
      events: 7,
      expectedEvents: 7,
      missingSeqs: [],
      alteredSeqs: [],
      findings: [],
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(intact.body.firstBrokenSeq).toBeUndefined();
    expect(intact.body.verdict).toContain('Aún no hay un punto de control firmado');
    await expect(h.db.dataSource.query(`UPDATE case_events SET data = '{}' WHERE case_id = $1 AND seq = 5`, [caseId])).rejects.toThrow(
      /case_events is append-only: UPDATE refused/,
    );
    await expect(h.db.dataSource.query(`DELETE FROM case_events WHERE case_id = $1 AND seq > 5`, [caseId])).rejects.toThrow(
      /case_events is append-only: DELETE refused/,
    );
  });

  it('signs a checkpoint that an auditor downloads and verifies offline with only the public key', async () => {
    const pair = generateKeyPairSync('ed25519');
    const taken = await new EventLogRepository(h.db.dataSource).takeCheckpoint({ kid: 'iess-audit-e2e', privateKey: pair.privateKey });
    expect(taken.checkpoint?.payload.heads).toContainEqual({ caseId, seq: 7, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const number = taken.checkpoint!.payload.number;
    const list = await asAuditor('/audit/checkpoints');
    expect(list.status).toBe(200);
    expect(list.body.at(-1)).toMatchObject({ number, kid: 'iess-audit-e2e', heads: taken.checkpoint!.payload.heads.length });
    const download = await asAuditor(`/audit/checkpoints/${number}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain(`event-log-checkpoint-${number}.json`);
    const document = JSON.parse(JSON.stringify(download.body)) as SignedCheckpoint;
    expect(verifyCheckpoint(document, { 'iess-audit-e2e': pair.publicKey })).toMatchObject({ valid: true });
    document.payload.heads = document.payload.heads.map((head) => (head.caseId === caseId ? { ...head, seq: 5 } : head));
    expect(verifyCheckpoint(document, { 'iess-audit-e2e': pair.publicKey })).toMatchObject({ valid: false, reason: 'BAD_SIGNATURE' });
    expect((await asAuditor('/audit/checkpoints/999999')).body.error.code).toBe('CHECKPOINT.NOT_FOUND');
    expect((await asAuditor('/audit/checkpoints/uno')).status).toBe(400);

    const anchored = await asAuditor(`/audit/cases/${caseId}/verification`);
    expect(anchored.body).toMatchObject({ valid: true, lastCheckpoint: { checkpoint: number, seq: 7 } });
    expect(anchored.body.verdict).toContain(`Coincide con el punto de control firmado ${number}`);
  });

  it('names the last events deleted behind the trigger, even when the read model is lowered to match', async () => {
    const saved: Array<Record<string, unknown>> = await h.db.dataSource.query('SELECT * FROM case_events WHERE case_id = $1 AND seq > 5 ORDER BY seq', [
      caseId,
    ]);
    await asAttacker('DELETE FROM case_events WHERE case_id = $1 AND seq > 5', [caseId]);
    await h.db.dataSource.query('UPDATE cases SET last_event_seq = 5 WHERE id = $1', [caseId]);
    const cut = await asAuditor(`/audit/cases/${caseId}/verification`);
    expect(cut.body).toMatchObject({ valid: false, events: 5, expectedEvents: 7, firstBrokenSeq: 6, problem: 'MISSING', missingSeqs: [6, 7], alteredSeqs: [] });
    expect(cut.body.verdict).toContain('Faltan los eventos 6 y 7');

    // Putting the very rows back (INSERT is allowed) restores the chain the checkpoint signed.
    for (const row of saved) {
      await h.db.dataSource.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row['case_id'], row['seq'], row['type'], row['actor_id'], row['actor_role'], row['occurred_at'], row['data'], row['prev_hash'], row['hash']],
      );
    }
    await h.db.dataSource.query('UPDATE cases SET last_event_seq = 7 WHERE id = $1', [caseId]);
    expect((await asAuditor(`/audit/cases/${caseId}/verification`)).body).toMatchObject({ valid: true, events: 7 });
  });

  /** A running case (2 events recorded by its workflow) whose last event is then deleted behind the trigger, before any checkpoint covers it. */
  async function shortenedRunningCase(): Promise<{ caseId: string; handle: ReturnType<typeof h.env.client.workflow.getHandle> }> {
    const { caseId: shortened } = await openOtherCase();
    const handle = h.env.client.workflow.getHandle(caseWorkflowId(shortened));
    await waitFor(async () => caseEventsRecorded(await handle.fetchHistory()) === 2);
    // As the superuser: the trigger off, the last event removed, the read model lowered to match, the trigger on.
    await asAttacker('DELETE FROM case_events WHERE case_id = $1 AND seq = 2', [shortened]);
    await h.db.dataSource.query('UPDATE cases SET last_event_seq = 1 WHERE id = $1', [shortened]);
    return { caseId: shortened, handle };
  }

  it("names the last event deleted before any checkpoint covered the case, from the workflow's history; the checkpoint refuses it", async () => {
    const { caseId: shortened, handle } = await shortenedRunningCase();
    try {
      const replay = await h
        .http()
        .post(`/audit/cases/${shortened}/replay`)
        .set('Authorization', await bearer(auditor));
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({
        replaysCleanly: false,
        workflowOutcome: 'running',
        eventLog: { rows: 1, recordedInHistory: 2, matches: false, missingSeqs: [2] },
      });
      expect(replay.body.error).toBeUndefined();
      expect(replay.body.verdict).toContain('el registro de eventos NO coincide');
      expect(replay.body.verdict).toContain('Falta el evento 2');

      // The worker's checkpoint asks the workflow too: the shortened log is refused, never signed.
      const pair = generateKeyPairSync('ed25519');
      const taken = await new EventLogRepository(h.db.dataSource).takeCheckpoint(
        { kid: 'iess-audit-e2e', privateKey: pair.privateKey },
        new Date(),
        temporalWitness(h.env.client),
      );
      expect(taken.refused).toContainEqual({ caseId: shortened, seqs: [2], problem: 'MISSING' });
      expect(await new EventLogRepository(h.db.dataSource).checkpointedHeads(shortened)).toEqual([]);
    } finally {
      await handle.terminate('fin de la prueba');
    }
  });

  it('the auditor CLI compares the log with the history too: exit 2 naming the event deleted behind the trigger, by case and from an exported file', async () => {
    const { caseId: shortened, handle } = await shortenedRunningCase();
    try {
      const replayed = await auditCli(['replay', shortened], { DATABASE_URL: h.db.url });
      expectCli(replayed, 2, [
        `REPRODUCIBLE: el historial del trámite ${shortened}`,
        'REGISTRO NO ÍNTEGRO: el registro de eventos de PostgreSQL no coincide con el historial (2 eventos registrados por el flujo, 1 fila)',
        'Faltan: 2. Añadidos fuera del flujo: ninguno. Alterados: ninguno.',
        '- Falta el evento 2 (fue borrado del registro)',
      ]);
      expect(replayed.stderr.trim().split('\n')).toEqual([`audit: El registro de eventos del trámite ${shortened} no está íntegro.`]);

      // The same from an exported history file, which names its case.
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cli-')), 'historial.json');
      expect((await auditCli(['export', shortened, file])).code).toBe(0);
      const fromFile = await auditCli(['replay-file', file], { DATABASE_URL: h.db.url });
      expectCli(fromFile, 2, [`REPRODUCIBLE: el historial del archivo ${file}`, 'Faltan: 2. Añadidos fuera del flujo: ninguno. Alterados: ninguno.']);
    } finally {
      await handle.terminate('fin de la prueba');
    }
  });

  it('names the altered event', async () => {
    // Someone with database access rewrites where the applicant was checked in.
    await asAttacker(`UPDATE case_events SET data = jsonb_set(data, '{agencyId}', '"GYE-CENTRO"') WHERE case_id = $1 AND seq = 5`, [caseId]);
    const tampered = await asAuditor(`/audit/cases/${caseId}/verification`);
    expect(tampered.body).toMatchObject({ valid: false, events: 7, firstBrokenSeq: 5, problem: 'HASH_MISMATCH', missingSeqs: [], alteredSeqs: [5] });
    expect(tampered.body.verdict).toContain('El contenido del evento 5 no coincide con su hash registrado');
  });

  it('serves the timeline, and the archived history, of a case that Temporal no longer has', async () => {
    // A closed case past the namespace retention: its rows stay in PostgreSQL, Temporal answers NotFound.
    // (The dev server accepts DeleteWorkflowExecution but did not delete within 40 s, so the case is copied under a new id.)
    const gone = randomUUID();
    await h.db.dataSource.query(
      `INSERT INTO cases (id, workflow_id, procedure_type, status, province, agency_id, applicant_id, deadline_at, last_event_seq,
                          waiting_on, holder_name, appointment_at, created_at, updated_at)
       SELECT $2::uuid, 'case:' || $2::text, procedure_type, status, province, agency_id, applicant_id, deadline_at, last_event_seq,
              waiting_on, holder_name, appointment_at, created_at, updated_at
         FROM cases WHERE id = $1`,
      [caseId, gone],
    );
    await h.db.dataSource.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash)
       SELECT $2, seq, type, actor_id, actor_role, occurred_at, data, prev_hash, hash FROM case_events WHERE case_id = $1`,
      [caseId, gone],
    );
    const missing = await asAuditor(`/audit/cases/${gone}/history`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('HISTORY.NOT_FOUND');
    expect((await asAuditor(`/audit/cases/${gone}/timeline`)).body.events).toHaveLength(7);

    // The copy an archiver keeps of a closed case's history (migration 1700000000700).
    await h.db.dataSource.query('INSERT INTO case_history_archive (case_id, history) VALUES ($1, $2)', [gone, JSON.stringify(exported)]);
    const archived = await asAuditor(`/audit/cases/${gone}/history`);
    expect(archived.status).toBe(200);
    expect(archived.headers['x-history-source']).toBe('archive');
    expect(JSON.parse(archived.text).events).toHaveLength(exported.events.length);
    const replay = await h
      .http()
      .post(`/audit/cases/${gone}/replay`)
      .set('Authorization', await bearer(auditor));
    // The archived history replays, and every event it recorded has its row; but the rows copied under the new id keep
    // hashes that bind the original case id (and the event 5 altered above): the replay says the log does not match.
    expect(replay.body).toMatchObject({ historySource: 'archive', status: 'issued', stateSource: 'workflow_result' });
    expect(replay.body.error).toBeUndefined();
    expect(replay.body).toMatchObject({ replaysCleanly: false, eventLog: { rows: 7, recordedInHistory: 7, matches: false, missingSeqs: [] } });
    expect(replay.body.eventLog.alteredSeqs).toEqual([1, 2, 3, 4, 5, 6, 7]);

    // A history the current code would not have produced (its first activity renamed): not clean, and said so.
    const altered = JSON.parse(JSON.stringify(exported)) as { events: Array<{ activityTaskScheduledEventAttributes?: { activityType: { name: string } } }> };
    const scheduled = altered.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType.name = 'someOtherActivity';
    await h.db.dataSource.query('UPDATE case_history_archive SET history = $2 WHERE case_id = $1', [gone, JSON.stringify(altered)]);
    const diverged = await h
      .http()
      .post(`/audit/cases/${gone}/replay`)
      .set('Authorization', await bearer(auditor));
    expect(diverged.status).toBe(200);
    expect(diverged.body).toMatchObject({ replaysCleanly: false, error: expect.any(String), stateSource: 'event_log', status: 'issued' });
    expect(diverged.body.reconstructedState).toBeUndefined();
  });
});

/** `npm run audit -- ...` as an auditor would run it, against the suite's Temporal server. */
function auditCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = path.resolve(__dirname, '../../..');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', path.join(root, 'scripts/audit.ts'), ...args],
      {
        cwd: root,
        timeout: 90_000,
        env: { ...process.env, TEMPORAL_ADDRESS: requireTestEnv('temporalAddress'), TEMPORAL_NAMESPACE: requireTestEnv('namespace'), ...env },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The command's exit code, and the lines its output lacks among those expected (none). */
function expectCli(run: { code: number; stdout: string }, code: number, lines: string[]): void {
  expect({ code: run.code, lacking: lines.filter((l) => !run.stdout.includes(l)) }).toEqual({ code, lacking: [] });
}

async function waitFor(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
