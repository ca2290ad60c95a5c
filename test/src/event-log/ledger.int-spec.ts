import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { EVENT_LOG_CHECKPOINT_WORKFLOW_ID, WORKFLOW_TYPES, caseWorkflowId, type CaseEventInput, type EventLogCheckpointOutcome } from '@tramites/contracts';
import { caseEventsRecorded } from '@tramites/histories';
import { waitFor } from '@tramites/infra';
import { createActivities, chainHash } from '@tramites/activities';
import { EventLogRepository, checkEventChain, createDataSource, verifyCheckpoint, type SignedCheckpoint } from '@tramites/persistence';
import {
  connectToSharedTemporal,
  createTestDatabase,
  createTestWorker,
  openCaseInput,
  recordHistory,
  testActivityDependencies,
  uniqueTaskQueue,
  type TestDatabase,
} from '@tramites/testing';

const ROOT = path.resolve(__dirname, '../../..');
const kid = 'iess-20261201-ledger';
const pair = generateKeyPairSync('ed25519');
const signing = { signingKey: { kid, privateKey: pair.privateKey }, publicKeys: { [kid]: pair.publicKey }, ephemeral: false };
/** What an auditor holds: the published key set (GET /verificacion/clave-publica), nothing secret. */
const jwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', kid, use: 'sig', alg: 'EdDSA', x: String(pair.publicKey.export({ format: 'jwk' }).x) }] };

const eventInput = (caseId: string, seq: number): CaseEventInput => ({
  caseId,
  seq,
  type: seq === 1 ? 'CASE_OPENED' : 'CASE_NOTE',
  actor: { id: 'officer-7', role: 'case_manager' },
  occurredAt: new Date(Date.UTC(2026, 11, 1, 14, seq)).toISOString(),
  data: { seq, status: 'scheduled' },
  projection: {
    workflowId: `case:${caseId}`,
    procedureType: 'FOREIGNER_CODE',
    status: 'scheduled',
    province: 'PICHINCHA',
    agencyId: 'UIO-NORTE',
    applicantId: 'applicant-1',
    deadlineAt: null,
  },
});

