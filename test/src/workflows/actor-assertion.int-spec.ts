import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bookSlotUpdate, cancelUpdate, verifyCodeUpdate, type Actor } from '@tramites/contracts';
import { actorAssertionInterceptor } from '@tramites/infra';
import {
  OFFICER,
  openCaseInput,
  recordHistory,
  requireTestEnv,
  slotStartingSoon,
  startWorkflowSuite,
  testDataConverter,
  type CaseDriver,
  type TestDatabase,
  type WorkflowSuite,
} from '@tramites/testing';
import { TestRows } from '@tramites/persistence';

/** Issue 16, 5: an update whose actor the API did not vouch for is refused, whoever sends it to Temporal. */
describe('no way around the API: actor assertions', () => {
  let suite: WorkflowSuite;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let driver: CaseDriver;
  /** A client of the Temporal frontend as the CLI is one: it has the codec (an operator may), but not the API's key. */
  let forger: Client;
  /** A client that signs, but with a key of its own. */
  let wrongKey: Client;

  beforeAll(async () => {
    suite = await startWorkflowSuite('assertions', 2);
    ({ env, db, driver } = suite);
    forger = new Client({ connection: env.connection, namespace: requireTestEnv('namespace'), dataConverter: testDataConverter });
    wrongKey = new Client({
      connection: env.connection,
      namespace: requireTestEnv('namespace'),
      dataConverter: testDataConverter,
      interceptors: { workflow: [actorAssertionInterceptor('not-the-api-key-'.repeat(3))] },
    });
  });

  afterAll(async () => {
    await suite.close();
  });

  const refusal = (err: unknown): unknown => (err instanceof WorkflowUpdateFailedError ? (err.cause as { type?: string } | undefined)?.type : err);

  it('refuses a forged actor sent through the Temporal client, logs nothing of it, and still takes the genuine one', async () => {
    const input = openCaseInput();
    const handle = await driver.open(input);
    const applicant: Actor = { id: input.booker.identityNumber, role: 'applicant' };
    const code = await driver.emailedCode(input.booker.email);

    // The booker's own identity, without the API: a cancellation would pass every rule of the case.
    await expect(
      forger.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(cancelUpdate, { args: [{ actor: applicant, reason: 'falsificado' }] })
        .catch(refusal),
    ).resolves.toBe('AUTH.ASSERTION_INVALID');
    // The genuine applicant's identity, without the API: refused too.
    await expect(
      forger.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant, code }] })
        .catch(refusal),
    ).resolves.toBe('AUTH.ASSERTION_INVALID');
    // Signed, but not with the API's key.
    await expect(
      wrongKey.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant, code }] })
        .catch(refusal),
    ).resolves.toBe('AUTH.ASSERTION_INVALID');

    // The API's client (the tests' clients sign as it does) is heard.
    const view = await handle.executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant, code }] });
    expect(view.status).not.toBe('closed');
    await handle.executeUpdate(bookSlotUpdate, { args: [{ actor: applicant, slotId: await slotStartingSoon(db.dataSource, 'UIO-NORTE') }] });
    // As in the issue: `temporal workflow update ... --input '{"actor":{"id":"forged","role":"case_manager"}}'`.
    const forged: Actor = { id: 'forged', role: 'case_manager', agencyId: 'UIO-NORTE' };
    await expect(
      forger.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(cancelUpdate, { args: [{ actor: forged, reason: 'falsificado' }] })
        .catch(refusal),
    ).resolves.toBe('AUTH.ASSERTION_INVALID');
    await handle.executeUpdate(cancelUpdate, { args: [{ actor: OFFICER, reason: 'fin de la prueba' }] });

    const events = await new TestRows(db.dataSource).caseEvents(input.caseId);
    expect(events.map((e) => e.actor_id)).not.toContain('forged');
    expect(events.filter((e) => e.type === 'BOOKER_VERIFIED')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('CASE_CANCELLED');
    await recordHistory(handle, 'encrypted-000-forged-updates-refused');
  });
});
