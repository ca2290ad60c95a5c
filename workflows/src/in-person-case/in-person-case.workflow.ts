import {
  ActivityFailure,
  ChildWorkflowFailure,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  CASE_DEFAULTS,
  DUPLICATE_REVIEW_EVENTS,
  PROCEDURE_NAMES,
  SYSTEM_ACTOR,
  bookSlotUpdate,
  cancelUpdate,
  caseReference,
  checkInUpdate,
  getCaseQuery,
  poderDecidedSignal,
  poderId as poderIdOf,
  poderWorkflowId,
  recordDocumentsUpdate,
  rescheduleUpdate,
  resendCodeUpdate,
  resolveDuplicateUpdate,
  retryStuckUpdate,
  openCaseInputProblems,
  searchAttributeKeys,
  subscribeToPoderDecisionSignal,
  verifyCodeUpdate,
  type Actor,
  type CaseActivities,
  type CaseEventType,
  type CaseStatus,
  type CaseView,
  type AssignForeignerCodeInput,
  type OpenCaseInput,
  type PoderView,
  type SendCaseEmailInput,
} from '@tramites/contracts';
import { makeReason, reasonText, toLocalDate, type Reason } from '@tramites/domain';
import { assertValidInput, refuse, refusalMessage, setCheckedUpdate } from '../input-guard';
import { LOCAL_STEP_OPTIONS, LOCAL_STEPS_PATCH } from '../local-steps';
import { poderReviewWorkflow } from '../poder-review/poder-review.workflow';
import {
  booked,
  checkedIn,
  close,
  codeChecked,
  codeIssued,
  documentsReviewed,
  duplicateDecisionRefusal,
  duplicateResolved,
  evaluateDocuments,
  isFinal,
  lapseInstant,
  nextStuckRetry,
  openCase,
  possibleDuplicate,
  projection,
  refusal,
  reminderInstant,
  stuckAt,
  toLegalReview,
} from './in-person-case.state';

const activities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Short database steps: local activities in cases started after ADR 0009. */
const localSteps = proxyLocalActivities<CaseActivities>(LOCAL_STEP_OPTIONS);

/** External registries and issuance: bounded retries, then the case shows as stuck (never a silent hang). */
const registryActivities = (initialMs: number): CaseActivities =>
  proxyActivities<CaseActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: initialMs, maximumInterval: '30 seconds', maximumAttempts: 5 },
  });

/**
 * 001: a case whose poder is already under review for another case subscribes to that review
 * and waits for its decision signal, instead of polling the registry every 15 minutes (which
 * recorded PODER_SENT_TO_LEGAL_UNIT and queued its email again each time).
 */
export const PODER_SUBSCRIPTION_PATCH = 'poder-review-subscription';

/**
 * 001: the poder review's workflow id is a keyed hash of the poder's identity, from an activity
 * (ADR 0014), not `poder:<RUC>:<cédula>:<deed>`; cases started before replay the old id.
 */
export const PODER_KEYED_ID_PATCH = 'poder-review-keyed-id';


/**
 * Issue 18, finding 7: issuance dedupes on every document and on the normalised name key, and a
 * probable match waits for a case manager ("posible duplicado"). Cases started before keep
 * their recorded issueForeignerCode call.
 */
export const DUPLICATE_REVIEW_PATCH = 'foreigner-code-duplicate-review';

const DUPLICATE_REFUSALS: Readonly<Record<string, string>> = {
  'VALIDATION.DUPLICATE_DECISION': 'decision debe ser same_person (la misma persona) o different_person (otra persona)',
  'VALIDATION.REQUIRED': 'Indique el motivo de la decisión (al menos 3 caracteres)',
  'DUPLICATE.CODE_REQUIRED': 'Hay varias personas posibles: indique el código de la misma persona',
  'DUPLICATE.UNKNOWN_CODE': 'El código indicado no es de ninguna de las personas posibles de esta revisión',
};

const APPLICANT_OR_OFFICER: readonly Actor['role'][] = ['applicant', 'case_manager'];
const OFFICER: readonly Actor['role'][] = ['case_manager'];