/** The auditor's command line, offline (no Temporal; the database only with --database). */
function auditCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', path.join(ROOT, 'scripts/audit.ts'), ...args],
      { cwd: ROOT, timeout: 90_000, env: { ...process.env, SIGNING_PUBLIC_KEYS: '', SIGNING_PRIVATE_KEY: '', SIGNING_KEY_ID: '', ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** What someone with the superuser (or the tables' owner) can still do: switch the trigger off, change the log, switch it on. */
async function asAttacker(db: TestDatabase, sql: string, params: unknown[]): Promise<void> {
  await db.dataSource.transaction(async (tx) => {
    await tx.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE case_events ENABLE ALWAYS TRIGGER case_events_append_only');
  });
}

/** The append-only event log and its signed checkpoints (ADR 0010), on real PostgreSQL. */
describe('event log: append-only and anchored by signed checkpoints', () => {
  let db: TestDatabase;
  let repo: EventLogRepository;
  const activities = () => createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1, overrides: { signing } }));
  const env = new MockActivityEnvironment();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-checkpoints-'));
  const keysFile = path.join(dir, 'clave-publica.json');
  const cut = randomUUID();
  const rewritten = randomUUID();

  const refusals = (caseId: string): Promise<Array<{ problem: string; seqs: number[] }>> =>
    db.dataSource.query('SELECT problem, seqs FROM event_log_checkpoint_refusals WHERE case_id = $1 ORDER BY refused_at', [caseId]);

  async function recordEvents(caseId: string, count: number): Promise<void> {
    for (let seq = 1; seq <= count; seq += 1) await env.run(activities().recordCaseEvent, eventInput(caseId, seq));
  }

  beforeAll(async () => {
    db = await createTestDatabase('event_log_ledger');
    repo = new EventLogRepository(db.dataSource);
    fs.writeFileSync(keysFile, JSON.stringify(jwks));
    await recordEvents(cut, 7);
    await recordEvents(rewritten, 3);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on case_events, even to the superuser', async () => {
    const refused = (sql: string) => expect(db.dataSource.query(sql, [cut])).rejects.toThrow(/case_events is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
    await refused(`UPDATE case_events SET data = '{}' WHERE case_id = $1 AND seq = 7`);
    await refused(`DELETE FROM case_events WHERE case_id = $1 AND seq = 7`);
    await expect(db.dataSource.query('TRUNCATE case_events')).rejects.toThrow(/case_events is append-only: TRUNCATE refused/);
    // Not even with the replication role that skips ordinary triggers.
    await expect(
      db.dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL session_replication_role = replica`);
        await tx.query(`DELETE FROM case_events WHERE case_id = $1`, [cut]);
      }),
    ).rejects.toThrow(/append-only: DELETE refused/);
    expect((await repo.events(cut)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives the apps a role that may append and read the log but not change it, and may still work the read model', async () => {
    const asApp = (sql: string) =>
      db.dataSource.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE tramites_app');
        return tx.query(sql, [cut]);
      });
    await expect(asApp(`UPDATE case_events SET type = 'X' WHERE case_id = $1`)).rejects.toThrow(/permission denied for table case_events/);
    await expect(asApp(`DELETE FROM case_events WHERE case_id = $1`)).rejects.toThrow(/permission denied for table case_events/);
    await expect(asApp(`DELETE FROM event_log_checkpoints WHERE $1::uuid IS NOT NULL`)).rejects.toThrow(/permission denied for table event_log_checkpoints/);
    expect(await asApp(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`)).toEqual([{ n: 7 }]);
    await expect(asApp(`UPDATE cases SET updated_at = now() WHERE id = $1`)).resolves.toBeDefined();
    const privileges: Array<{ privilege_type: string }> = await db.dataSource.query(
      `SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'tramites_app' AND table_name = 'case_events' ORDER BY 1`,
    );
    expect(privileges.map((p) => p.privilege_type)).toEqual(['INSERT', 'SELECT']);
  });

  let first: SignedCheckpoint;

  it('signs a checkpoint of every grown case, verifiable offline with only the public key, and takes none when nothing grew', async () => {
    const taken = await env.run(activities().takeEventLogCheckpoint);
    expect(taken).toMatchObject({ checkpoint: 1, heads: 2, refused: [] });
    first = (await repo.checkpoint(1))!;
    expect(first.payload.heads).toEqual(expect.arrayContaining([{ caseId: cut, seq: 7, hash: (await repo.events(cut))[6]!.hash }]));
    expect(verifyCheckpoint(first, { [kid]: pair.publicKey })).toMatchObject({ valid: true });
    expect(await env.run(activities().takeEventLogCheckpoint)).toEqual({ checkpoint: null, heads: 0, refused: [] });

    const file = path.join(dir, 'checkpoint-1.json');
    fs.writeFileSync(file, JSON.stringify(first, null, 2));
    const ok = await auditCli(['verify-checkpoint', file, '--keys', keysFile]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain('FIRMA VÁLIDA: punto de control 1');
    expect(ok.stdout).toContain('RESULTADO: íntegro.');

    // The same file with one head moved back a step: the signature no longer holds.
    const forged = JSON.parse(JSON.stringify(first)) as SignedCheckpoint;
    forged.payload.heads = forged.payload.heads.map((h) => (h.caseId === cut ? { ...h, seq: 5 } : h));
    fs.writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
    const bad = await auditCli(['verify-checkpoint', path.join(dir, 'forged.json'), '--keys', keysFile]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('NO VÁLIDO: el punto de control 1 no es válido (BAD_SIGNATURE');
  });

  it('names the last events deleted behind the trigger, and a chain rewritten with fresh hashes, from the checkpoint the auditor kept', async () => {
    await recordEvents(rewritten, 4);
    expect(await env.run(activities().takeEventLogCheckpoint)).toMatchObject({ checkpoint: 2, heads: 1 });
    // The attacker removes the case's last two events and lowers the read model to match.
    await asAttacker(db, 'DELETE FROM case_events WHERE case_id = $1 AND seq > 5', [cut]);
    await db.dataSource.query('UPDATE cases SET last_event_seq = 5 WHERE id = $1', [cut]);
    // ... and rewrites event 2 of the other case, recomputing every later hash so the chain is self-consistent.
    const events = await repo.events(rewritten);
    let prev = events[0]!.hash;
    for (const e of events.slice(1)) {
      const data = e.seq === 2 ? { ...e.data, status: 'cancelled' } : e.data;
      const hash = chainHash(prev, {
        caseId: e.case_id,
        seq: e.seq,
        type: e.type,
        actorId: e.actor_id,
        actorRole: e.actor_role,
        occurredAt: e.occurred_at.toISOString(),
        data,
      });
      await asAttacker(db, 'UPDATE case_events SET data = $2, prev_hash = $3, hash = $4 WHERE case_id = $1 AND seq = $5', [rewritten, data, prev, hash, e.seq]);
      prev = hash;
    }
    expect(checkEventChain(await repo.events(rewritten)).valid).toBe(true); // the chain alone no longer tells

    const cutCheck = checkEventChain(await repo.events(cut), { recordedLastSeq: 5, checkpointedHeads: await repo.checkpointedHeads(cut) });
    expect(cutCheck.findings).toEqual([{ problem: 'MISSING', seqs: [6, 7] }]);
    const rewrittenCheck = checkEventChain(await repo.events(rewritten), { checkpointedHeads: await repo.checkpointedHeads(rewritten) });
    expect(rewrittenCheck.findings).toEqual([
      { problem: 'CHECKPOINT_MISMATCH', seqs: [3], checkpoint: 1 },
      { problem: 'CHECKPOINT_MISMATCH', seqs: [4], checkpoint: 2 },
    ]);
    // A checkpoint never signs over the damage: a chain shorter than, or diverging from, the one it signed is refused,
    // and the refusal is recorded (append-only) for the auditors.
    const round = (await env.run(activities().takeEventLogCheckpoint)) as EventLogCheckpointOutcome;
    expect(round.checkpoint).toBeNull();
    expect(round.refused).toEqual(
      expect.arrayContaining([
        { caseId: cut, seqs: [6, 7], problem: 'MISSING' },
        { caseId: rewritten, seqs: [4], problem: 'CHECKPOINT_MISMATCH' },
      ]),
    );
    expect(await refusals(cut)).toEqual([{ problem: 'MISSING', seqs: [6, 7] }]);
    expect(await refusals(rewritten)).toEqual([{ problem: 'CHECKPOINT_MISMATCH', seqs: [4] }]);
    // Refused again next round, recorded once.
    await env.run(activities().takeEventLogCheckpoint);
    expect(await refusals(cut)).toHaveLength(1);
    await expect(db.dataSource.query('DELETE FROM event_log_checkpoint_refusals WHERE case_id = $1', [cut])).rejects.toThrow(/append-only: DELETE refused/);

    // The auditor's files against the database: exactly what is missing and what was rewritten.
    const second = (await repo.checkpoint(2))!;
    fs.writeFileSync(path.join(dir, 'checkpoint-2.json'), JSON.stringify(second));
    const res = await auditCli(
      ['verify-checkpoint', path.join(dir, 'checkpoint-1.json'), path.join(dir, 'checkpoint-2.json'), '--keys', keysFile, '--database'],
      {
        DATABASE_URL: db.url,
      },
    );
    expect(res.code).toBe(2);
    expect(res.stdout).toContain(`BASE DE DATOS: trámite ${cut}: faltan los eventos 6, 7`);
    expect(res.stdout).toContain(`BASE DE DATOS: trámite ${rewritten}: no coincide con el punto de control 1 hasta el evento 3`);
    expect(res.stdout).toContain('RESULTADO: NO íntegro.');
  });

  it('refuses to sign a case whose new events do not extend its signed chain', async () => {
    const caseId = randomUUID();
    await recordEvents(caseId, 2);
    const first = (await env.run(activities().takeEventLogCheckpoint)) as EventLogCheckpointOutcome;
    expect(first.heads).toBe(1);
    expect(first.refused.map((r) => r.caseId)).not.toContain(caseId);
    await recordEvents(caseId, 3);
    await asAttacker(db, `UPDATE case_events SET data = '{"forged":true}' WHERE case_id = $1 AND seq = 3`, [caseId]);
    const round = (await env.run(activities().takeEventLogCheckpoint)) as EventLogCheckpointOutcome;
    expect(round).toMatchObject({ checkpoint: null, heads: 0 });
    expect(round.refused.filter((r) => r.caseId === caseId)).toEqual([{ caseId, seqs: [3], problem: 'HASH_MISMATCH' }]);
  });

  it('is enough for the apps: logged in as a member of tramites_app, events are recorded and checkpoints taken', async () => {
    const login = `tramites_app_test_${randomUUID().slice(0, 8)}`;
    await db.dataSource.query(`CREATE ROLE ${login} LOGIN PASSWORD 'app-secret' IN ROLE tramites_app`);
    const url = new URL(db.url);
    url.username = login;
    url.password = 'app-secret';
    const asApp = createDataSource({ url: url.toString(), poolSize: 1, applicationName: 'test-app-role' });
    await asApp.initialize();
    try {
      const app = createActivities(testActivityDependencies({ dataSource: asApp, smtpPort: 1, overrides: { signing } }));
      const caseId = randomUUID();
      for (let seq = 1; seq <= 2; seq += 1) await env.run(app.recordCaseEvent, eventInput(caseId, seq));
      expect((await repo.events(caseId)).map((e) => e.seq)).toEqual([1, 2]);
      await expect(asApp.query('DELETE FROM case_events WHERE case_id = $1', [caseId])).rejects.toThrow(/permission denied for table case_events/);
      await expect(asApp.query('ALTER TABLE case_events DISABLE TRIGGER case_events_append_only')).rejects.toThrow(/must be owner of table case_events/);
      const taken = (await env.run(app.takeEventLogCheckpoint)) as EventLogCheckpointOutcome;
      expect(taken).toMatchObject({ checkpoint: expect.any(Number), heads: 1 });
      expect(taken.refused.map((r) => r.caseId)).not.toContain(caseId);
    } finally {
      await asApp.destroy();
      await db.dataSource.query(`DROP ROLE ${login}`);
    }
  });

  describe('the checkpoint workflow', () => {
    let temporal: TestWorkflowEnvironment;
    let worker: Worker;
    let running: Promise<void>;
    const taskQueue = uniqueTaskQueue('event-log-checkpoint');

    beforeAll(async () => {
      temporal = await connectToSharedTemporal();
      worker = await createTestWorker({
        connection: temporal.nativeConnection,
        namespace: temporal.namespace ?? 'default',
        taskQueue,
        dependencies: testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1, overrides: { signing } }),
      });
      running = worker.run();
    });
    afterAll(async () => {
      worker?.shutdown();
      await running;
      await temporal?.teardown();
    });

    it('takes a checkpoint each round, then waits for the next (recorded for replay)', async () => {
      await recordEvents(randomUUID(), 1);
      const before = (await repo.listCheckpoints()).length;
      const handle = await temporal.client.workflow.start(WORKFLOW_TYPES.eventLogCheckpoint, {
        taskQueue,
        workflowId: `event-log-checkpoint:${taskQueue}`,
        args: [{ intervalMinutes: 60 }],
      });
      try {
        const deadline = Date.now() + 20_000;
        while (!(await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes)) {
          if (Date.now() > deadline) throw new Error('the workflow did not reach its timer');
          await new Promise((r) => setTimeout(r, 200));
        }
        expect((await repo.listCheckpoints()).length).toBe(before + 1);
        await recordHistory(handle, 'event-log-checkpoint-round');
        // Replayed under its file's name as workflow id: the fixed id, which the start-origins check asks of the checkpoint.
        await recordHistory(handle, EVENT_LOG_CHECKPOINT_WORKFLOW_ID);
      } finally {
        await handle.terminate('fin de la prueba');
      }
    });

    it('refuses a case whose log lacks the last event its workflow recorded, before any checkpoint covered it', async () => {
      const input = openCaseInput();
      const { caseId } = input;
      const handle = await temporal.client.workflow.start(WORKFLOW_TYPES.inPersonCase, { taskQueue, workflowId: caseWorkflowId(caseId), args: [input] });
      try {
        // Opened: CASE_OPENED and VERIFICATION_CODE_SENT, in the log and in the workflow's history.
        await waitFor(
          'two events in the log and in the history',
          async () => (await repo.events(caseId)).length === 2 && caseEventsRecorded(await handle.fetchHistory()) === 2,
          {
            timeoutMs: 20_000,
            intervalMs: 200,
          },
        );
        // As the superuser: the trigger off, the last event removed, the read model lowered to match, the trigger on.
        await asAttacker(db, 'DELETE FROM case_events WHERE case_id = $1 AND seq = 2', [caseId]);
        await db.dataSource.query('UPDATE cases SET last_event_seq = 1 WHERE id = $1', [caseId]);
        // The database alone no longer tells: the chain holds and no checkpoint knew the case.
        expect(checkEventChain(await repo.events(caseId), { recordedLastSeq: 1, checkpointedHeads: await repo.checkpointedHeads(caseId) }).valid).toBe(true);
        expect(checkEventChain(await repo.events(caseId), { recordedLastSeq: 1, history: { events: 2, closed: false } }).findings).toEqual([
          { problem: 'MISSING', seqs: [2] },
        ]);

        // The worker's checkpoint asks each case's workflow (its Temporal client): the shortened log is never signed.
        const witnessed = createActivities(
          testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1, overrides: { signing, temporal: temporal.client } }),
        );
        const round = (await env.run(witnessed.takeEventLogCheckpoint)) as EventLogCheckpointOutcome;
        expect(round.refused).toContainEqual({ caseId, seqs: [2], problem: 'MISSING' });
        expect(await repo.checkpointedHeads(caseId)).toEqual([]);
        expect(await refusals(caseId)).toEqual([{ problem: 'MISSING', seqs: [2] }]);
      } finally {
        await handle.terminate('fin de la prueba');
      }
    });
  });
});
