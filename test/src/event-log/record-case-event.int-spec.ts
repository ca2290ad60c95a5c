import { MockActivityEnvironment } from '@temporalio/testing';
import type { CaseEventInput } from '@tramites/contracts';
import { createTestDatabase, testActivityDependencies, type TestDatabase } from '@tramites/testing';
import { chainHash, createActivities, GENESIS_HASH } from '@tramites/activities';
import { TestRows } from '@tramites/testing/rows';

const caseId = '11111111-1111-4111-8111-111111111111';
const eventInput = (seq: number, type: string, status: string): CaseEventInput => ({
  caseId,
  seq,
  type,
  actor: { id: 'officer-7', role: 'case_manager' },
  occurredAt: `2026-12-01T14:0${seq}:00.000Z`,
  data: { seq },
  projection: {
    workflowId: `case:${caseId}`,
    procedureType: 'FOREIGNER_CODE',
    status,
    province: 'PICHINCHA',
    agencyId: 'UIO-01',
    applicantId: 'applicant-1',
    deadlineAt: null,
  },
});

describe('recordCaseEvent activity', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('record_case_event');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('appends hash-chained events once, even when retried, and moves the read model forward only', async () => {
    const env = new MockActivityEnvironment();
    const record = createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1 })).recordCaseEvent;
    await env.run(record, eventInput(1, 'CASE_OPENED', 'scheduled'));
    await env.run(record, eventInput(1, 'CASE_OPENED', 'scheduled')); // retry
    await env.run(record, eventInput(2, 'CASE_CHECKED_IN', 'checked_in'));
    await Promise.all([env.run(record, eventInput(2, 'CASE_CHECKED_IN', 'checked_in')), env.run(record, eventInput(2, 'CASE_CHECKED_IN', 'checked_in'))]); // concurrent duplicates

    const events = await new TestRows(db.dataSource).caseEvents(caseId);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(events[1]!.prev_hash).toBe(events[0]!.hash);
    const first = eventInput(1, 'CASE_OPENED', 'scheduled');
    expect(events[0]!.hash).toBe(
      chainHash(GENESIS_HASH, {
        caseId,
        seq: 1,
        type: 'CASE_OPENED',
        actorId: first.actor.id,
        actorRole: first.actor.role,
        occurredAt: first.occurredAt,
        data: first.data,
      }),
    );

    // A late retry of event 1 must not move the read model backwards.
    await env.run(record, eventInput(1, 'CASE_OPENED', 'scheduled'));
    const row = await new TestRows(db.dataSource).caseRow(caseId);
    expect({ status: row?.status, last_event_seq: row?.last_event_seq }).toEqual({ status: 'checked_in', last_event_seq: 2 });
  });

  it('refuses an event whose predecessor is missing, so the retry lands it in order', async () => {
    const env = new MockActivityEnvironment();
    const record = createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: 1 })).recordCaseEvent;
    const other = { ...eventInput(3, 'X', 'scheduled'), caseId: '22222222-2222-4222-8222-222222222222' };
    await expect(env.run(record, other)).rejects.toThrow(/event 2 missing/);
  });
});
