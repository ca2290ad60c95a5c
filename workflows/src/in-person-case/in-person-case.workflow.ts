import { condition, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  DUPLICATE_REVIEW_EVENTS,
  bookSlotUpdate,
  cancelUpdate,
  checkInUpdate,
  getCaseQuery,
  poderDecidedSignal,
  recordDocumentsUpdate,
  rescheduleUpdate,
  resendCodeUpdate,
  resolveDuplicateUpdate,
  retryStuckUpdate,
  openCaseInputProblems,
  searchAttributeKeys,
  verifyCodeUpdate,
  type CaseView,
  type OpenCaseInput,
} from '@tramites/contracts';
import { toLocalDate } from '@tramites/domain';
import { assertValidInput, reasonsText, refuse, setCheckedUpdate } from '../case-kernel';
import { InPersonCase } from './in-person-case';
import { duplicateDecisionRefusal, duplicateResolved } from './duplicate-review.state';
import { booked, checkedIn, close, codeChecked, documentsReviewed, evaluateDocuments, verifiedAtDesk } from './in-person-case.state';
import { issue, waitWhileStuck } from './issuance';
import { LegalReview } from './legal-review';

const DUPLICATE_REFUSALS: Readonly<Record<string, string>> = {
  'VALIDATION.DUPLICATE_DECISION': 'decision debe ser same_person (la misma persona) o different_person (otra persona)',
  'VALIDATION.REQUIRED': 'Indique el motivo de la decisión (al menos 3 caracteres)',
  'DUPLICATE.CODE_REQUIRED': 'Hay varias personas posibles: indique el código de la misma persona',
  'DUPLICATE.UNKNOWN_CODE': 'El código indicado no es de ninguna de las personas posibles de esta revisión',
};

/**
 * Observed documents are to be corrected within n business days that end as the sheets count them
 * (libs/domain endOfBusinessDaysFrom): a review before opening makes that day the first of the n.
 * Cases observed before the patch keep their later deadline (one business day more).
 */
export const CORRECTION_DEADLINE_PATCH = 'correction-deadline-sheets-count';

/**
 * A turno booked at the desk on the applicant's behalf (ADR 0030): the officer who opens the case
 * has seen the person, so no emailed code is sent; the booker is verified by that officer.
 */
export const DESK_BOOKING_PATCH = 'desk-booking';

