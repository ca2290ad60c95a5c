import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  checkInUpdate,
  getCaseQuery,
  recordDocumentsUpdate,
  resolveDuplicateUpdate,
  type Actor,
  type CaseView,
  type OpenCaseInput,
  type ResolveDuplicateInput,
} from '@tramites/contracts';
import { createActivities } from '@tramites/activities';
import { isValidForeignerCode } from '@tramites/domain';
import {
  completeDocuments000,
  OFFICER,
  openCaseInput,
  recordHistory,
  slotStartingSoon,
  startWorkflowSuite,
  testActivityDependencies,
  uniqueHolderName,
  type CaseDriver,
  type TestDatabase,
  type WorkflowSuite,
} from '@tramites/testing';
import { TestRows } from '@tramites/testing/rows';

const GYE_OFFICER: Actor = { id: 'officer-gye-3', role: 'case_manager', agencyId: 'GYE-CENTRO' };

/** ADR 0016: one person, one code, whatever document they show. */
describe('foreigner code: possible duplicates', () => {
  let suite: WorkflowSuite;
  let db: TestDatabase;
  let driver: CaseDriver;

  beforeAll(async () => {
    suite = await startWorkflowSuite('duplicates', 4);
    ({ db, driver } = suite);
  });
  afterAll(async () => {
    await suite.close();
  });

  async function toIssuance(input: OpenCaseInput): Promise<WorkflowHandle> {
    const handle = await driver.open(input);
    await driver.verifyAndBook(handle, input, await slotStartingSoon(db.dataSource, 'UIO-NORTE'));
    await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
    await handle.executeUpdate(recordDocumentsUpdate, { args: [completeDocuments000(OFFICER)] });
    return handle;
  }

  async function waitForStatus(handle: WorkflowHandle, status: CaseView['status']): Promise<CaseView> {
    for (let i = 0; i < 100; i += 1) {
      const view = await handle.query(getCaseQuery);
      if (view.status === status) return view;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`case never reached ${status}`);
  }

  /** The same person (names written another way) files again with a visa instead of the passport. */
  function withVisa(first: OpenCaseInput, visa: string): OpenCaseInput {
    const [given1, given2, surname1, surname2] = first.holder.fullName.split(' ');
    return openCaseInput({
      holder: {
        ...first.holder,
        fullName: `${surname1 ?? ''} ${surname2 ?? ''}, ${given1 ?? ''} ${given2 ?? ''}`.toUpperCase(),
        documentType: 'visa',
        documentNumber: visa,
      },
    });
  }

  const events = async (caseId: string): Promise<Array<{ type: string; actor_id: string; data: Record<string, unknown> }>> =>
    (await new TestRows(db.dataSource).caseEvents(caseId)).map(({ type, actor_id, data }) => ({ type, actor_id, data }));

  async function issuedFirst(): Promise<{ input: OpenCaseInput; code: string }> {
    const input = openCaseInput();
    const result: CaseView = await (await toIssuance(input)).result();
    expect(result.status).toBe('issued');
    return { input, code: result.result?.code ?? '' };
  }

  it('a second document already shown by the person gets the same code, without review', async () => {
    const { input, code } = await issuedFirst();
    const again = openCaseInput({ holder: input.holder });
    const result: CaseView = await (await toIssuance(again)).result();
    expect(result.result).toMatchObject({ code, alreadyHad: true });
  });

  it('same names, birth date and nationality with a visa: "posible duplicado"; the case manager says same person: the existing code', async () => {
    const { input, code } = await issuedFirst();
    const second = withVisa(input, `V${input.caseId.slice(0, 7).toUpperCase()}`);
    const handle = await toIssuance(second);
    const paused = await waitForStatus(handle, 'possible_duplicate');
    expect(paused.waitingOn).toBe('institution');
    expect(paused.duplicateReview?.candidates).toEqual([
      expect.objectContaining({ code, documents: [{ documentType: 'passport', documentNumber: input.holder.documentNumber }] }),
    ]);
    expect((await new TestRows(db.dataSource).caseRow(second.caseId))?.status).toBe('possible_duplicate');

    // Only a case manager of the case's agency decides, with a reason and a candidate's code.
    const refusedWith = async (input2: ResolveDuplicateInput): Promise<string | undefined> => {
      try {
        await handle.executeUpdate(resolveDuplicateUpdate, { args: [input2] });
        return undefined;
      } catch (err) {
        return err instanceof WorkflowUpdateFailedError ? (err.cause as { type?: string } | undefined)?.type : String(err);
      }
    };
    expect(await refusedWith({ actor: GYE_OFFICER, decision: 'same_person', reason: 'misma persona' })).toBe('AUTH.OUT_OF_SCOPE');
    expect(await refusedWith({ actor: OFFICER, decision: 'same_person', reason: '' })).toBe('VALIDATION.REQUIRED');
    expect(await refusedWith({ actor: OFFICER, decision: 'same_person', code: '912345678906', reason: 'misma persona' })).toBe('DUPLICATE.UNKNOWN_CODE');

    const decided = await handle.executeUpdate(resolveDuplicateUpdate, {
      args: [{ actor: OFFICER, decision: 'same_person', reason: 'Mismo titular: la visa cita el pasaporte anterior' }],
    });
    expect(decided.duplicateReview).toMatchObject({ decision: 'same_person', code, decidedBy: OFFICER });
    const result: CaseView = await handle.result();
    expect(result.result).toMatchObject({ code, alreadyHad: true });

    expect(await new TestRows(db.dataSource).foreignerCodesSameNameAs(code)).toBe(1);
    const docs = await new TestRows(db.dataSource).personDocuments(code);
    expect(docs).toEqual([
      { document_type: 'passport', document_number: input.holder.documentNumber },
      { document_type: 'visa', document_number: second.holder.documentNumber },
    ]);
    const log = await events(second.caseId);
    expect(log.map((e) => e.type).slice(-3)).toEqual(['POSSIBLE_DUPLICATE_FOUND', 'POSSIBLE_DUPLICATE_RESOLVED', 'FOREIGNER_CODE_ISSUED']);
    expect(log.find((e) => e.type === 'POSSIBLE_DUPLICATE_RESOLVED')).toMatchObject({
      actor_id: OFFICER.id,
      data: { decision: 'same_person', code, reason: 'Mismo titular: la visa cita el pasaporte anterior' },
    });
    // The applicant is told the case takes longer; then gets the existing code.
    await suite.smtp.waitForMessage((m) => m.to.includes(second.booker.email) && /más tiempo/.test(m.subject));
    await recordHistory(handle, 'identity-possible-duplicate-same-person');

    // A later case with the visa finds the code at once.
    const third = openCaseInput({ holder: second.holder });
    expect((await (await toIssuance(third)).result()).result).toMatchObject({ code, alreadyHad: true });
  });

  it('the case manager says different person: a new code, and that person is no duplicate of their own document', async () => {
    const { input, code } = await issuedFirst();
    const namesake = openCaseInput({ holder: { ...input.holder, documentNumber: `Q${input.caseId.slice(0, 7).toUpperCase()}` } });
    const handle = await toIssuance(namesake);
    await waitForStatus(handle, 'possible_duplicate');
    await handle.executeUpdate(resolveDuplicateUpdate, {
      args: [{ actor: OFFICER, decision: 'different_person', reason: 'Homónimo: otra fotografía y otros padres' }],
    });
    const result: CaseView = await handle.result();
    expect(result.status).toBe('issued');
    expect(result.result?.alreadyHad).toBe(false);
    expect(result.result?.code).not.toBe(code);
    expect(isValidForeignerCode(result.result?.code ?? '').ok).toBe(true);
    await recordHistory(handle, 'identity-possible-duplicate-different-person');
  });

  it('two cases of one person racing (passport and visa): one code, the other a possible duplicate; retries give the same answer', async () => {
    const activities = createActivities(testActivityDependencies({ dataSource: db.dataSource, smtpPort: suite.smtp.port }));
    const a = openCaseInput();
    const b = withVisa(a, `V${a.caseId.slice(0, 7).toUpperCase()}`);
    // The activities run without workflows here: their cases are rows of the read model (a code names its case).
    for (const c of [a, b]) await new TestRows(db.dataSource).insertCase(c.caseId);
    const outcomes = await Promise.all([a, b].map((c) => activities.assignForeignerCode({ caseId: c.caseId, holder: c.holder })));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['assigned', 'possible_duplicate']);
    const again = await Promise.all([a, b].map((c) => activities.assignForeignerCode({ caseId: c.caseId, holder: c.holder })));
    expect(again).toEqual(outcomes);
    expect((await new TestRows(db.dataSource).foreignerCodes([a.caseId, b.caseId])).length).toBe(1);
  });

  it('the database refuses a foreigner code without the code format (length, marker, check digit)', async () => {
    const insert = (code: string) =>
      new TestRows(db.dataSource)
        .insertForeignerCode({
          code,
          personKey: `k-${code}`,
          nationality: 'VEN',
          documentType: 'passport',
          documentNumber: 'X',
          birthDate: '1990-01-01',
          fullName: uniqueHolderName(code),
          nameKey: `k-${code}`,
        })
        .then(() => true);
    for (const bad of ['912345678901', '91234567890', '812345678905', '9123456789O5', '9123456789055']) {
      await expect(insert(bad)).rejects.toThrow(/foreigner_codes_code_format_ck|value too long/);
    }
    await expect(insert('912345678905')).resolves.toBeDefined();
  });
});
