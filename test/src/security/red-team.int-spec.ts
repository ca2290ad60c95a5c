import { randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError, type WorkflowClientInterceptor, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  ACTOR_ASSERTION_HEADER,
  MESSAGE_SCHEMAS,
  SIGNAL_ASSERTION_HEADER,
  WORKFLOW_TYPES,
  caseWorkflowId,
  credentialReadyUpdate,
  getPoderQuery,
  poderId,
  type Actor,
  type AffiliatePasswordInput,
  type EmployerPasswordInput,
  type OpenCaseInput,
  type PowerOfAttorneyData,
} from '@tramites/contracts';
import { messageArgsDigest, signSignalClaim, updateAssertionHeader } from '@tramites/infra';
import {
  LEGAL_OFFICER,
  OFFICER,
  TEST_ACTOR_ASSERTION_KEY,
  THIRD_PARTY_CEDULA,
  affiliateFixture,
  completeDocuments000,
  completeDocuments001ByAttorney,
  employerFixture,
  openCaseInput,
  recordHistory,
  requireTestEnv,
  seedAffiliate,
  seedEmployer,
  slotStartingSoon,
  startWorkflowSuite,
  testDataConverter,
  testPoderReviewWorkflowId,
  type WorkflowSuite,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

/**
 * ADR 0014, the red team: every update and every signal of every workflow type (the schema
 * registry, libs/contracts message-schemas.ts) sent through the real Temporal client as the CLI
 * would send it: forged actors of every shape, no assertion, another key's, a lifted one with
 * other arguments, one replayed on another update, one of another workflow or update, an expired
 * one, a version 1 one. Each is refused, and nothing is recorded: no case event, no read-model
 * change, no foreigner code, no poder decided.
 */
describe('red team: every message of every workflow type, forged and replayed, is refused and records nothing', () => {
  let suite: WorkflowSuite;
  let env: TestWorkflowEnvironment;
  let rows: TestRows;
  /** The header the next update or signal of the forger carries (none when undefined). */
  let planted: { header: string; value: unknown } | undefined;
  /** A client of the frontend as the CLI is one: the codec (an operator may have it), not the API's key; it sends what it is told. */
  let forger: Client;

  /** A workflow under attack and what must not change. */
  interface Target {
    handle: WorkflowHandle;
    caseId: string;
    holderDocument?: string;
  }
  const targets: Partial<Record<string, Target>> = {};
  /** The poder case (in legal review) the poderDecided signal is sent to, and its review. */
  let poderCase: Target;
  let poderKey: string;
  /** A 000 case in each state the updates act in. */
  let fresh: Target;
  let scheduled: Target;
  let atWindow: Target;
  let freshInput: OpenCaseInput;

  beforeAll(async () => {
    suite = await startWorkflowSuite('red-team', 6);
    env = suite.env;
    rows = new TestRows(suite.db.dataSource);
    const plant: WorkflowClientInterceptor = {
      startUpdate: (input, next) =>
        next(planted ? { ...input, headers: { ...input.headers, [planted.header]: defaultPayloadConverter.toPayload(planted.value) } } : input),
      signal: (input, next) =>
        next(planted ? { ...input, headers: { ...input.headers, [planted.header]: defaultPayloadConverter.toPayload(planted.value) } } : input),
    };
    forger = new Client({
      connection: env.connection,
      namespace: requireTestEnv('namespace'),
      dataConverter: testDataConverter,
      interceptors: { workflow: [plant] },
    });
    const { driver, db } = suite;
    const slotId = await slotStartingSoon(db.dataSource, 'UIO-NORTE', 6);

    freshInput = openCaseInput();
    fresh = { handle: await driver.open(freshInput), caseId: freshInput.caseId };
    const scheduledInput = openCaseInput();
    const scheduledHandle = await driver.open(scheduledInput);
    await driver.verifyAndBook(scheduledHandle, scheduledInput, slotId);
    scheduled = { handle: scheduledHandle, caseId: scheduledInput.caseId };
    const windowInput = openCaseInput();
    const windowHandle = await driver.open(windowInput);
    await driver.verifyAndBook(windowHandle, windowInput, slotId);
    await windowHandle.executeUpdate('checkIn', { args: [{ actor: OFFICER }] });
    atWindow = { handle: windowHandle, caseId: windowInput.caseId, holderDocument: windowInput.holder.documentNumber };

    // 001 by an attorney: the case waits in legal review on its poder's review.
    const poder: PowerOfAttorneyData = {
      employerId: '1790016919001',
      attorneyId: THIRD_PARTY_CEDULA,
      attorneyName: 'Luis Alberto Mena Vera',
      deedNumber: `2026-17-02-${Math.floor(Math.random() * 1e6)}-P`,
      notary: 'Notaría Segunda del cantón Quito',
    };
    const poderInput = openCaseInput({ procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'attorney', employerId: poder.employerId, poder });
    poderInput.booker.identityNumber = THIRD_PARTY_CEDULA;
    poderInput.openedBy = { id: THIRD_PARTY_CEDULA, role: 'applicant' };
    const poderHandle = await driver.open(poderInput);
    await driver.verifyAndBook(poderHandle, poderInput, slotId);
    await poderHandle.executeUpdate('checkIn', { args: [{ actor: OFFICER }] });
    await poderHandle.executeUpdate('recordDocuments', { args: [completeDocuments001ByAttorney(OFFICER)] });
    poderKey = poderId(poder);
    const review = env.client.workflow.getHandle(testPoderReviewWorkflowId(poderKey));
    await waitFor(async () => (await review.query(getPoderQuery).catch(() => undefined))?.status === 'pending');
    await waitFor(async () => (await driver.query(poderHandle)).status === 'legal_review');
    poderCase = { handle: poderHandle, caseId: poderInput.caseId, holderDocument: poderInput.holder.documentNumber };

    const affiliate = await seedAffiliate(db.dataSource, affiliateFixture());
    const affiliateInput: AffiliatePasswordInput = {
      caseId: randomUUID(),
      identityNumber: affiliate.identityNumber,
      openedBy: { id: affiliate.identityNumber, role: 'applicant' },
    };
    const affiliateHandle = await env.client.workflow.start(WORKFLOW_TYPES.affiliatePassword, {
      taskQueue: suite.taskQueue,
      workflowId: caseWorkflowId(affiliateInput.caseId),
      args: [affiliateInput],
    });
    await affiliateHandle.executeUpdate(credentialReadyUpdate);
    const employer = await seedEmployer(db.dataSource, employerFixture());
    const employerInput: EmployerPasswordInput = {
      caseId: randomUUID(),
      channel: 'in_person',
      employerId: employer.id,
      filerRole: 'legal_representative',
      filer: { identityNumber: employer.legalRepIdentity, fullName: employer.legalRepName },
      agencyId: 'UIO-NORTE',
      openedBy: OFFICER,
    };
    const employerHandle = await env.client.workflow.start(WORKFLOW_TYPES.employerPassword, {
      taskQueue: suite.taskQueue,
      workflowId: caseWorkflowId(employerInput.caseId),
      args: [employerInput],
    });
    await employerHandle.executeUpdate(credentialReadyUpdate);

    targets[WORKFLOW_TYPES.inPersonCase] = atWindow;
    targets[WORKFLOW_TYPES.poderReview] = { handle: review, caseId: poderInput.caseId };
    targets[WORKFLOW_TYPES.affiliatePassword] = { handle: affiliateHandle, caseId: affiliateInput.caseId };
    targets[WORKFLOW_TYPES.employerPassword] = { handle: employerHandle, caseId: employerInput.caseId };
  }, 120_000);

  afterAll(async () => {
    await suite?.close();
  });

  async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const applicantOf = (t: Target, input?: OpenCaseInput): Actor => ({ id: input?.booker.identityNumber ?? t.caseId, role: 'applicant' });

  /**
   * Each message: the workflow it is sent to and arguments that parse against its schema (and,
   * where the workflow's state allows it, would pass its guards: then only the assertion stands
   * in the way). A message of the registry without an entry here fails its test.
   */
  const MESSAGES: Record<string, Record<string, () => { target: Target; args: unknown[] }>> = {
    [WORKFLOW_TYPES.inPersonCase]: {
      verifyCode: () => ({ target: fresh, args: [{ actor: applicantOf(fresh, freshInput), code: '123456' }] }),
      resendCode: () => ({ target: fresh, args: [{ actor: applicantOf(fresh, freshInput) }] }),
      bookSlot: () => ({ target: fresh, args: [{ actor: applicantOf(fresh, freshInput), slotId: randomUUID() }] }),
      reschedule: () => ({ target: scheduled, args: [{ actor: OFFICER, slotId: randomUUID() }] }),
      cancel: () => ({ target: scheduled, args: [{ actor: OFFICER, reason: 'cancelado sin la API' }] }),
      checkIn: () => ({ target: scheduled, args: [{ actor: OFFICER }] }),
      recordDocuments: () => ({ target: atWindow, args: [completeDocuments000(OFFICER)] }),
      retryStuck: () => ({ target: atWindow, args: [{ actor: OFFICER }] }),
      resolveDuplicate: () => ({ target: atWindow, args: [{ actor: OFFICER, decision: 'different_person', reason: 'otra persona' }] }),
      poderDecided: () => ({
        target: poderCase,
        args: [{ ...pendingView(), status: 'endorsed', decidedBy: LEGAL_OFFICER, decidedAt: new Date().toISOString() }],
      }),
    },
    [WORKFLOW_TYPES.poderReview]: {
      endorsePoder: () => ({ target: need(WORKFLOW_TYPES.poderReview), args: [{ actor: LEGAL_OFFICER, validUntil: '2099-12-31' }] }),
      rejectPoder: () => ({ target: need(WORKFLOW_TYPES.poderReview), args: [{ actor: LEGAL_OFFICER, reasonCode: 'PODER.SCOPE_INSUFFICIENT' }] }),
      subscribeToPoderDecision: () => ({
        target: need(WORKFLOW_TYPES.poderReview),
        args: [{ caseId: fresh.caseId, workflowId: caseWorkflowId(fresh.caseId) }],
      }),
    },
    [WORKFLOW_TYPES.affiliatePassword]: credentialMessages(WORKFLOW_TYPES.affiliatePassword, {
      identityChecked: (a) => [{ actor: a, ordinal: 1, outcome: 'passed', failedParts: [], failedTotal: 0 }],
      confirmEmail: (a) => [{ actor: a, email: 'intruso@example.ec' }],
      unlockCredential: () => [{ actor: OFFICER, reason: 'desbloqueo sin la API' }],
    }),
    [WORKFLOW_TYPES.employerPassword]: credentialMessages(WORKFLOW_TYPES.employerPassword, {
      submitUploads: (a) => [{ actor: a, uploads: [{ documentId: randomUUID(), kind: 'ruc' }], request: { requestDetail: 'x' } }],
      recordDocuments: () => [{ actor: OFFICER, documents: [] }],
      officeReview: () => [{ actor: OFFICER, decision: 'approve' }],
    }),
  };

  function need(type: string): Target {
    const t = targets[type];
    if (!t) throw new Error(`no ${type} under attack`);
    return t;
  }

  function credentialMessages(type: string, own: Record<string, (applicant: Actor) => unknown[]>): Record<string, () => { target: Target; args: unknown[] }> {
    const at = (args: (applicant: Actor) => unknown[]) => () => {
      const target = need(type);
      return { target, args: args({ id: `holder-of-${target.caseId.slice(0, 8)}`, role: 'applicant' }) };
    };
    return {
      ready: () => ({ target: need(type), args: [] }),
      passwordSet: at((a) => [{ actor: a, linkId: randomUUID(), setAt: new Date().toISOString() }]),
      resendLink: at((a) => [{ actor: a }]),
      ...Object.fromEntries(Object.entries(own).map(([name, args]) => [name, at(args)])),
    };
  }

  let pending: Record<string, unknown> | undefined;
  const pendingView = (): Record<string, unknown> => pending ?? {};

  /** Forged shapes of a message's arguments: none parses against the schema. */
  function forgedShapes(valid: unknown[]): Array<[string, unknown[]]> {
    const first = valid[0] as Record<string, unknown> | undefined;
    const actor = first?.['actor'] as Record<string, unknown> | undefined;
    const withActor = (a: unknown): unknown[] => [{ ...first, actor: a }];
    const { id: _id, ...noId } = actor ?? {};
    const { role: _role, ...noRole } = actor ?? {};
    const shapes: Array<[string, unknown[] | undefined]> = [
      ['a number id', actor && withActor({ ...actor, id: 1 })],
      ['an object id', actor && withActor({ ...actor, id: { id: 'officer-uio-1' } })],
      ['no id', actor && withActor(noId)],
      ['no role', actor && withActor(noRole)],
      ['an unknown role', actor && withActor({ ...actor, role: 'superuser' })],
      ['a case manager without agency', actor && withActor({ id: 'officer-uio-1', role: 'case_manager' })],
      ['a legal unit without province', actor && withActor({ id: 'legal-pic-1', role: 'legal_unit' })],
      ['an extra key in the actor', actor && withActor({ ...actor, isAdmin: true })],
      ['an extra key', first ? [{ ...first, injected: true }] : [{ injected: true }]],
      ['null', [null]],
      ['no arguments', valid.length === 0 ? undefined : []],
      ['an array', [valid]],
      ['one argument too many', [...valid, {}]],
    ];
    return shapes.filter((s): s is [string, unknown[]] => s[1] !== undefined);
  }

  /** Actors of the right shape out of scope: another agency, another province. */
  function outOfScope(valid: unknown[]): Array<[string, unknown[]]> {
    const first = valid[0] as Record<string, unknown> | undefined;
    if (!first?.['actor']) return [];
    return [
      ['a case manager of another agency', [{ ...first, actor: { id: 'officer-gye-9', role: 'case_manager', agencyId: 'GYE-CENTRO' } }]],
      ['a legal unit of another province', [{ ...first, actor: { id: 'legal-gye-9', role: 'legal_unit', province: 'GUAYAS' } }]],
    ];
  }

  const refusal = (err: unknown): string => {
    if (err instanceof WorkflowUpdateFailedError) return (err.cause as { type?: string } | undefined)?.type ?? 'refused';
    throw err;
  };

  async function sendUpdate(handle: WorkflowHandle, name: string, args: unknown[], header?: unknown, updateId = randomUUID()): Promise<string> {
    planted = header === undefined ? undefined : { header: ACTOR_ASSERTION_HEADER, value: header };
    try {
      await forger.workflow.getHandle(handle.workflowId).executeUpdate(name, { args: args as [unknown], updateId });
      return 'accepted';
    } catch (err) {
      return refusal(err);
    } finally {
      planted = undefined;
    }
  }

  async function sendSignal(handle: WorkflowHandle, name: string, args: unknown[], header?: unknown): Promise<void> {
    planted = header === undefined ? undefined : { header: SIGNAL_ASSERTION_HEADER, value: header };
    try {
      await forger.workflow.getHandle(handle.workflowId).signal(name, ...args);
    } finally {
      planted = undefined;
    }
  }

  const signUpdate = (over: { workflowId: string; message: string; updateId: string; args: unknown[]; at?: string; key?: string }) =>
    updateAssertionHeader(over.key ?? TEST_ACTOR_ASSERTION_KEY, { ...over, at: over.at ?? new Date().toISOString() });

  const signSignal = (over: { workflowId: string; signal: string; args: unknown[]; at?: string; key?: string; id?: string }) => {
    const at = over.at ?? new Date().toISOString();
    const id = over.id ?? randomUUID();
    const sig = signSignalClaim(over.key ?? TEST_ACTOR_ASSERTION_KEY, {
      workflowId: over.workflowId,
      signal: over.signal,
      signalId: id,
      argsDigest: messageArgsDigest(over.args),
      at,
    });
    return { v: 2, at, id, sig };
  };

  /** What must not change on a case: its events, its read-model row, its codes, its poder. */
  async function recorded(t: Target): Promise<unknown> {
    const events = await rows.caseEvents(t.caseId);
    const row = await rows.caseRow(t.caseId);
    return {
      events: events.map((e) => `${e.seq} ${e.type} ${e.actor_id}`),
      row: row && { status: row.status, agency: row.agency_id, waiting: row.waiting_on, last: row.last_event_seq },
      codes: t.holderDocument ? await rows.foreignerCodesForDocument(t.holderDocument) : 0,
      poder: (await rows.poderReview(poderKey))?.status ?? null,
    };
  }

  /** Every update and every signal of the registry, with the workflow type that declares it. */
  const REGISTRY = Object.entries(MESSAGE_SCHEMAS).flatMap(([type, messages]) =>
    Object.entries(messages).map(([name, schema]) => [type, name, schema.kind] as const),
  );

  it('covers every workflow type that has messages, and every handler a running workflow registers has a schema', async () => {
    pending = (await need(WORKFLOW_TYPES.poderReview).handle.query(getPoderQuery)) as unknown as Record<string, unknown>;
    for (const [type, target] of Object.entries(targets)) {
      const meta = (await (target as Target).handle.query('__temporal_workflow_metadata')) as {
        definition: { updateDefinitions: Array<{ name: string }>; signalDefinitions: Array<{ name: string }> };
      };
      const registered = [
        ...meta.definition.updateDefinitions.map((d) => `update ${d.name}`),
        ...meta.definition.signalDefinitions.map((d) => `signal ${d.name}`),
      ].filter((m) => !m.includes(' __'));
      const declared = Object.entries(MESSAGE_SCHEMAS[type as keyof typeof MESSAGE_SCHEMAS]).map(([name, s]) => `${s.kind} ${name}`);
      expect({ type, messages: registered.sort() }).toEqual({ type, messages: declared.sort() });
    }
    const withMessages = Object.entries(MESSAGE_SCHEMAS)
      .filter(([, m]) => Object.keys(m).length > 0)
      .map(([t]) => t);
    expect(Object.keys(MESSAGES).sort()).toEqual(withMessages.sort());
  });

  it.each(REGISTRY)('%s %s (%s): every forgery is refused and nothing is recorded', async (type, name, kind) => {
    const make = MESSAGES[type]?.[name];
    if (!make) throw new Error(`the red team has no case for ${kind} ${name} of ${type}: add one`);
    pending ??= (await need(WORKFLOW_TYPES.poderReview).handle.query(getPoderQuery)) as unknown as Record<string, unknown>;
    const { target, args } = make();
    const workflowId = target.handle.workflowId;
    const watched = [target, atWindow, poderCase];
    const before = await Promise.all(watched.map(recorded));
    const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

    if (kind === 'update') {
      const outcomes: Record<string, string> = {};
      const schemaRefused: string[] = [];
      // Forged shapes, even with the API's valid signature on them: the schema refuses them in the validator.
      for (const [label, forged] of forgedShapes(args)) {
        const updateId = randomUUID();
        outcomes[`signed, ${label}`] = await sendUpdate(
          target.handle,
          name,
          forged,
          signUpdate({ workflowId, message: name, updateId, args: forged }),
          updateId,
        );
        outcomes[`unsigned, ${label}`] = await sendUpdate(target.handle, name, forged);
        schemaRefused.push(updateId);
      }
      for (const label of Object.keys(outcomes)) expect([label, outcomes[label]]).toEqual([label, 'VALIDATION.FAILED']);

      // The right shape, out of scope: without the API's signature the assertion refuses it, with it the guards do.
      for (const [label, forged] of outOfScope(args)) {
        expect([label, await sendUpdate(target.handle, name, forged)]).toEqual([label, expect.stringMatching(/^(AUTH|CASE|VALIDATION|LINK|PODER)\./)]);
        const updateId = randomUUID();
        const signed = await sendUpdate(target.handle, name, forged, signUpdate({ workflowId, message: name, updateId, args: forged }), updateId);
        expect([label, signed]).toEqual([label, expect.stringMatching(/^(AUTH|CASE|VALIDATION|LINK|PODER|IDENTITY)\./)]);
      }

      // Valid arguments, an assertion that does not vouch for them (each sent under an update id of its own).
      const other = args.length ? [{ ...(args[0] as object), reason: 'otros argumentos', note: 'otros' }] : [{}];
      const attacks: Array<[string, (updateId: string) => unknown]> = [
        ['no assertion', () => undefined],
        ['a text', () => 'firmado'],
        ['another key', (u) => signUpdate({ workflowId, message: name, updateId: u, args, key: 'not-the-api-key-'.repeat(3) })],
        ['a version 1 assertion', () => ({ v: 1, at: new Date().toISOString(), sig: 'x'.repeat(43) })],
        ['a lifted one, signed for other arguments', (u) => signUpdate({ workflowId, message: name, updateId: u, args: other })],
        ['one replayed on another update', () => signUpdate({ workflowId, message: name, updateId: randomUUID(), args })],
        ['one of another workflow', (u) => signUpdate({ workflowId: `${workflowId}-other`, message: name, updateId: u, args })],
        ['one of another update', (u) => signUpdate({ workflowId, message: name === 'cancel' ? 'checkIn' : 'cancel', updateId: u, args })],
        ['an expired one', (u) => signUpdate({ workflowId, message: name, updateId: u, args, at: ago(10 * 60_000) })],
      ];
      for (const [label, header] of attacks) {
        const updateId = randomUUID();
        const outcome = await sendUpdate(target.handle, name, args, header(updateId), updateId);
        expect([label, outcome]).toEqual([label, expect.stringMatching(/^(AUTH|CASE|VALIDATION|LINK|PODER|APPOINTMENT|VERIFICATION)\./)]);
        // Where the case's own rules would let it through, only the assertion refuses it.
        if (['checkIn', 'recordDocuments', 'endorsePoder', 'rejectPoder', 'cancel', 'resendCode', 'verifyCode'].includes(name)) {
          expect([label, outcome]).toEqual([label, 'AUTH.ASSERTION_INVALID']);
        }
      }

      // A refused update never reached the history when its shape was refused.
      const accepted = ((await target.handle.fetchHistory()).events ?? []).flatMap(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? [],
      );
      expect(accepted.filter((id) => schemaRefused.includes(id))).toEqual([]);
    } else {
      const signedValid = signSignal({ workflowId, signal: name, args });
      const sends: Array<[unknown[], unknown]> = [
        ...forgedShapes(args).map(([, forged]): [unknown[], unknown] => [forged, signSignal({ workflowId, signal: name, args: forged })]),
        ...forgedShapes(args).map(([, forged]): [unknown[], unknown] => [forged, undefined]),
        ...outOfScope(args).map(([, forged]): [unknown[], unknown] => [forged, undefined]),
        [args, undefined],
        [args, 'firmado'],
        [args, signSignal({ workflowId, signal: name, args, key: 'not-the-api-key-'.repeat(3) })],
        [args, signSignal({ workflowId, signal: name, args: [{ ...(args[0] as object), caseId: 'otro' }] })],
        [args, signSignal({ workflowId: `${workflowId}-other`, signal: name, args })],
        [args, signSignal({ workflowId, signal: name === 'poderDecided' ? 'subscribeToPoderDecision' : 'poderDecided', args })],
        [args, signSignal({ workflowId, signal: name, args, at: ago(25 * 3_600_000) })],
        [args, { v: 1, at: new Date().toISOString(), sig: 'x'.repeat(43) }],
        // The same assertion twice: the second is dropped (the first, genuine in form, meets the workflow's own checks).
        [args, signedValid],
        [args, signedValid],
      ];
      const markersBefore = (await target.handle.fetchHistory()).events?.filter((e) => e.markerRecordedEventAttributes).length ?? 0;
      for (const [sent, header] of sends) await sendSignal(target.handle, name, sent, header);
      // Each signal of the right shape is checked by a local activity (a marker) before it is dropped or believed.
      const checked = sends.length - forgedShapes(args).length * 2;
      await waitFor(
        async () => ((await target.handle.fetchHistory()).events?.filter((e) => e.markerRecordedEventAttributes).length ?? 0) >= markersBefore + checked,
      );
    }

    expect(await Promise.all(watched.map(recorded))).toEqual(before);
  });

  it('still takes what the API sends: the officer checks the scheduled case in', async () => {
    const view = await env.client.workflow.getHandle(scheduled.handle.workflowId).executeUpdate('checkIn', { args: [{ actor: OFFICER }] });
    expect((view as { status: string }).status).toBe('checked_in');
    const events = await rows.caseEvents(scheduled.caseId);
    expect(events.at(-1)).toMatchObject({ type: 'CASE_CHECKED_IN', actor_id: OFFICER.id });
    expect((await rows.poderReview(poderKey))?.status).toBe('pending');
    expect(await rows.foreignerCodesForDocument(atWindow.holderDocument ?? '')).toBe(0);
    // Pinned for the replay suite: forged, replayed and malformed signals dropped by version 2 of the checks.
    await recordHistory(poderCase.handle, 'encrypted-001-red-team-signals-dropped');
    await recordHistory(need(WORKFLOW_TYPES.poderReview).handle, 'encrypted-poder-review-red-team-signals-dropped');
  });
});
