import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  bookSlotUpdate,
  caseWorkflowId,
  getCaseQuery,
  verifyCodeUpdate,
  type Actor,
  type CaseView,
  type OpenCaseInput,
} from '@tramites/contracts';
import type { DataSource } from 'typeorm';
import type { TestSmtpServer } from './smtp-server';

/** Drives a case as the applicant would: reads the emailed code, verifies it, books a slot. */
export class CaseDriver {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly smtp: TestSmtpServer,
  ) {}

  async open(input: OpenCaseInput): Promise<WorkflowHandle> {
    return this.client.workflow.start('inPersonCaseWorkflow', {
      taskQueue: this.taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [input],
    });
  }

  /** The 6-digit code from the latest verification email sent to `email`. */
  async emailedCode(email: string): Promise<string> {
    const message = await this.smtp.waitForMessage((m) => m.to.includes(email) && /\b\d{6}\b/.test(m.text) && /verific/i.test(m.subject));
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
}

/** A slot that starts in a few minutes today (so that a check-in is allowed now). */
export async function slotStartingSoon(dataSource: DataSource, agencyId: string, capacity = 2, minutes = 5): Promise<string> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO appointment_slots (id, agency_id, starts_at, capacity)
     VALUES (gen_random_uuid(), $1, date_trunc('minute', now()) + make_interval(mins => $2), $3)
     ON CONFLICT (agency_id, starts_at) DO UPDATE SET capacity = appointment_slots.capacity + EXCLUDED.capacity
     RETURNING id`,
    [agencyId, minutes, capacity],
  );
  return rows[0]!.id;
}
