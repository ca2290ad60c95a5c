import { condition, patched } from '@temporalio/workflow';
import { whatToBring } from '@tramites/domain';
import {
  CASE_DEFAULTS,
  CASE_EMAIL_LIST_SEPARATOR,
  caseReference,
  type CaseSmsParams,
  type CaseSmsTemplate,
  type SendCaseSmsInput,
  IN_PERSON_RULES,
  PROCEDURE_NAMES,
  SYSTEM_ACTOR,
  type Actor,
  type AppointmentView,
  type CaseProjection,
  type InPersonAction,
  type CaseSettings,
  type CaseStatus,
  type CaseView,
  type OpenCaseInput,
} from '@tramites/contracts';
import { CaseKernel, registryActivities, type KernelActivities } from '../case-kernel';
import {
  agencyClosingLapseInstant,
  close,
  closingTimeLapseInstant,
  codeIssued,
  isFinal,
  lapseInstant,
  openCase,
  projection,
  reminderInstant,
} from './in-person-case.state';

/** Behind it, an appointment after the common closing time lapses at the end of its day (`lapseInstant`). */
export const AFTER_HOURS_LAPSE_PATCH = 'after-hours-lapse';
/** Behind it, a no-show lapses at its agency's own closing time that day (`agencyClosingLapseInstant`). */
export const AGENCY_CLOSING_LAPSE_PATCH = 'agency-closing-lapse';
/** Behind it, the reminder carries the applicant's list of what to bring, and the reminder and the lapse go by SMS too (ADR 0029). */
export const SMS_REMINDERS_PATCH = 'sms-and-personal-reminder';

/** An in-person case (sheets 000, 001, 002) on the case kernel: its settings, address, appointment and code steps. */
export class InPersonCase extends CaseKernel<CaseView, CaseStatus, InPersonAction> {
  readonly settings: CaseSettings;
  /** External registries and issuance: bounded retries, then the case shows as stuck. */
  readonly registry: KernelActivities;
  /** Bumped by every appointment change, so timers of an old appointment are ignored. */
  appointmentVersion = 0;

  constructor(readonly input: OpenCaseInput) {
    const settings = { ...CASE_DEFAULTS, ...input.settings };
    super(openCase(input, settings, Date.now()), PROCEDURE_NAMES[input.procedure], IN_PERSON_RULES);
    this.settings = settings;
    this.registry = registryActivities(settings.registryRetryInitialMs);
  }

  protected projection(): CaseProjection {
    return projection(this.view, this.input.walkIn?.agencyId);
  }

  protected emailAddress(): string {
    return this.input.booker.email;
  }

  isFinal(): boolean {
    return isFinal(this.view.status);
  }

  /** A text message of this case to the applicant's mobile number (its idempotency key is set when it is queued). */
  sms<T extends CaseSmsTemplate>(template: T, params: Omit<CaseSmsParams[T], 'reference'>): SendCaseSmsInput {
    return {
      idempotencyKey: '',
      caseId: this.input.caseId,
      to: this.input.booker.mobile,
      template,
      params: { reference: caseReference(this.input.caseId), ...params },
    } as SendCaseSmsInput;
  }

  appointmentParams(): { agencyName: string; startsAt: string } {
    return { agencyName: this.view.appointment?.agencyName ?? '', startsAt: this.view.appointment?.startsAt ?? '' };
  }

  /** The agency of the appointment or of the walk-in desk, for the issued document. */
  agencyOf(): { agencyId?: string } {
    const agencyId = this.view.appointment?.agencyId ?? this.input.walkIn?.agencyId;
    return agencyId ? { agencyId } : {};
  }

  async sendVerificationCode(actor: Actor): Promise<void> {
    const ordinal = 1 + this.settings.verificationMaxCodes - this.view.verification.codesLeft;
    const { expiresAt } = await this.steps.issueVerificationCode({
      caseId: this.input.caseId,
      email: this.input.booker.email,
      minutesValid: this.settings.verificationCodeMinutes,
      ordinal,
    });
    this.view = codeIssued(this.view, expiresAt);
    await this.record('VERIFICATION_CODE_SENT', actor, { ordinal, expiresAt });
  }

