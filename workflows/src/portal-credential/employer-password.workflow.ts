import { ActivityFailure, ApplicationFailure, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  EMPLOYER_PASSWORD_RULES,
  SYSTEM_ACTOR,
  officeReviewUpdate,
  recordWindowDocumentsUpdate,
  submitUploadsUpdate,
  type Actor,
  type CredentialActivities,
  type CredentialCaseView,
  type EmployerLookup,
  type EmployerPasswordInput,
  employerPasswordInputProblems,
} from '@tramites/contracts';
import { activities as acts, assertValidInput, reasonsText, refuse } from '../case-kernel';
import { evaluateChecklist, makeReason, toLocalDate, virtualUploadSlots, type ChecklistInput, type FilerProfile, type Reason } from '@tramites/domain';
import { CredentialCase } from './credential-case';
import { businessDeadline, closed, presentedUploads, uploadProblems, withStatus } from './credential-case.state';

/**
 * 004 Ventanilla Virtual: the N business days to submit or correct the documents end as the sheets
 * count them (libs/domain endOfBusinessDaysFrom: a day set before opening is the first of the N).
 * Cases that set a deadline before keep theirs (one business day more when set before opening).
 */
export const SUBMISSION_DEADLINE_PATCH = 'submission-deadline-sheets-count';

/** 004 Ventanilla Virtual: a foreign employer (known by passport, visa or foreigner code) types its RUC's number beside the scan. */
export const TYPED_RUC_PATCH = 'foreign-employer-typed-ruc';

const PROCEDURE_NAME = 'Generación de clave patronal de acceso al portal IESS';

/** The applicant waits for the answer: a few quick retries, then a clear refusal (never a hanging request). */
const inspection = proxyActivities<Pick<CredentialActivities, 'inspectUploads'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 4 },
});

type Registered = Extract<EmployerLookup, { registered: true }>;

/**
 * Sheet 004, both channels. The employer must be registered and have generated the
 * key-delivery request. In person the officer records the documents at the window; online
 * the files uploaded to the Ventanilla Virtual are sniffed, the request and agreement must
 * carry a verified electronic signature, and the office of the employer's province reviews
 * the filing. Either way the password is set through the single-use link emailed to the
 * employer's registered address.
 */
