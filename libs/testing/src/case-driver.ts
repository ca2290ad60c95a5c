import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  bookSlotUpdate,
  caseWorkflowId,
  checkInUpdate,
  getCaseQuery,
  recordDocumentsUpdate,
  verifyCodeUpdate,
  type Actor,
  type CaseView,
  type OpenCaseInput,
  WORKFLOW_TYPES,
} from '@tramites/contracts';
import { waitFor } from '@tramites/infra';
import { TestRows } from './rows';
import type { DataSource } from 'typeorm';
import { OFFICER, openCaseInput } from './fixtures';
import type { TestSmtpServer } from './smtp-server';
import { completeDocuments000 } from './window-documents';

/** A case the driver opened, and its workflow. */
export interface DrivenCase {
  input: OpenCaseInput;
  handle: WorkflowHandle;
}

/** Drives a case as the applicant would: reads the emailed code, verifies it, books a slot. */
export class CaseDriver {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly smtp: TestSmtpServer,
    /** How long to wait for an email (the bench, on a loaded machine, waits longer than the tests). */
    private readonly emailTimeoutMs = 10_000,
  ) {}

  async open(input: OpenCaseInput): Promise<WorkflowHandle> {
    return this.client.workflow.start(WORKFLOW_TYPES.inPersonCase, {
      taskQueue: this.taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [input],
    });
  }

  /** The 6-digit code from the latest verification email sent to `email`. */
  async emailedCode(email: string): Promise<string> {
    const message = await this.smtp.waitForMessage((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text) && /verific/i.test(m.subject), this.emailTimeoutMs);
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    if (!code) throw new Error('no code in the verification email');
    return code;
  }

  async verifyAndBook(handle: WorkflowHandle, input: OpenCaseInput, slotId: string): Promise<CaseView> {
    const applicant: Actor = { id: input.booker.identityNumber, role: 'applicant' };
    const code = await this.emailedCode(input.booker.email);
    await handle.executeUpdate(verifyCodeUpdate, { args: [{ actor: applicant, code }] });
    return handle.executeUpdate(bookSlotUpdate, { args: [{ actor: applicant, slotId }] });
  }

  query(handle: WorkflowHandle): Promise<CaseView> {
    return handle.query(getCaseQuery);
  }

  /**
   * `count` cases of 000 (with `overrides`) at UIO-NORTE, each verified, booked in one slot
   * starting soon and checked in; four applicants at a time.
   */
  async casesAtTheWindow(dataSource: DataSource, count: number, overrides: Partial<OpenCaseInput> = {}): Promise<DrivenCase[]> {
    const slotId = await slotStartingSoon(dataSource, 'UIO-NORTE', count);
    const waiting = Array.from({ length: count }, () => openCaseInput(overrides));
    const cases: DrivenCase[] = [];
    const applicant = async (): Promise<void> => {
      for (let input = waiting.shift(); input; input = waiting.shift()) {
        const handle = await this.open(input);
        cases.push({ input, handle });
        await this.verifyAndBook(handle, input, slotId);
        await handle.executeUpdate(checkInUpdate, { args: [{ actor: OFFICER }] });
      }
    };
    // Every applicant is done before a failure is reported: none is left calling a closed connection.
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(4, count) }, applicant));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return cases;
  }

  /**
   * The officer records a complete 000 filing. The update has a fixed id, so resending it
   * after a lost answer (a server or a connection gone) is the same update, applied once.
   */
  async recordDocuments(handle: WorkflowHandle, giveUpAfterMs = 90_000): Promise<CaseView> {
    const deadline = Date.now() + giveUpAfterMs;
    for (;;) {
      try {
        return await handle.executeUpdate(recordDocumentsUpdate, {
          args: [completeDocuments000(OFFICER)],
          updateId: `record-documents:${handle.workflowId}`,
        });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * The officer records the documents of `cases` in two waves around a fault: the first half's,
   * then, once one case is issued, the second half's, and `fault` strikes at once. So the fault
   * always meets cases in flight, however fast the first wave runs (a burst that all issued
   * between two polls once left none for it). Resolves when every review is answered.
   */
  async recordDocumentsAroundAFault(
    dataSource: DataSource,
    cases: readonly DrivenCase[],
    fault: () => Promise<void>,
    giveUpAfterMs = 180_000,
  ): Promise<{ issuedAtFault: number; faultAt: number }> {
    const rows = new TestRows(dataSource);
    const before = await rows.issuedCaseCount();
    const half = Math.ceil(cases.length / 2);
    const review = ({ handle }: DrivenCase): Promise<CaseView> => this.recordDocuments(handle, giveUpAfterMs);
    const firstWave = cases.slice(0, half).map(review);
    await waitFor('the first case issued', async () => (await rows.issuedCaseCount()) > before, { timeoutMs: 60_000, intervalMs: 20 });
    const secondWave = cases.slice(half).map(review);
    const issuedAtFault = (await rows.issuedCaseCount()) - before;
    const faultAt = Date.now();
    await fault();
    await Promise.all([...firstWave, ...secondWave]);
    return { issuedAtFault, faultAt };
  }
}

/** A slot that starts in a few minutes today, 23:59 in Guayaquil at the latest (so that a check-in is allowed now). */
export async function slotStartingSoon(dataSource: DataSource, agencyId: string, capacity = 2, minutes = 5): Promise<string> {
  return new TestRows(dataSource).slotStartingIn(agencyId, minutes, capacity, true);
}

/** A slot `minutes` from now, whatever the day: for cases that are booked and left waiting. */
export async function slotStartingLater(dataSource: DataSource, agencyId: string, capacity: number, minutes: number): Promise<string> {
  return new TestRows(dataSource).slotStartingIn(agencyId, minutes, capacity);
}
