import { condition, patched, upsertSearchAttributes } from '@temporalio/workflow';
import {
  actionRefusal,
  caseEmailIdempotencyKey,
  caseReference,
  caseSmsIdempotencyKey,
  searchAttributeKeys,
  type Actor,
  type CaseEventType,
  type CaseKindRules,
  type CaseProjection,
  type SendCaseEmailInput,
  type SendCaseSmsInput,
} from '@tramites/contracts';
import { activities, localSteps, LOCAL_STEPS_PATCH, type KernelActivities } from './activities';
import { refuse, startChecked } from './guards';

/**
 * ADR 0014, update assertions: an update's handler runs once its assertion is checked, after its
 * validator; the action's guard runs again at the start of its body (CaseKernel.exclusive), and
 * refuses with the validator's code a case that moved meanwhile (expired, closed, another state).
 * Cases that ran before replay their updates as they ran then.
 */
export const GUARD_AFTER_CHECK_PATCH = 'guard-after-check';

type EmailTemplate = SendCaseEmailInput['template'];
/** An email's own parameters: the kernel adds the case reference and the procedure's name. */
export type EmailParams<T extends EmailTemplate> = Omit<Extract<SendCaseEmailInput, { template: T }>['params'], 'reference' | 'procedureName'>;

/** What the kernel needs of a case's live view (in-person and portal cases alike). */
export interface KernelView<S extends string> {
  caseId: string;
  status: S;
  applicantId: string;
  eventCount: number;
  deadlineAt?: string;
}

/**
 * The core every case workflow shares (ADR 0018): the live view, the ordered audit trail (one
 * event per change, and maybe one email, each on its own chain), the exclusive-update lock
 * (CASE.BUSY), the guards of every update (by its kind's table of actions, libs/contracts
 * case-actions.ts), the search attributes, the officer's retry of a stuck step. A procedure's case
 * extends it with its own projection and address; its workflow file wires handlers to it.
 */
export abstract class CaseKernel<V extends KernelView<S>, S extends string, A extends string> {
  /** An update is running its activities: others wait (validators refuse with CASE.BUSY). */
  busy = false;
  /** An officer asked to retry a stuck step. */
  retryRequested = false;
  /** Event log and emails: local in cases started after ADR 0009 (decided once, at construction). */
  readonly steps: KernelActivities = patched(LOCAL_STEPS_PATCH) ? localSteps : activities;
  /** Starts at the start check: nothing is recorded before the API's start assertion is verified (ADR 0014). */
  private trail: Promise<void> = startChecked();
  private mail: Promise<void> = Promise.resolve();

  protected constructor(
    public view: V,
    protected readonly procedureName: string,
    /** What may happen to a case of this kind: the one table the API and the pages read too. */
    protected readonly rules: CaseKindRules<V, S, A>,
  ) {}

  /** The read-model row written with each event. */
  protected abstract projection(): CaseProjection;
  /** Where the case's emails go (none while empty). */
  protected abstract emailAddress(): string;
  /** More search attributes after each event (none by default). */
  protected afterRecord(): void {
    // The in-person cases upsert their procedure and province once, at the start.
  }

  get status(): S {
    return this.view.status;
  }