  async expire(why: string): Promise<void> {
    await condition(() => !this.busy);
    if (!['awaiting_verification', 'awaiting_booking'].includes(this.view.status)) return;
    this.view = close(this.view, 'lapsed');
    await this.record('CASE_LAPSED', SYSTEM_ACTOR, { reason: why });
  }

  /** The deadline a booking shows: the agency's closing time in cases after AGENCY_CLOSING_LAPSE_PATCH. */
  bookedDeadline(appointment: AppointmentView): number {
    return patched(AGENCY_CLOSING_LAPSE_PATCH) ? agencyClosingLapseInstant(appointment) : lapseInstant(appointment);
  }

  /** When a no-show of this appointment lapses (each rule as the cases of its time ran it). */
  lapseInstantOf(appointment: AppointmentView): number {
    if (patched(AGENCY_CLOSING_LAPSE_PATCH)) return agencyClosingLapseInstant(appointment);
    return patched(AFTER_HOURS_LAPSE_PATCH) ? lapseInstant(appointment) : closingTimeLapseInstant(appointment);
  }

  /** Reminder the day before; a no-show lapses at the closing time of the appointment day. */
  async attendAppointment(): Promise<void> {
    const version = this.appointmentVersion;
    const appointment = this.view.appointment;
    if (!appointment) return;
    const changed = (): boolean => this.view.status !== 'scheduled' || this.appointmentVersion !== version || this.busy;
    const remindAt = reminderInstant(appointment);
    if (remindAt > Date.now()) {
      if (await condition(changed, remindAt - Date.now())) return;
      if (patched(SMS_REMINDERS_PATCH)) {
        const bring = whatToBring(this.input.procedure, this.input.filerRole).join(CASE_EMAIL_LIST_SEPARATOR);
        await this.record(
          'APPOINTMENT_REMINDER_SENT',
          SYSTEM_ACTOR,
          { startsAt: appointment.startsAt },
          this.email('APPOINTMENT_REMINDER', { ...this.appointmentParams(), bring }),
          this.sms('APPOINTMENT_REMINDER', { ...this.appointmentParams(), bring }),
        );
      } else {
        await this.record(
          'APPOINTMENT_REMINDER_SENT',
          SYSTEM_ACTOR,
          { startsAt: appointment.startsAt },
          this.email('APPOINTMENT_REMINDER', this.appointmentParams()),
        );
      }
    }
    const lapseAt = this.lapseInstantOf(appointment);
    if (await condition(changed, Math.max(1, lapseAt - Date.now()))) return;
    this.view = close(this.view, 'lapsed');
    await this.steps.releaseAppointment({ caseId: this.input.caseId });
    await this.record(
      'CASE_LAPSED',
      SYSTEM_ACTOR,
      { reason: 'NO_SHOW' },
      this.email('CASE_LAPSED', this.appointmentParams()),
      patched(SMS_REMINDERS_PATCH) ? this.sms('CASE_LAPSED', this.appointmentParams()) : undefined,
    );
  }

  /** Closes the case whose correction deadline passed without a new visit. */
  async awaitCorrection(): Promise<void> {
    const due = Date.parse(this.view.correctionDueAt ?? new Date().toISOString());
    const corrected = await condition(() => this.view.status !== 'awaiting_correction' || this.busy, Math.max(1, due - Date.now()));
    if (!corrected && this.view.status === 'awaiting_correction') {
      this.view = close(this.view, 'abandoned');
      await this.record('CASE_ABANDONED', SYSTEM_ACTOR, { correctionDueAt: this.view.correctionDueAt }, this.email('CASE_ABANDONED', {}));
    }
  }
}