/** An in-person procedure (sheets 000, 001, 002): appointment, documents, poder, issuance. */
export async function inPersonCaseWorkflow(input: OpenCaseInput): Promise<CaseView> {
  assertValidInput(() => openCaseInputProblems(input, toLocalDate(Date.now())));
  const settings = { ...CASE_DEFAULTS, ...input.settings };
  const registry = registryActivities(settings.registryRetryInitialMs);
  const steps: CaseActivities = patched(LOCAL_STEPS_PATCH) ? localSteps : activities;
  const reference = caseReference(input.caseId);
  const procedureName = PROCEDURE_NAMES[input.procedure];
  let state = openCase(input, settings, Date.now());
  /** An update is running its activities: others wait (validators refuse with CASE.BUSY). */
  let busy = false;
  /** Bumped by every appointment change, so timers of an old appointment are ignored. */
  let appointmentVersion = 0;
  let retryRequested = false;
  /** The poder whose review (held by another case) this case waits on, and its decision once told. */
  let awaitedPoder: string | undefined;
  let awaitedDecision: PoderView | undefined;
  let trail: Promise<void> = Promise.resolve();
  let mail: Promise<void> = Promise.resolve();

  // --- the audit trail: each change is one event (and maybe one email), in order ----------------
  const record = (type: CaseEventType, actor: Actor, data: Record<string, unknown>, email?: SendCaseEmailInput): Promise<void> => {
    state = { ...state, eventCount: state.eventCount + 1 };
    const seq = state.eventCount;
    const row = projection(state, input.walkIn?.agencyId);
    trail = trail.then(() =>
      steps.recordCaseEvent({
        caseId: input.caseId,
        seq,
        type,
        actor,
        occurredAt: new Date().toISOString(),
        data: { ...data, status: row.status },
        projection: row,
      }),
    );
    if (email) {
      // Emails go out in order on their own chain: a mail server that is down delays them
      // (they are retried until delivered) but never holds up the case itself.
      const recorded = trail;
      mail = mail.then(async () => {
        await recorded;
        await steps.sendCaseEmail({ ...email, idempotencyKey: `${input.caseId}:${seq}` } as SendCaseEmailInput);
      });
    }
    upsertSearchAttributes([
      { key: searchAttributeKeys.caseStatus, value: state.status },
      { key: searchAttributeKeys.caseDeadline, value: state.deadlineAt ? new Date(state.deadlineAt) : null },
      ...(row.agencyId ? [{ key: searchAttributeKeys.agencyId, value: row.agencyId }] : []),
    ]);
    return trail;
  };
  const email = <T extends SendCaseEmailInput['template']>(
    template: T,
    params: Omit<Extract<SendCaseEmailInput, { template: T }>['params'], 'reference' | 'procedureName'>,
  ): SendCaseEmailInput =>
    ({
      idempotencyKey: '',
      caseId: input.caseId,
      to: input.booker.email,
      template,
      params: { reference, procedureName, ...params },
    }) as SendCaseEmailInput;
  const appointmentParams = () => ({
    agencyName: state.appointment?.agencyName ?? '',
    startsAt: state.appointment?.startsAt ?? '',
  });
  const reasonsText = (reasons: readonly Reason[]): string => reasons.map((r) => r.message).join('\n');

  /** Runs an update's body exclusively. */
  const exclusive = async (body: () => Promise<void>): Promise<CaseView> => {
    busy = true;
    try {
      await body();
    } finally {
      busy = false;
    }
    return state;
  };
  const guard = (allowed: readonly CaseStatus[], actor: Actor, roles: readonly Actor['role'][]): void => {
    if (busy) refuse('CASE.BUSY', 'El trámite está procesando otra acción; intente nuevamente');
    const code = refusal(state, allowed, actor, roles);
    if (code) refuse(code, refusalMessage(code));
  };

  // --- queries and updates (registered before the first await) ---------------------------------
  setHandler(getCaseQuery, () => state);
  setHandler(poderDecidedSignal, (decision) => {
    if (decision.poderId === awaitedPoder && decision.status !== 'pending') awaitedDecision = decision;
  });

  setCheckedUpdate(
    verifyCodeUpdate,
    ({ actor, code }) =>
      exclusive(async () => {
        const outcome = await steps.checkVerificationCode({ caseId: input.caseId, code });
        state = codeChecked(state, outcome);
        if (outcome === 'valid') await record('BOOKER_VERIFIED', actor, {});
        else await record('VERIFICATION_FAILED_ATTEMPT', actor, { outcome, attemptsLeft: state.verification.attemptsLeft });
      }),
    ({ actor, code }) => {
      guard(['awaiting_verification'], actor, ['applicant']);
      if (!/^\d{6}$/.test(code)) refuse('VALIDATION.VERIFICATION_CODE_FORMAT', 'El código de verificación tiene 6 dígitos');
    },
  );

  setCheckedUpdate(
    resendCodeUpdate,
    ({ actor }) => exclusive(() => sendVerificationCode(actor)),
    ({ actor }) => {
      guard(['awaiting_verification'], actor, ['applicant']);
      if (state.verification.codesLeft <= 0) refuse('VERIFICATION.NO_MORE_CODES', 'Se agotaron los códigos de verificación');
    },
  );

  setCheckedUpdate(
    bookSlotUpdate,
    ({ actor, slotId }) =>
      exclusive(async () => {
        const appointment = await steps.reserveSlot({ caseId: input.caseId, slotId, bookedFor: input.booker.identityNumber });
        state = booked(state, appointment);
        appointmentVersion += 1;
        await record('APPOINTMENT_BOOKED', actor, { ...appointment }, email('APPOINTMENT_CONFIRMED', appointmentParams()));
      }),
    ({ actor }) => guard(['awaiting_booking'], actor, ['applicant']),
  );

  setCheckedUpdate(
    rescheduleUpdate,
    ({ actor, slotId }) =>
      exclusive(async () => {
        const previousStartsAt = state.appointment?.startsAt ?? '';
        const appointment = await steps.moveAppointment({ caseId: input.caseId, slotId, bookedFor: input.booker.identityNumber });
        state = booked(state, appointment);
        appointmentVersion += 1;
        await record(
          'APPOINTMENT_RESCHEDULED',
          actor,
          { ...appointment, previousStartsAt },
          email('APPOINTMENT_RESCHEDULED', { ...appointmentParams(), previousStartsAt }),
        );
      }),
    ({ actor }) => guard(['scheduled'], actor, APPLICANT_OR_OFFICER),
  );

  setCheckedUpdate(
    cancelUpdate,
    ({ actor, reason }) =>
      exclusive(async () => {
        const hadAppointment = state.appointment !== undefined;
        if (hadAppointment) await steps.releaseAppointment({ caseId: input.caseId });
        state = close(state, 'cancelled');
        await record('CASE_CANCELLED', actor, { reason }, hadAppointment ? email('APPOINTMENT_CANCELLED', appointmentParams()) : undefined);
      }),
    ({ actor, reason }) => {
      guard(['awaiting_verification', 'awaiting_booking', 'scheduled'], actor, APPLICANT_OR_OFFICER);
      if (!reason || reason.trim().length < 3) refuse('VALIDATION.REQUIRED', 'Indique el motivo de la cancelación');
    },
  );

  setCheckedUpdate(
    checkInUpdate,
    ({ actor }) =>
      exclusive(async () => {
        state = checkedIn(state, actor, settings, Date.now());
        await record('CASE_CHECKED_IN', actor, { agencyId: state.appointment?.agencyId });
      }),
    ({ actor }) => {
      guard(['scheduled'], actor, OFFICER);
      const startsAt = state.appointment ? Date.parse(state.appointment.startsAt) : 0;
      if (toLocalDate(Date.now()) !== toLocalDate(startsAt)) {
        refuse('APPOINTMENT.NOT_TODAY', 'El turno no es para hoy');
      }
    },
  );

  setCheckedUpdate(
    recordDocumentsUpdate,
    (docs) =>
      exclusive(async () => {
        const now = Date.now();
        const result = evaluateDocuments(state, input, docs, toLocalDate(now));
        state = documentsReviewed(state, result, docs.actor, settings, now);
        const data = {
          outcome: result.outcome,
          documents: docs.documents.map((d) => ({ kind: d.kind, original: d.original, copy: d.copy, signature: d.signature })),
          reasons: result.reasons.map((r) => r.code),
        };
        if (state.status === 'rejected') {
          await record('CASE_REJECTED', docs.actor, data, email('CASE_REJECTED', { reasons: reasonsText(state.closedReason ?? []) }));
        } else if (state.status === 'awaiting_correction') {
          await record(
            'DOCUMENTS_OBSERVED',
            docs.actor,
            { ...data, correctionDueAt: state.correctionDueAt },
            email('DOCUMENTS_OBSERVED', { observations: reasonsText(result.reasons), deadline: state.correctionDueAt ?? '' }),
          );
        } else {
          await record('DOCUMENTS_ACCEPTED', docs.actor, data, email('DOCUMENTS_ACCEPTED', {}));
        }
      }),
    (docs) => {
      guard(['checked_in', 'awaiting_correction'], docs.actor, OFFICER);
      if (!Array.isArray(docs.documents)) refuse('VALIDATION.REQUIRED', 'Registre los documentos presentados');
    },
  );

  setCheckedUpdate(
    retryStuckUpdate,
    async ({ actor }) => {
      retryRequested = true;
      await record('STUCK_RETRY_REQUESTED', actor, { step: state.stuck?.step });
      return state;
    },
    ({ actor }) => guard(['stuck'], actor, OFFICER),
  );

  setHandler(
    resolveDuplicateUpdate,
    (decision) =>
      exclusive(async () => {
        state = duplicateResolved(state, decision, Date.now());
        const review = state.duplicateReview;
        await record(DUPLICATE_REVIEW_EVENTS.resolved, decision.actor, {
          decision: review?.decision,
          code: review?.code ?? null,
          reason: review?.reason,
          candidates: review?.candidates.map((c) => c.code) ?? [],
        });
      }),
    {
      validator: (decision) => {
        guard(['possible_duplicate'], decision.actor, OFFICER);
        const code = duplicateDecisionRefusal(state, decision);
        if (code) refuse(code, DUPLICATE_REFUSALS[code] ?? 'La decisión no es válida');
      },
    },
  );

  // --- the life of the case ---------------------------------------------------------------------
  async function sendVerificationCode(actor: Actor): Promise<void> {
    const ordinal = 1 + settings.verificationMaxCodes - state.verification.codesLeft;
    const { expiresAt } = await steps.issueVerificationCode({
      caseId: input.caseId,
      email: input.booker.email,
      minutesValid: settings.verificationCodeMinutes,
      ordinal,
    });
    state = codeIssued(state, expiresAt);
    await record('VERIFICATION_CODE_SENT', actor, { ordinal, expiresAt });
  }

  upsertSearchAttributes([
    { key: searchAttributeKeys.procedureType, value: input.procedure },
    { key: searchAttributeKeys.province, value: input.province },
  ]);
  await record('CASE_OPENED', input.openedBy, {
    procedure: input.procedure,
    province: input.province,
    filerRole: input.filerRole,
    holder: { nationality: input.holder.nationality, documentType: input.holder.documentType },
    walkIn: input.walkIn ?? null,
  });

  if (input.walkIn) {
    state = checkedIn(state, input.openedBy, settings, Date.now());
    await record('CASE_CHECKED_IN', input.openedBy, { walkIn: input.walkIn });
  } else {
    await sendVerificationCode(input.openedBy);
  }

  while (!isFinal(state.status)) {
    // An update in flight decides the next state: look again only once it is done.
    await condition(() => !busy);
    switch (state.status) {
      case 'awaiting_verification':
      case 'awaiting_booking': {
        const until = Date.parse(state.deadlineAt ?? new Date().toISOString());
        const moved = await condition(() => !['awaiting_verification', 'awaiting_booking'].includes(state.status), Math.max(1, until - Date.now()));
        if (!moved) await expire('BOOKING_WINDOW_PASSED');
        break;
      }
      case 'scheduled':
        await attendAppointment();
        break;
      case 'checked_in':
        await condition(() => state.status !== 'checked_in' || busy);
        break;
      case 'awaiting_correction': {
        const due = Date.parse(state.correctionDueAt ?? new Date().toISOString());
        const corrected = await condition(() => state.status !== 'awaiting_correction' || busy, Math.max(1, due - Date.now()));
        if (!corrected && state.status === 'awaiting_correction') {
          state = close(state, 'abandoned');
          await record('CASE_ABANDONED', SYSTEM_ACTOR, { correctionDueAt: state.correctionDueAt }, email('CASE_ABANDONED', {}));
        }
        break;
      }
      case 'issuing':
        await issue();
        break;
      case 'legal_review':
        await legalReview();
        break;
      case 'stuck':
        await waitWhileStuck();
        break;
      case 'possible_duplicate':
        await condition(() => state.status !== 'possible_duplicate' || busy);
        break;
      default:
        await condition(() => isFinal(state.status));
    }
  }
  await trail;
  await mail;
  return state;

  async function expire(why: string): Promise<void> {
    await condition(() => !busy);
    if (!['awaiting_verification', 'awaiting_booking'].includes(state.status)) return;
    state = close(state, 'lapsed');
    await record('CASE_LAPSED', SYSTEM_ACTOR, { reason: why });
  }

  /** Reminder the day before; a no-show lapses at the closing time of the appointment day. */
  async function attendAppointment(): Promise<void> {
    const version = appointmentVersion;
    const appointment = state.appointment;
    if (!appointment) return;
    const changed = (): boolean => state.status !== 'scheduled' || appointmentVersion !== version || busy;
    const remindAt = reminderInstant(appointment);
    if (remindAt > Date.now()) {
      if (await condition(changed, remindAt - Date.now())) return;
      await record('APPOINTMENT_REMINDER_SENT', SYSTEM_ACTOR, { startsAt: appointment.startsAt }, email('APPOINTMENT_REMINDER', appointmentParams()));
    }
    if (await condition(changed, Math.max(1, lapseInstant(appointment) - Date.now()))) return;
    state = close(state, 'lapsed');
    await steps.releaseAppointment({ caseId: input.caseId });
    await record('CASE_LAPSED', SYSTEM_ACTOR, { reason: 'NO_SHOW' }, email('CASE_LAPSED', appointmentParams()));
  }

  /** 001: a poder is endorsed by the legal unit once; later cases reuse the registry entry. */
  async function legalReview(): Promise<void> {
    const poder = input.poder;
    if (!poder) {
      state = { ...state, status: 'issuing' };
      return;
    }
    const id = poderIdOf(poder);
    const onFile = await activities.lookupPoder({ poderId: id, asOf: toLocalDate(Date.now()) });
    if (onFile.status === 'endorsed') {
      state = { ...state, status: 'issuing', poder: { poderId: id, status: 'on_file' } };
      await record('PODER_FOUND_ENDORSED', SYSTEM_ACTOR, { poderId: id, validUntil: onFile.validUntil ?? null });
      return;
    }
    state = toLegalReview(state, id);
    await record('PODER_SENT_TO_LEGAL_UNIT', SYSTEM_ACTOR, { poderId: id }, email('PODER_IN_LEGAL_REVIEW', {}));
    const reviewWorkflowId = patched(PODER_KEYED_ID_PATCH) ? await activities.poderReviewWorkflowId({ poderId: id }) : poderWorkflowId(id);
    let decision: PoderView;
    try {
      decision = await executeChild(poderReviewWorkflow, {
        workflowId: reviewWorkflowId,
        args: [
          {
            poderId: id,
            caseId: input.caseId,
            province: input.province,
            poder,
            documentsReviewedBy: state.documentsReviewedBy?.id ?? '',
            legalReviewBusinessDays: settings.legalReviewBusinessDays,
          },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError) && !(err instanceof ChildWorkflowFailure)) throw err;
      const told = err instanceof WorkflowExecutionAlreadyStartedError && patched(PODER_SUBSCRIPTION_PATCH) ? await decisionOfOtherReview(id, reviewWorkflowId) : 'poll';
      if (told === 'poll') {
        // The same poder is already under review for another case: wait for its decision in the registry.
        await sleep('15 minutes');
        state = { ...state, status: 'legal_review' };
        return;
      }
      if (told === 'look_again') {
        state = { ...state, status: 'legal_review' };
        return;
      }
      decision = told;
    }
    await applyPoderDecision(id, decision);
  }

  /**
   * Another case holds the review of this poder: subscribe to it and wait for the decision it
   * signals. When the review ended before it could hear us, its decision is in the registry.
   */
  async function decisionOfOtherReview(id: string, reviewWorkflowId: string): Promise<PoderView | 'look_again'> {
    awaitedPoder = id;
    awaitedDecision = undefined;
    try {
      await getExternalWorkflowHandle(reviewWorkflowId).signal(subscribeToPoderDecisionSignal, { caseId: input.caseId, workflowId: workflowInfo().workflowId });
    } catch {
      const onFile = await activities.lookupPoder({ poderId: id, asOf: toLocalDate(Date.now()) });
      if (onFile.status !== 'rejected') return 'look_again';
      const at = new Date().toISOString();
      return { poderId: id, caseId: input.caseId, province: input.province, status: 'rejected', requestedAt: at, dueAt: at, reason: makeReason(onFile.reasonCode), eventCount: 0 };
    }
    const told = (): PoderView | undefined => awaitedDecision;
    await condition(() => told() !== undefined);
    awaitedPoder = undefined;
    return told() ?? 'look_again';
  }

  async function applyPoderDecision(id: string, decision: PoderView): Promise<void> {
    if (decision.status === 'endorsed') {
      state = { ...state, status: 'issuing', poder: { poderId: id, status: 'endorsed' } };
      await record('PODER_ENDORSED', decision.decidedBy ?? SYSTEM_ACTOR, { poderId: id, businessMsTaken: decision.businessMsTaken }, email('PODER_ENDORSED', {}));
    } else {
      const reason = decision.reason ?? makeReason('PODER.NOT_ENDORSED');
      state = close({ ...state, poder: { poderId: id, status: 'rejected', reason } }, 'rejected', [reason]);
      await record('PODER_REJECTED', decision.decidedBy ?? SYSTEM_ACTOR, { poderId: id, reason: reason.code }, email('PODER_REJECTED', { reason: reason.message }));
    }
  }

  /** Issuance: poder re-checked, registry consulted (002), code assigned once, signed PDF stored. */
  async function issue(): Promise<void> {
    if (input.poder && !state.poder) {
      state = { ...state, status: 'legal_review' };
      return;
    }
    const issuedAt = new Date().toISOString();
    try {
      if (input.poder) {
        // Scope and validity are checked again at issuance, not only when endorsed.
        const current = await registry.lookupPoder({ poderId: poderIdOf(input.poder), asOf: toLocalDate(Date.now()) });
        if (current.status !== 'endorsed') {
          const code = current.status === 'revoked' ? 'PODER.REVOKED' : current.status === 'expired' ? 'PODER.EXPIRED' : 'PODER.NOT_ENDORSED';
          state = close(state, 'rejected', [makeReason(code)]);
          await record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: [code] }, email('CASE_REJECTED', { reasons: reasonText(code) }));
          return;
        }
      }
      if (input.procedure === 'NON_AFFILIATION_CERTIFICATE') {
        const facts = await registry.lookupRegistry({ holder: input.holder });
        // 002, Requisitos: only for someone with neither foreigner code nor cédula (nor affiliation).
        const codes = [
          ...(facts.hasForeignerCode ? (['ELIGIBILITY.HAS_FOREIGNER_CODE'] as const) : []),
          ...(facts.hasCedula ? (['ELIGIBILITY.HAS_CEDULA'] as const) : []),
          ...(facts.isAffiliated ? (['ELIGIBILITY.IS_AFFILIATED'] as const) : []),
        ];
        if (codes.length > 0) {
          const reasons = codes.map((c) => makeReason(c));
          state = close(state, 'rejected', reasons);
          await record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: codes, registry: facts }, email('CASE_REJECTED', { reasons: reasonsText(reasons) }));
          return;
        }
        const doc = await registry.issueDocument({ caseId: input.caseId, kind: 'NON_AFFILIATION_CERTIFICATE', holder: input.holder, issuedAt, ...agencyOf() });
        state = close({ ...state, stuck: undefined, result: { kind: 'NON_AFFILIATION_CERTIFICATE', verificationNumber: doc.verificationNumber, documentSha256: doc.sha256, issuedAt } }, 'issued');
        await record(
          'CERTIFICATE_ISSUED',
          SYSTEM_ACTOR,
          { verificationNumber: doc.verificationNumber, sha256: doc.sha256 },
          { ...email('CERTIFICATE_ISSUED', { verificationNumber: doc.verificationNumber }), attachments: [{ filename: 'certificado-no-afiliacion.pdf', sha256: doc.sha256, contentType: 'application/pdf' }] },
        );
        return;
      }
      let code: string;
      let alreadyHad: boolean;
      if (patched(DUPLICATE_REVIEW_PATCH)) {
        const review = state.duplicateReview;
        const decision: AssignForeignerCodeInput['decision'] =
          review?.decision === 'same_person' && review.code
            ? { kind: 'same_person', code: review.code }
            : review?.decision === 'different_person'
              ? { kind: 'different_person' }
              : undefined;
        const assigned = await registry.assignForeignerCode({ caseId: input.caseId, holder: input.holder, ...(decision ? { decision } : {}) });
        if (assigned.outcome === 'possible_duplicate') {
          state = possibleDuplicate(state, assigned.candidates, Date.now());
          await record(DUPLICATE_REVIEW_EVENTS.found, SYSTEM_ACTOR, { candidates: assigned.candidates.map((c) => c.code) }, email('CASE_DELAYED', {}));
          return;
        }
        ({ code, alreadyHad } = assigned);
      } else {
        ({ code, alreadyHad } = await registry.issueForeignerCode({ caseId: input.caseId, holder: input.holder }));
      }
      const doc = await registry.issueDocument({ caseId: input.caseId, kind: 'FOREIGNER_CODE', holder: input.holder, code, issuedAt, ...agencyOf() });
      state = close({ ...state, stuck: undefined, result: { kind: 'FOREIGNER_CODE', code, alreadyHad, verificationNumber: doc.verificationNumber, documentSha256: doc.sha256, issuedAt } }, 'issued');
      await record(
        'FOREIGNER_CODE_ISSUED',
        SYSTEM_ACTOR,
        { code, alreadyHad, verificationNumber: doc.verificationNumber, sha256: doc.sha256 },
        { ...email('FOREIGNER_CODE_ISSUED', { code, alreadyHad, verificationNumber: doc.verificationNumber }), attachments: [{ filename: 'codigo-extranjero.pdf', sha256: doc.sha256, contentType: 'application/pdf' }] },
      );
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const first = state.stuck === undefined;
      state = stuckAt(state, err.activityType ?? 'issuance', Date.now());
      await record('CASE_STUCK', SYSTEM_ACTOR, { step: state.stuck?.step, attempts: state.stuck?.attempts, error: err.cause?.message ?? err.message }, first ? email('CASE_DELAYED', {}) : undefined);
    }
  }

  /** Waits for an officer's retry, or retries by itself after some office hours and escalates once. */
  async function waitWhileStuck(): Promise<void> {
    retryRequested = false;
    const retried = await condition(() => retryRequested, Math.max(1, nextStuckRetry(settings, Date.now()) - Date.now()));
    if (!retried && !state.stuck?.escalated) {
      state = { ...state, stuck: state.stuck ? { ...state.stuck, escalated: true } : undefined };
      await record('CASE_ESCALATED', SYSTEM_ACTOR, { step: state.stuck?.step, to: 'provincial_coordinator' });
    }
    state = { ...state, status: 'issuing' };
  }

  function agencyOf(): { agencyId?: string } {
    const agencyId = state.appointment?.agencyId ?? input.walkIn?.agencyId;
    return agencyId ? { agencyId } : {};
  }
}