/** An in-person procedure (sheets 000, 001, 002): appointment, documents, poder, issuance. */
export async function inPersonCaseWorkflow(input: OpenCaseInput): Promise<CaseView> {
  assertValidInput((strict) => openCaseInputProblems(input, toLocalDate(Date.now()), strict));
  const c = new InPersonCase(input);
  const legal = new LegalReview(c);

  // --- queries and updates (registered before the first await) ---------------------------------
  setHandler(getCaseQuery, () => c.view);
  setHandler(poderDecidedSignal, (decision) => legal.decided(decision));

  setCheckedUpdate(
    verifyCodeUpdate,
    ({ actor, code }) =>
      c.exclusive('verify_code', actor, async () => {
        const outcome = await c.steps.checkVerificationCode({ caseId: input.caseId, code });
        c.view = codeChecked(c.view, outcome);
        if (outcome === 'valid') await c.record('BOOKER_VERIFIED', actor, {});
        else await c.record('VERIFICATION_FAILED_ATTEMPT', actor, { outcome, attemptsLeft: c.view.verification.attemptsLeft });
      }),
    ({ actor, code }) => {
      c.guard('verify_code', actor);
      if (!/^\d{6}$/.test(code)) refuse('VALIDATION.VERIFICATION_CODE_FORMAT', 'El código de verificación tiene 6 dígitos');
    },
  );

  setCheckedUpdate(
    resendCodeUpdate,
    ({ actor }) => c.exclusive('resend_code', actor, () => c.sendVerificationCode(actor)),
    ({ actor }) => c.guard('resend_code', actor),
  );

  setCheckedUpdate(
    bookSlotUpdate,
    ({ actor, slotId }) =>
      c.exclusive('book', actor, async () => {
        const appointment = await c.steps.reserveSlot({ caseId: input.caseId, slotId, bookedFor: input.booker.identityNumber });
        c.view = booked(c.view, appointment, c.bookedDeadline(appointment));
        c.appointmentVersion += 1;
        await c.record('APPOINTMENT_BOOKED', actor, { ...appointment }, c.email('APPOINTMENT_CONFIRMED', c.appointmentParams()));
      }),
    ({ actor }) => c.guard('book', actor),
  );

  setCheckedUpdate(
    rescheduleUpdate,
    ({ actor, slotId }) =>
      c.exclusive('reschedule', actor, async () => {
        const previousStartsAt = c.view.appointment?.startsAt ?? '';
        const appointment = await c.steps.moveAppointment({ caseId: input.caseId, slotId, bookedFor: input.booker.identityNumber });
        c.view = booked(c.view, appointment, c.bookedDeadline(appointment));
        c.appointmentVersion += 1;
        await c.record(
          'APPOINTMENT_RESCHEDULED',
          actor,
          { ...appointment, previousStartsAt },
          c.email('APPOINTMENT_RESCHEDULED', { ...c.appointmentParams(), previousStartsAt }),
        );
      }),
    ({ actor }) => c.guard('reschedule', actor),
  );

  setCheckedUpdate(
    cancelUpdate,
    ({ actor, reason }) =>
      c.exclusive('cancel', actor, async () => {
        const hadAppointment = c.view.appointment !== undefined;
        if (hadAppointment) await c.steps.releaseAppointment({ caseId: input.caseId });
        c.view = close(c.view, 'cancelled');
        await c.record('CASE_CANCELLED', actor, { reason }, hadAppointment ? c.email('APPOINTMENT_CANCELLED', c.appointmentParams()) : undefined);
      }),
    ({ actor, reason }) => {
      c.guard('cancel', actor);
      if (!reason || reason.trim().length < 3) refuse('VALIDATION.REQUIRED', 'Indique el motivo de la cancelación');
    },
  );

  setCheckedUpdate(
    checkInUpdate,
    ({ actor }) =>
      c.exclusive('check_in', actor, async () => {
        c.view = checkedIn(c.view, actor, c.settings, Date.now());
        await c.record('CASE_CHECKED_IN', actor, { agencyId: c.view.appointment?.agencyId });
      }),
    // The turno must be today in Guayaquil: a condition of the table (libs/contracts case-actions.ts).
    ({ actor }) => c.guard('check_in', actor),
  );

  setCheckedUpdate(
    recordDocumentsUpdate,
    (docs) =>
      c.exclusive('record_documents', docs.actor, async () => {
        const now = Date.now();
        const result = evaluateDocuments(c.view, input, docs, toLocalDate(now));
        // Asked only when the documents are observed: the other outcomes have no correction deadline (and no marker).
        // An undecided poder makes the accepted case's status legal_review at once (the answer and the read model),
        // as issuance.ts does before any command: the same commands follow, in the same order.
        c.view = documentsReviewed(c.view, result, docs.actor, c.settings, now, {
          correctionAsSheetsCount: result.outcome === 'observed' && patched(CORRECTION_DEADLINE_PATCH),
          poderToReview: !!input.poder && !c.view.poder,
        });
        const data = {
          outcome: result.outcome,
          documents: docs.documents.map((d) => ({ kind: d.kind, original: d.original, copy: d.copy, signature: d.signature })),
          reasons: result.reasons.map((r) => r.code),
        };
        if (c.view.status === 'rejected') {
          await c.record('CASE_REJECTED', docs.actor, data, c.email('CASE_REJECTED', { reasons: reasonsText(c.view.closedReason ?? []) }));
        } else if (c.view.status === 'awaiting_correction') {
          await c.record(
            'DOCUMENTS_OBSERVED',
            docs.actor,
            { ...data, correctionDueAt: c.view.correctionDueAt },
            c.email('DOCUMENTS_OBSERVED', { observations: reasonsText(result.reasons), deadline: c.view.correctionDueAt ?? '' }),
          );
        } else {
          await c.record('DOCUMENTS_ACCEPTED', docs.actor, data, c.email('DOCUMENTS_ACCEPTED', {}));
        }
      }),
    (docs) => {
      c.guard('record_documents', docs.actor);
      if (!Array.isArray(docs.documents)) refuse('VALIDATION.REQUIRED', 'Registre los documentos presentados');
    },
  );

  setCheckedUpdate(
    retryStuckUpdate,
    ({ actor }) => c.requestRetry(actor, { step: c.view.stuck?.step }),
    ({ actor }) => c.guard('retry_stuck', actor),
  );

  setHandler(
    resolveDuplicateUpdate,
    (decision) =>
      c.exclusive('resolve_duplicate', decision.actor, async () => {
        c.view = duplicateResolved(c.view, decision, Date.now());
        const review = c.view.duplicateReview;
        await c.record(DUPLICATE_REVIEW_EVENTS.resolved, decision.actor, {
          decision: review?.decision,
          code: review?.code ?? null,
          reason: review?.reason,
          candidates: review?.candidates.map((m) => m.code) ?? [],
        });
      }),
    {
      validator: (decision) => {
        c.guard('resolve_duplicate', decision.actor);
        const code = duplicateDecisionRefusal(c.view, decision);
        if (code) refuse(code, DUPLICATE_REFUSALS[code] ?? 'La decisión no es válida');
      },
    },
  );

  // --- the life of the case ---------------------------------------------------------------------
  upsertSearchAttributes([
    { key: searchAttributeKeys.procedureType, value: input.procedure },
    { key: searchAttributeKeys.province, value: input.province },
  ]);
  await c.record('CASE_OPENED', input.openedBy, {
    procedure: input.procedure,
    province: input.province,
    filerRole: input.filerRole,
    holder: { nationality: input.holder.nationality, documentType: input.holder.documentType },
    walkIn: input.walkIn ?? null,
    ...(input.deskBooking ? { deskBooking: input.deskBooking } : {}),
  });

  if (input.walkIn) {
    c.view = checkedIn(c.view, input.openedBy, c.settings, Date.now());
    await c.record('CASE_CHECKED_IN', input.openedBy, { walkIn: input.walkIn });
  } else if (input.deskBooking && patched(DESK_BOOKING_PATCH)) {
    c.view = verifiedAtDesk(c.view);
    await c.record('BOOKER_VERIFIED', input.openedBy, { atDesk: input.deskBooking.agencyId });
  } else {
    await c.sendVerificationCode(input.openedBy);
  }

  while (!c.isFinal()) {
    // An update in flight decides the next state: look again only once it is done.
    await condition(() => !c.busy);
    switch (c.status) {
      case 'awaiting_verification':
      case 'awaiting_booking': {
        const until = Date.parse(c.view.deadlineAt ?? new Date().toISOString());
        const moved = await condition(() => !['awaiting_verification', 'awaiting_booking'].includes(c.status), Math.max(1, until - Date.now()));
        if (!moved) await c.expire('BOOKING_WINDOW_PASSED');
        break;
      }
      case 'scheduled':
        await c.attendAppointment();
        break;
      case 'checked_in':
        await condition(() => c.status !== 'checked_in' || c.busy);
        break;
      case 'awaiting_correction':
        await c.awaitCorrection();
        break;
      case 'issuing':
        await issue(c);
        break;
      case 'legal_review':
        await legal.run();
        break;
      case 'stuck':
        await waitWhileStuck(c);
        break;
      case 'possible_duplicate':
        await condition(() => c.status !== 'possible_duplicate' || c.busy);
        break;
      default:
        await condition(() => c.isFinal());
    }
  }
  await c.flush();
  return c.view;
}