export async function employerPasswordWorkflow(input: EmployerPasswordInput): Promise<CredentialCaseView> {
  assertValidInput((strict) => employerPasswordInputProblems(input, strict));
  const virtual = input.channel === 'virtual';
  const c = new CredentialCase(
    {
      caseId: input.caseId,
      procedure: 'EMPLOYER_PORTAL_PASSWORD',
      channel: input.channel,
      province: null,
      ...(input.agencyId ? { agencyId: input.agencyId } : {}),
      applicantId: input.filer.identityNumber,
      holder: { kind: 'employer', id: input.employerId },
    },
    input.settings,
    PROCEDURE_NAME,
    EMPLOYER_PASSWORD_RULES,
  );
  let employer: Registered | undefined;

  c.registerCommonHandlers();

  const filerProfile = (e: Registered): FilerProfile => ({
    role: input.filerRole,
    identityNumber: input.filer.identityNumber,
    employerRegistered: true,
    isForeignEmployer: e.idType !== 'ruc',
    hasCedula: e.idType === 'ruc',
    isArtisan: e.isArtisan,
  });
  const observe = async (actor: Actor, reasons: Reason[], data: Record<string, unknown>): Promise<void> => {
    c.view = withStatus(c.view, 'awaiting_correction', businessDeadline(Date.now(), c.settings.submissionBusinessDays, patched(SUBMISSION_DEADLINE_PATCH)));
    await c.record(
      'DOCUMENTS_OBSERVED',
      actor,
      { ...data, reasons: reasons.map((r) => r.code), correctionDueAt: c.view.deadlineAt },
      c.email('DOCUMENTS_OBSERVED', { observations: reasonsText(reasons), deadline: c.view.deadlineAt ?? '' }),
    );
  };
  const reject = async (actor: Actor, reasons: Reason[], data: Record<string, unknown>): Promise<void> => {
    c.view = closed(c.view, 'rejected', reasons);
    await c.record('CASE_REJECTED', actor, { ...data, reasons: reasons.map((r) => r.code) }, c.email('CASE_REJECTED', { reasons: reasonsText(reasons) }));
  };

  // --- Ventanilla Virtual: the applicant submits the uploaded files ---------------------------
  setHandler(
    submitUploadsUpdate,
    ({ actor, uploads, request }) =>
      c.exclusive('submit_uploads', actor, async () => {
        const e = employer as Registered;
        let inspected;
        try {
          inspected = await inspection.inspectUploads({ caseId: input.caseId, uploads });
        } catch (err) {
          if (!(err instanceof ActivityFailure)) throw err;
          await c.record('SUBMISSION_NOT_CHECKED', actor, { error: err.cause?.message ?? err.message });
          throw ApplicationFailure.create({
            type: 'SERVICE.UNAVAILABLE',
            message: 'No se pudieron revisar los archivos en este momento; intente nuevamente en unos minutos.',
            nonRetryable: true,
          });
        }
        // The RUC's number: the registry's id, or, for an employer it knows by another document, the one the filer typed.
        const typedRuc = e.idType !== 'ruc' && request['ruc'] && patched(TYPED_RUC_PATCH) ? request['ruc'] : undefined;
        const fields: Record<string, Record<string, string>> = e.idType === 'ruc'
          ? { ruc: { ruc: input.employerId } }
          : typedRuc
            ? { ruc: { ruc: typedRuc } }
            : {};
        const checklist = evaluateChecklist({
          procedure: 'EMPLOYER_PORTAL_PASSWORD',
          channel: 'virtual',
          filer: filerProfile(e),
          request: { ...request, email: e.email, province: e.province },
          documents: presentedUploads(inspected, fields),
          asOf: toLocalDate(Date.now()),
        });
        const problems = [...uploadProblems(inspected), ...checklist.reasons];
        const unique = problems.filter((r, i) => problems.findIndex((o) => o.message === r.message) === i);
        const submittedAt = new Date().toISOString();
        c.view = { ...c.view, submission: { uploads: inspected, checklist, submittedAt } };
        const data = {
          uploads: inspected.map((u) => ({
            documentId: u.documentId,
            kind: u.kind,
            sha256: u.sha256 ?? null,
            signature: u.signature?.status ?? null,
            signer: u.signature?.signer ?? null,
          })),
          outcome: unique.length === 0 ? 'accepted' : checklist.outcome === 'rejected' ? 'rejected' : 'observed',
        };
        if (unique.length > 0) {
          await c.record('SUBMISSION_OBSERVED', actor, { ...data, reasons: unique.map((r) => r.code) });
          throw ApplicationFailure.create({
            type: 'SUBMISSION.OBSERVED',
            message: `La solicitud no puede enviarse todavía:\n${reasonsText(unique)}`,
            nonRetryable: true,
            details: [unique.map((r) => ({ code: r.code, message: r.message }))],
          });
        }
        c.view = { ...withStatus(c.view, 'office_review'), ...(e.officeAgencyId ? { agencyId: e.officeAgencyId } : {}) };
        await c.record('SUBMISSION_RECEIVED', actor, data, c.email('DOCUMENTS_ACCEPTED', {}));
        await c.record('ROUTED_TO_OFFICE', SYSTEM_ACTOR, { agencyId: c.view.agencyId ?? null, province: e.province });
      }),
    {
      validator: ({ actor, uploads }) => {
        // The channel first, then the rest of the table (libs/contracts case-actions.ts).
        c.guard('submit_uploads', actor);
        if (!Array.isArray(uploads) || uploads.length === 0) refuse('VALIDATION.REQUIRED', 'Indique los documentos cargados');
      },
    },
  );

  // --- Ventanilla Virtual: the office of the province reviews ---------------------------------
  setHandler(
    officeReviewUpdate,
    ({ actor, decision, observations }) =>
      c.exclusive('office_review', actor, async () => {
        const at = new Date().toISOString();
        c.view = { ...c.view, review: { decision, by: actor, at, ...(observations ? { observations } : {}) } };
        if (decision === 'approve') {
          await c.record('OFFICE_APPROVED', actor, {});
          await c.sendLink(actor);
        } else if (decision === 'observe') {
          await observe(actor, [makeReason('PORTAL.STEP_PENDING', { step: observations ?? '' })], { decision });
        } else {
          await reject(actor, [makeReason('PORTAL.REVIEW_REJECTED', { observations: observations ?? '' })], { decision });
        }
      }),
    {
      validator: ({ actor, decision, observations }) => {
        c.guard('office_review', actor);
        if (!['approve', 'observe', 'reject'].includes(decision)) refuse('VALIDATION.FAILED', 'decision debe ser approve, observe o reject');
        if (decision !== 'approve' && (!observations || observations.trim().length < 5)) {
          refuse('VALIDATION.REQUIRED', 'Indique las observaciones o el motivo (al menos 5 caracteres)');
        }
      },
    },
  );

  // --- In person: the officer records the documents at the window -----------------------------
  setHandler(
    recordWindowDocumentsUpdate,
    (docs) =>
      c.exclusive('record_window_documents', docs.actor, async () => {
        const e = employer as Registered;
        const checklistInput: ChecklistInput = {
          procedure: 'EMPLOYER_PORTAL_PASSWORD',
          channel: 'in_person',
          filer: filerProfile(e),
          request: { ...(docs.request ?? {}), email: e.email },
          documents: docs.documents,
          appointment: { confirmationPresented: Boolean(input.appointmentReference) },
          asOf: toLocalDate(Date.now()),
        };
        const checklist = evaluateChecklist(checklistInput);
        c.view = { ...c.view, submission: { uploads: [], checklist, submittedAt: new Date().toISOString() } };
        const data = {
          outcome: checklist.outcome,
          documents: docs.documents.map((d) => ({ kind: d.kind, original: d.original, copy: d.copy, signature: d.signature })),
        };
        if (checklist.outcome === 'accepted') {
          await c.record('DOCUMENTS_ACCEPTED', docs.actor, data);
          await c.sendLink(docs.actor);
        } else if (checklist.outcome === 'observed') {
          await observe(docs.actor, [...checklist.reasons], data);
        } else {
          await reject(docs.actor, [...checklist.reasons], data);
        }
      }),
    {
      validator: (docs) => {
        c.guard('record_window_documents', docs.actor);
        if (!Array.isArray(docs.documents)) refuse('VALIDATION.REQUIRED', 'Registre los documentos presentados');
      },
    },
  );

  // --- the life of the case ---------------------------------------------------------------------
  await c.record('CASE_OPENED', input.openedBy, {
    procedure: 'EMPLOYER_PORTAL_PASSWORD',
    channel: input.channel,
    employerId: input.employerId,
    filerRole: input.filerRole,
    appointmentReference: input.appointmentReference ?? null,
  });
  const found = await acts.lookupEmployer({ employerId: input.employerId });
  if (!found.registered) {
    c.view = closed(c.view, 'rejected', [makeReason('ELIGIBILITY.EMPLOYER_NOT_REGISTERED')]);
    await c.record('CASE_REJECTED', SYSTEM_ACTOR, { reasons: ['ELIGIBILITY.EMPLOYER_NOT_REGISTERED'] });
  } else {
    employer = found;
    c.emailTo = found.email;
    c.view = { ...c.view, province: found.province, holder: { ...c.view.holder, name: found.name } };
    if (!found.keyRequestNumber) {
      await reject(SYSTEM_ACTOR, [makeReason('PORTAL.KEY_REQUEST_MISSING')], {});
    } else if (virtual) {
      c.view = withStatus(c.view, 'awaiting_submission', businessDeadline(Date.now(), c.settings.submissionBusinessDays, patched(SUBMISSION_DEADLINE_PATCH)));
      // What the pages ask for: the same requirements as the checklist that judges the submission (no command: the view only).
      c.view = { ...c.view, uploadSlots: virtualUploadSlots(filerProfile(found)) };
      await c.record('EMPLOYER_VERIFIED', SYSTEM_ACTOR, { keyRequestNumber: found.keyRequestNumber, province: found.province });
    } else {
      c.view = withStatus(c.view, 'awaiting_window_review');
      await c.record('EMPLOYER_VERIFIED', SYSTEM_ACTOR, { keyRequestNumber: found.keyRequestNumber, province: found.province });
    }
  }
  return c.live(async (status) => {
    switch (status) {
      case 'awaiting_submission':
      case 'awaiting_correction': {
        if (await c.timedOutIn(status, Date.parse(c.view.deadlineAt ?? new Date().toISOString()))) {
          c.view = closed(c.view, 'abandoned');
          await c.record('CASE_ABANDONED', SYSTEM_ACTOR, { step: status }, c.email('CASE_ABANDONED', {}));
        }
        break;
      }
      default: {
        // The institution's turn (window, office review): wait for its decision.
        await condition(() => c.status !== status || c.busy);
        await condition(() => !c.busy);
      }
    }
  });
}
