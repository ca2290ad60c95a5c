import { randomUUID } from 'node:crypto';
import {
  WORKFLOW_TYPES,
  caseWorkflowId,
  checkInUpdate,
  credentialReadyUpdate,
  recordDocumentsUpdate,
  type CredentialCaseView,
  type EmployerPasswordInput,
} from '@tramites/contracts';
import { endOfBusinessDaysFrom } from '@tramites/domain';
import {
  OFFICER,
  employerFixture,
  observedDocuments000,
  openCaseInput,
  recordHistory,
  seedEmployer,
  slotStartingSoon,
  startWorkflowSuite,
  type WorkflowSuite,
} from '@tramites/testing';

/**
 * The correction of observed documents ends n business days later as the sheets count them
 * (libs/domain endOfBusinessDaysFrom, patch correction-deadline-sheets-count): a review before
 * opening makes that day the first of the n, so the desk no longer shows one day more. The edges
 * are in workflows/src/in-person-case/correction-deadline.state.spec.ts; here a real case runs the
 * patched path and its history is recorded for the replay suite.
 */
describe('the correction deadline of observed documents', () => {
  let s: WorkflowSuite;

  beforeAll(async () => {
    s = await startWorkflowSuite('correction_deadline', 2);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a case observed under the patch gets the sheets deadline (history recorded)', async () => {
    const input = openCaseInput();
    const handle = await s.driver.open(input);
    await s.driver.verifyAndBook(handle, input, await slotStartingSoon(s.db.dataSource, 'UIO-NORTE'));
    await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
    const from = Date.now();
    const observed = await handle.executeUpdate(recordDocumentsUpdate, { args: [observedDocuments000(OFFICER)] });
    const to = Date.now();
    expect(observed.status).toBe('awaiting_correction');
    expect([new Date(endOfBusinessDaysFrom(from, 5)).toISOString(), new Date(endOfBusinessDaysFrom(to, 5)).toISOString()]).toContain(observed.correctionDueAt);
    await recordHistory(handle, '000-observed-correction-deadline-sheets-count');
  });

  it('004 Ventanilla Virtual: the days to submit the documents end as the sheets count them (patch submission-deadline-sheets-count, history recorded)', async () => {
    const employer = await seedEmployer(s.db.dataSource, employerFixture());
    const input: EmployerPasswordInput = {
      caseId: randomUUID(),
      channel: 'virtual',
      employerId: employer.id,
      filerRole: 'legal_representative',
      filer: { identityNumber: employer.legalRepIdentity, fullName: employer.legalRepName },
      openedBy: { id: employer.legalRepIdentity, role: 'applicant' },
    };
    const from = Date.now();
    const handle = await s.env.client.workflow.start(WORKFLOW_TYPES.employerPassword, {
      taskQueue: s.taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [input],
    });
    const ready = (await handle.executeUpdate(credentialReadyUpdate)) as CredentialCaseView;
    const to = Date.now();
    expect(ready.status).toBe('awaiting_submission');
    expect([new Date(endOfBusinessDaysFrom(from, 5)).toISOString(), new Date(endOfBusinessDaysFrom(to, 5)).toISOString()]).toContain(ready.deadlineAt);
    await handle.terminate('the test has what it needs');
    await recordHistory(handle, '004-virtual-submission-deadline-sheets-count');
  });
});
