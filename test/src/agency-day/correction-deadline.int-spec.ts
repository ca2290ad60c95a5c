import { checkInUpdate, recordDocumentsUpdate } from '@tramites/contracts';
import { endOfBusinessDaysFrom } from '@tramites/domain';
import { OFFICER, observedDocuments000, openCaseInput, recordHistory, slotStartingSoon, startWorkflowSuite, type WorkflowSuite } from '@tramites/testing';

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
});
