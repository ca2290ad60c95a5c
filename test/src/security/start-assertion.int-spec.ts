import { Client, WorkflowFailedError, type WorkflowClientInterceptor } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WORKFLOW_TYPES, cancelUpdate, caseWorkflowId, type OpenCaseInput } from '@tramites/contracts';
import { actorAssertionInterceptor } from '@tramites/infra';
import {
  TEST_ACTOR_ASSERTION_KEY,
  openCaseInput,
  recordHistory,
  requireTestEnv,
  startWorkflowSuite,
  testDataConverter,
  type CaseDriver,
  type TestDatabase,
  type WorkflowSuite,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

/** ADR 0014: a case workflow that the API did not start is refused before it records anything. */
describe('no way around the API: start assertions', () => {
  let suite: WorkflowSuite;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let driver: CaseDriver;
  const clients: Record<'forger' | 'wrongKey' | 'tampered', Client> = {} as never;

  beforeAll(async () => {
    suite = await startWorkflowSuite('start-assertions', 2);
    ({ env, db, driver } = suite);
    const client = (interceptors: WorkflowClientInterceptor[]): Client =>
      new Client({
        connection: env.connection,
        namespace: requireTestEnv('namespace'),
        dataConverter: testDataConverter,
        interceptors: { workflow: interceptors },
      });
    // A client of the frontend as the CLI is one: the codec (an operator may have it), not the API's key.
    clients.forger = client([]);
    // Signs, with a key of its own.
    clients.wrongKey = client([actorAssertionInterceptor('not-the-api-key-'.repeat(3))]);
    // Signed with the API's key, then the input changed on its way (another holder's passport).
    const tamper: WorkflowClientInterceptor = {
      start: (input, next) => {
        const [first] = input.options.args as [OpenCaseInput];
        return next({ ...input, options: { ...input.options, args: [{ ...first, holder: { ...first.holder, documentNumber: 'XX999999' } }] } });
      },
    };
    clients.tampered = client([actorAssertionInterceptor(TEST_ACTOR_ASSERTION_KEY), tamper]);
  });

  afterAll(async () => {
    await suite.close();
  });

  const start = (client: Client, input: OpenCaseInput) =>
    client.workflow.start(WORKFLOW_TYPES.inPersonCase, { taskQueue: suite.taskQueue, workflowId: caseWorkflowId(input.caseId), args: [input] });
  const failureType = (err: unknown): unknown => (err instanceof WorkflowFailedError ? (err.cause as { type?: string } | undefined)?.type : err);
  const rows = async (caseId: string): Promise<{ events: number; cases: number }> => {
    const events = (await new TestRows(db.dataSource).caseEvents(caseId)).length;
    const cases = (await new TestRows(db.dataSource).caseRow(caseId)) ? 1 : 0; // cases.id is the primary key
    return { events, cases };
  };

  it.each(['forger', 'wrongKey', 'tampered'] as const)('refuses a start by the %s client before the case records anything', async (name) => {
    const input = openCaseInput();
    const handle = await start(clients[name], input);
    await expect(handle.result().catch(failureType)).resolves.toBe('AUTH.ASSERTION_INVALID');
    await expect(rows(input.caseId)).resolves.toEqual({ events: 0, cases: 0 });
    if (name === 'forger') await recordHistory(handle, 'encrypted-000-forged-start-refused');
  });

  it('opens the case the API starts, even under the id a refused forged start used', async () => {
    const input = openCaseInput();
    await expect(
      start(clients.forger, input)
        .then((h) => h.result())
        .catch(failureType),
    ).resolves.toBe('AUTH.ASSERTION_INVALID');

    const handle = await driver.open(input);
    // The verification email follows the CASE_OPENED event on the email chain.
    await driver.emailedCode(input.booker.email);
    await handle.executeUpdate(cancelUpdate, { args: [{ actor: { id: input.booker.identityNumber, role: 'applicant' }, reason: 'fin de la prueba' }] });
    const events = await new TestRows(db.dataSource).caseEvents(input.caseId);
    expect(events[0]?.type).toBe('CASE_OPENED');
    expect(events.filter((e) => e.type === 'CASE_OPENED')).toHaveLength(1);
    await expect(rows(input.caseId)).resolves.toMatchObject({ cases: 1 });
  });
});