  /** Appends one event (and maybe one email and one SMS) in order; the read model follows the event. */
  record(type: CaseEventType, actor: Actor, data: Record<string, unknown>, email?: SendCaseEmailInput, sms?: SendCaseSmsInput): Promise<void> {
    this.view = { ...this.view, eventCount: this.view.eventCount + 1 };
    const seq = this.view.eventCount;
    const row = this.projection();
    const caseId = this.view.caseId;
    this.trail = this.trail.then(() =>
      this.steps.recordCaseEvent({ caseId, seq, type, actor, occurredAt: new Date().toISOString(), data: { ...data, status: row.status }, projection: row }),
    );
    if (email && email.to) {
      // Emails go out in order on their own chain: a mail server that is down delays them
      // (they are retried until delivered) but never holds up the case itself.
      const recorded = this.trail;
      this.mail = this.mail.then(async () => {
        await recorded;
        await this.steps.sendCaseEmail({ ...email, idempotencyKey: caseEmailIdempotencyKey(caseId, seq) } as SendCaseEmailInput);
      });
    }
    if (sms && sms.to) {
      // The SMS goes on the same chain, after the event's email (ADR 0029).
      const recorded = this.trail;
      this.mail = this.mail.then(async () => {
        await recorded;
        await this.steps.queueCaseSms({ ...sms, idempotencyKey: caseSmsIdempotencyKey(caseId, seq) } as SendCaseSmsInput);
      });
    }
    upsertSearchAttributes([
      { key: searchAttributeKeys.caseStatus, value: this.view.status },
      { key: searchAttributeKeys.caseDeadline, value: this.view.deadlineAt ? new Date(this.view.deadlineAt) : null },
      ...(row.agencyId ? [{ key: searchAttributeKeys.agencyId, value: row.agencyId }] : []),
    ]);
    this.afterRecord();
    return this.trail;
  }

  /** An email of this case (its idempotency key is set when it is queued). */
  email<T extends EmailTemplate>(template: T, params: EmailParams<T>): SendCaseEmailInput {
    return {
      idempotencyKey: '',
      caseId: this.view.caseId,
      to: this.emailAddress(),
      template,
      params: { reference: caseReference(this.view.caseId), procedureName: this.procedureName, ...params },
    } as SendCaseEmailInput;
  }

  /** Refuses `action` when the table does not allow it now: another update runs, or the status, role, scope or a condition. */
  guard(action: A, actor: Actor): void {
    const refused = actionRefusal(this.rules, action, this.view, actor, { now: Date.now(), busy: this.busy });
    if (refused) refuse(refused.code, refused.message);
  }

  /**
   * Runs an update's body exclusively; answers the view after it. Given its action and actor, the
   * action's guard runs again first (GUARD_AFTER_CHECK_PATCH): the validator saw the case before
   * the update's assertion was checked, and meanwhile a timer or a signal may have moved it.
   */
  async exclusive(body: () => Promise<void>): Promise<V>;
  async exclusive(action: A, actor: Actor, body: () => Promise<void>): Promise<V>;
  async exclusive(...args: [() => Promise<void>] | [A, Actor, () => Promise<void>]): Promise<V> {
    const body = args.length === 1 ? args[0] : args[2];
    if (args.length === 3 && patched(GUARD_AFTER_CHECK_PATCH)) this.guard(args[0], args[1]);
    this.busy = true;
    try {
      await body();
    } finally {
      this.busy = false;
    }
    return this.view;
  }

  /** Waits while the status stays `status` and nothing runs, at most until `until`; true if it timed out unchanged. */
  async timedOutIn(status: S, until: number): Promise<boolean> {
    // An update in flight decides the next state: look only once it is done (never spin).
    await condition(() => !this.busy);
    if (this.view.status !== status) return false;
    const changed = await condition(() => this.view.status !== status || this.busy, Math.max(1, until - Date.now()));
    await condition(() => !this.busy);
    return !changed && this.view.status === status;
  }

  // --- the stuck/retry loop ---------------------------------------------------------------------

  /** An officer's retry of a stuck step: recorded, then the waiting loop resumes. */
  async requestRetry(actor: Actor, data: Record<string, unknown>): Promise<V> {
    this.retryRequested = true;
    await this.record('STUCK_RETRY_REQUESTED', actor, data);
    return this.view;
  }

  /** Waits for an officer's retry, at most until `at`; true when one was asked for. */
  async retriedBefore(at: number): Promise<boolean> {
    this.retryRequested = false;
    return condition(() => this.retryRequested, Math.max(1, at - Date.now()));
  }

  /** The trail and the emails have all been written. */
  async flush(): Promise<void> {
    await this.trail;
    await this.mail;
  }
}

/** Reasons in words, one a line (emails and refusals). */
export const reasonsText = (reasons: readonly { message: string }[]): string => reasons.map((r) => r.message).join('\n');
