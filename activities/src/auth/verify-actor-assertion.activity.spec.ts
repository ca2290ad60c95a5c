import { createHash, createHmac } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  messageArgsText,
  openedByInArgs,
  signalAssertionMessage,
  startAssertionMessage,
  startInputText,
  updateAssertionMessage,
  type Actor,
  type SignalAssertion,
} from '@tramites/contracts';
import { makeSignSignalAssertion, makeVerifyActorAssertion, makeVerifySignalAssertion, makeVerifyStartAssertion } from './verify-actor-assertion.activity';

const KEY = 'k'.repeat(40);
const NOW = Date.parse('2026-12-01T16:00:00Z');
const actor: Actor = { id: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const digest = (args: readonly unknown[]): string => createHash('sha256').update(messageArgsText(args)).digest('base64url');
const claim = {
  workflowId: 'case:1',
  message: 'cancel',
  updateId: 'u-1',
  args: [{ actor, reason: 'no puedo asistir' }] as unknown[],
  at: new Date(NOW - 1000).toISOString(),
};
const sign = (c: typeof claim, key = KEY): string =>
  createHmac('sha256', key)
    .update(updateAssertionMessage({ workflowId: c.workflowId, message: c.message, updateId: c.updateId, argsDigest: digest(c.args), at: c.at }))
    .digest('base64url');

describe('verifyActorAssertion (version 2: the update, its id and its exact arguments)', () => {
  const verify = makeVerifyActorAssertion(KEY, () => NOW);
  const run = (assertion: unknown, c = claim) =>
    new MockActivityEnvironment().run(verify, { workflowId: c.workflowId, message: c.message, updateId: c.updateId, args: c.args, assertion });

  it('accepts the API signature on this workflow, update, update id, arguments and moment', async () => {
    await expect(run({ v: 2, at: claim.at, sig: sign(claim) })).resolves.toEqual({ ok: true });
  });

  it.each([
    ['no assertion', undefined, 'missing'],
    ['a text', 'malformed', 'malformed'],
    ['a version 1 assertion', { v: 1, at: claim.at, sig: sign(claim) }, 'outdated'],
    ['another key', { v: 2, at: claim.at, sig: sign(claim, 'x'.repeat(40)) }, 'bad_signature'],
    ['other arguments', { v: 2, at: claim.at, sig: sign({ ...claim, args: [{ actor, reason: 'otra' }] }) }, 'bad_signature'],
    [
      'another actor',
      { v: 2, at: claim.at, sig: sign({ ...claim, args: [{ actor: { ...actor, id: 'forged' }, reason: 'no puedo asistir' }] }) },
      'bad_signature',
    ],
    ['another update id', { v: 2, at: claim.at, sig: sign({ ...claim, updateId: 'u-2' }) }, 'bad_signature'],
    ['another case', { v: 2, at: claim.at, sig: sign({ ...claim, workflowId: 'case:2' }) }, 'bad_signature'],
    ['another update', { v: 2, at: claim.at, sig: sign({ ...claim, message: 'checkIn' }) }, 'bad_signature'],
    ['an old one', { v: 2, at: new Date(NOW - 10 * 60_000).toISOString(), sig: sign({ ...claim, at: new Date(NOW - 10 * 60_000).toISOString() }) }, 'expired'],
  ])('refuses %s', async (_label, assertion, reason) => {
    await expect(run(assertion)).resolves.toEqual({ ok: false, reason });
  });
});

describe('signal assertions (signed by the worker, checked by the receiver)', () => {
  const signer = makeSignSignalAssertion(KEY, () => NOW);
  const verify = makeVerifySignalAssertion(KEY, () => NOW + 60_000);
  const args = [{ caseId: 'c-1', workflowId: 'case:c-1' }];
  const signed = (): Promise<SignalAssertion> =>
    new MockActivityEnvironment().run(signer, { workflowId: 'poder:x', signal: 'subscribeToPoderDecision', args }) as Promise<SignalAssertion>;
  const check = (assertion: unknown, over: Partial<{ workflowId: string; signal: string; args: unknown[] }> = {}) =>
    new MockActivityEnvironment().run(verify, { workflowId: 'poder:x', signal: 'subscribeToPoderDecision', args, assertion, ...over });

  it('accepts what the worker signed, naming its id; each signature has an id of its own', async () => {
    const a = await signed();
    const b = await signed();
    await expect(check(a)).resolves.toEqual({ ok: true, id: a.id });
    expect(a.id).not.toBe(b.id);
  });

  it.each([
    ['another target', { workflowId: 'poder:y' }],
    ['another signal', { signal: 'poderDecided' }],
    ['other arguments', { args: [{ caseId: 'c-2', workflowId: 'case:c-2' }] }],
  ])('refuses it for %s', async (_label, over) => {
    await expect(check(await signed(), over)).resolves.toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses another id, no assertion, and one signed more than a day ago', async () => {
    const a = await signed();
    await expect(check({ ...a, id: 'other' })).resolves.toEqual({ ok: false, reason: 'bad_signature' });
    await expect(check(undefined)).resolves.toEqual({ ok: false, reason: 'missing' });
    const old = (await new MockActivityEnvironment().run(
      makeSignSignalAssertion(KEY, () => NOW - 25 * 3_600_000),
      {
        workflowId: 'poder:x',
        signal: 'subscribeToPoderDecision',
        args,
      },
    )) as SignalAssertion;
    await expect(check(old)).resolves.toEqual({ ok: false, reason: 'expired' });
    const text = signalAssertionMessage({ workflowId: 'poder:x', signal: 'subscribeToPoderDecision', signalId: a.id, argsDigest: digest(args), at: a.at });
    expect(createHmac('sha256', KEY).update(text).digest('base64url')).toBe(a.sig);
  });
});

describe('verifyStartAssertion', () => {
  const verify = makeVerifyStartAssertion(KEY);
  const input = { caseId: 'c-1', openedBy: actor, booker: { email: 'a@example.ec' } };
  const args: unknown[] = [input];
  // Years ago: measured against the clock, every assertion here would be expired.
  const STARTED = Date.parse('2020-01-01T12:00:00Z');
  const startedAt = new Date(STARTED).toISOString();
  const start = { workflowType: 'inPersonCaseWorkflow', workflowId: 'case:1', args, at: new Date(STARTED - 1000).toISOString() };
  const signStart = (c: typeof start, key = KEY): string => {
    const inputHash = createHash('sha256').update(startInputText(c.args)).digest('base64url');
    return createHmac('sha256', key)
      .update(startAssertionMessage({ workflowType: c.workflowType, workflowId: c.workflowId, actor: openedByInArgs(c.args), inputHash, at: c.at }))
      .digest('base64url');
  };
  const run = (assertion: unknown, at = startedAt) =>
    new MockActivityEnvironment().run(verify, { workflowType: start.workflowType, workflowId: start.workflowId, args, startedAt: at, assertion });

  it('accepts the API signature on this type, id, actor and input, signed near the start, however late the check runs', async () => {
    await expect(run({ v: 1, at: start.at, sig: signStart(start) })).resolves.toEqual({ ok: true });
  });

  it('refuses one signed more than five minutes away from the workflow start', async () => {
    await expect(run({ v: 1, at: start.at, sig: signStart(start) }, new Date(STARTED + 10 * 60_000).toISOString())).resolves.toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it.each([
    ['no assertion', undefined, 'missing'],
    ['another key', { v: 1, at: start.at, sig: signStart(start, 'x'.repeat(40)) }, 'bad_signature'],
    ['another workflow type', { v: 1, at: start.at, sig: signStart({ ...start, workflowType: 'employerPasswordWorkflow' }) }, 'bad_signature'],
    ['another id', { v: 1, at: start.at, sig: signStart({ ...start, workflowId: 'case:2' }) }, 'bad_signature'],
    ['another input', { v: 1, at: start.at, sig: signStart({ ...start, args: [{ ...input, booker: { email: 'b@example.ec' } }] }) }, 'bad_signature'],
    ['another actor', { v: 1, at: start.at, sig: signStart({ ...start, args: [{ ...input, openedBy: { ...actor, id: 'forged' } }] }) }, 'bad_signature'],
  ])('refuses %s', async (_label, assertion, reason) => {
    await expect(run(assertion)).resolves.toEqual({ ok: false, reason });
  });
});
