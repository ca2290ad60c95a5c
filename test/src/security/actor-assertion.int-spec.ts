import { createHmac, randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ACTOR_ASSERTION_HEADER, bookSlotUpdate, cancelUpdate, recordDocumentsUpdate, verifyCodeUpdate, type Actor } from '@tramites/contracts';
import { actorAssertionInterceptor } from '@tramites/infra';
import {
  OFFICER,
  TEST_ACTOR_ASSERTION_KEY,
  completeDocuments000,
  observedDocuments000,
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
import { TestRows } from '@tramites/testing/rows';

/** ADR 0014: an update whose actor the API did not vouch for is refused, whoever sends it to Temporal. */
describe('no way around the API: actor assertions', () => {
  let suite: WorkflowSuite;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let driver: CaseDriver;
  /** A client of the Temporal frontend as the CLI is one: it has the codec (an operator may), but not the API's key. */
  let forger: Client;
  /** A client that signs, but with a key of its own. */
  let wrongKey: Client;
  /** A client that sends the header it is given (one copied from a history, as `temporal workflow show` prints it). */
  let lifter: Client;
  let lifted: Payload | undefined;

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
    const plant: WorkflowClientInterceptor = {
      startUpdate: (input, next) => next(lifted ? { ...input, headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: lifted } } : input),
    };
    lifter = new Client({
      connection: env.connection,
      namespace: requireTestEnv('namespace'),
      dataConverter: testDataConverter,
      interceptors: { workflow: [plant] },
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

  it('refuses, in the validator, an actor whose id is not a text or whose scope is missing: nothing of it enters the history or the case', async () => {
    const [scheduledCase] = await driver.casesAtTheWindow(db.dataSource, 1);
    const { input, handle } = scheduledCase as NonNullable<typeof scheduledCase>;
    const forge = (name: string, args: unknown[]) =>
      forger.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(name, { args: args as [unknown], updateId: `forged-${randomUUID()}` })
        .catch(refusal);
    // As in the issue: `temporal workflow update execute --name recordDocuments --input '{"actor":{"id":1,...}}'` issued a code.
    const numberId = { id: 1, role: 'case_manager', agencyId: 'UIO-NORTE' };
    await expect(forge('recordDocuments', [{ ...completeDocuments000(OFFICER), actor: numberId }])).resolves.toBe('VALIDATION.FAILED');
    await expect(forge('recordDocuments', [{ ...completeDocuments000(OFFICER), actor: { id: 'x', role: 'case_manager' } }])).resolves.toBe('VALIDATION.FAILED');
    await expect(forge('retryStuck', [{ actor: { id: { $ne: null }, role: 'case_manager', agencyId: 'UIO-NORTE' } }])).resolves.toBe('VALIDATION.FAILED');
    await expect(forge('recordDocuments', [null])).resolves.toBe('VALIDATION.FAILED');
    await expect(forge('recordDocuments', [])).resolves.toBe('VALIDATION.FAILED');
    const history = (await handle.fetchHistory()).events ?? [];
    expect(history.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId?.startsWith('forged-'))).toEqual([]);
    const events = await new TestRows(db.dataSource).caseEvents(input.caseId);
    expect(events.map((e) => e.type)).not.toContain('FOREIGNER_CODE_ISSUED');
    expect(events.map((e) => e.actor_id)).not.toContain('1');
    expect((await driver.query(handle)).status).toBe('checked_in');
    await handle.executeUpdate(cancelUpdate, { args: [{ actor: OFFICER, reason: 'fin de la prueba' }] }).catch(() => undefined);
  });

  it('binds the assertion to the arguments and the update id: a header lifted from the history vouches for nothing else, and is taken once', async () => {
    const [atWindow] = await driver.casesAtTheWindow(db.dataSource, 1);
    const { input, handle } = atWindow as NonNullable<typeof atWindow>;
    // The officer observes the documents (a genuine update through the API's client).
    const observedId = `observe-${randomUUID()}`;
    await handle.executeUpdate(recordDocumentsUpdate, { args: [observedDocuments000(OFFICER)], updateId: observedId });
    expect((await driver.query(handle)).status).toBe('awaiting_correction');
    const eventsBefore = await new TestRows(db.dataSource).caseEvents(input.caseId);

    // `temporal workflow show`: the header sits in the history in clear (the codec does not encrypt headers).
    const accepted = ((await handle.fetchHistory()).events ?? []).find(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === observedId,
    );
    const header = accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.header?.fields?.[ACTOR_ASSERTION_HEADER];
    expect(header).toBeDefined();
    lifted = header as Payload;
    try {
      const send = (args: unknown[], updateId: string) =>
        lifter.workflow
          .getHandle(handle.workflowId)
          .executeUpdate(recordDocumentsUpdate, { args: args as [never], updateId })
          .then((v) => v.status)
          .catch(refusal);
      // As in the issue: a complete document set under the officer's header, seconds later.
      await expect(send([completeDocuments000(OFFICER)], randomUUID())).resolves.toBe('AUTH.ASSERTION_INVALID');
      // The same arguments on a second update: the header is bound to the first update's id.
      await expect(send([observedDocuments000(OFFICER)], randomUUID())).resolves.toBe('AUTH.ASSERTION_INVALID');
      // The first update's own id: Temporal answers with that update's outcome, and nothing runs again.
      await expect(send([completeDocuments000(OFFICER)], observedId)).resolves.toBe('awaiting_correction');
    } finally {
      lifted = undefined;
    }
    // A genuine version 1 assertion (the API's key on the actor only, as signed before) is refused for a new update.
    const at = new Date().toISOString();
    const v1 = JSON.stringify(['tramites-actor-assertion/v1', handle.workflowId, 'recordDocuments', OFFICER.id, OFFICER.role, OFFICER.agencyId, null, at]);
    lifted = defaultPayloadConverter.toPayload({ v: 1, at, sig: createHmac('sha256', TEST_ACTOR_ASSERTION_KEY).update(v1).digest('base64url') });
    try {
      await expect(
        lifter.workflow
          .getHandle(handle.workflowId)
          .executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] })
          .catch(refusal),
      ).resolves.toBe('AUTH.ASSERTION_INVALID');
    } finally {
      lifted = undefined;
    }
    const eventsAfter = await new TestRows(db.dataSource).caseEvents(input.caseId);
    expect(eventsAfter).toEqual(eventsBefore);
    expect(eventsAfter.map((e) => e.type)).not.toContain('FOREIGNER_CODE_ISSUED');
    expect((await driver.query(handle)).status).toBe('awaiting_correction');
    // Version 2 in the history: what it vouches for (this update's id and arguments) is spent.
    expect(defaultPayloadConverter.fromPayload(header as Payload)).toMatchObject({ v: 2 });
    await recordHistory(handle, 'encrypted-000-lifted-assertion-refused');
  });
});
