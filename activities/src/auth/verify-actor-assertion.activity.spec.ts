import { createHmac } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { actorAssertionMessage, type Actor } from '@tramites/contracts';
import { makeVerifyActorAssertion } from './verify-actor-assertion.activity';

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
