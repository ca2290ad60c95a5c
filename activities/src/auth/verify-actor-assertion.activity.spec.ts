import { createHash, createHmac } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { actorAssertionMessage, openedByInArgs, startAssertionMessage, startInputText, type Actor } from '@tramites/contracts';
import { makeVerifyActorAssertion, makeVerifyStartAssertion } from './verify-actor-assertion.activity';

const KEY = 'k'.repeat(40);
const NOW = Date.parse('2026-12-01T16:00:00Z');
const actor: Actor = { id: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
const claim = { workflowId: 'case:1', message: 'cancel', actor, at: new Date(NOW - 1000).toISOString() };
const sign = (c: typeof claim, key = KEY): string => createHmac('sha256', key).update(actorAssertionMessage(c)).digest('base64url');

describe('verifyActorAssertion', () => {
  const verify = makeVerifyActorAssertion(KEY, () => NOW);
  const run = (assertion: unknown, c = claim) =>
    new MockActivityEnvironment().run(verify, { workflowId: c.workflowId, message: c.message, actor: c.actor, assertion });

  it('accepts the API signature on this actor, workflow, update and moment', async () => {
    await expect(run({ v: 1, at: claim.at, sig: sign(claim) })).resolves.toEqual({ ok: true });
  });

  it.each([
    ['no assertion', undefined, 'missing'],
    ['a text', 'malformed', 'malformed'],
    ['another key', { v: 1, at: claim.at, sig: sign(claim, 'x'.repeat(40)) }, 'bad_signature'],
    ['another actor', { v: 1, at: claim.at, sig: sign({ ...claim, actor: { ...actor, id: 'forged' } }) }, 'bad_signature'],
    ['another case', { v: 1, at: claim.at, sig: sign({ ...claim, workflowId: 'case:2' }) }, 'bad_signature'],
    ['another update', { v: 1, at: claim.at, sig: sign({ ...claim, message: 'checkIn' }) }, 'bad_signature'],
    ['another agency', { v: 1, at: claim.at, sig: sign({ ...claim, actor: { ...actor, agencyId: 'GYE-CENTRO' } }) }, 'bad_signature'],
    ['an old one', { v: 1, at: new Date(NOW - 10 * 60_000).toISOString(), sig: sign({ ...claim, at: new Date(NOW - 10 * 60_000).toISOString() }) }, 'expired'],
  ])('refuses %s', async (_label, assertion, reason) => {
    await expect(run(assertion)).resolves.toEqual({ ok: false, reason });
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
