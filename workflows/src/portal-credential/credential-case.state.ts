import {
  CREDENTIAL_FINAL_STATUSES,
  caseWorkflowId,
  type CaseProjection,
  type CredentialCaseView,
  type CredentialStatus,
  type InspectedUpload,
  type WaitingOn,
} from '@tramites/contracts';
import {
  AFFILIATE_VERIFICATION_MAX_ATTEMPTS,
  DOCUMENT_KIND_LABELS,
  addBusinessDays,
  endOfBusinessDay,
  endOfBusinessDaysFrom,
  makeReason,
  toLocalDate,
  type PresentedDocument,
  type Reason,
} from '@tramites/domain';

/** Pure rules of the portal-password cases (003, 004): no I/O, safe in the workflow sandbox. */

export const isFinalCredentialStatus = (status: CredentialStatus): boolean => CREDENTIAL_FINAL_STATUSES.includes(status);

const WAITING_ON: Record<CredentialStatus, WaitingOn> = {
  identity_check: 'applicant',
  locked: 'institution',
  awaiting_email: 'applicant',
  awaiting_submission: 'applicant',
  awaiting_window_review: 'institution',
  office_review: 'institution',
  awaiting_correction: 'applicant',
  link_sent: 'applicant',
  link_expired: 'applicant',
  issued: 'nobody',
  rejected: 'nobody',
  expired: 'nobody',
  abandoned: 'nobody',
};

export function withStatus(view: CredentialCaseView, status: CredentialStatus, deadlineAt?: number): CredentialCaseView {
  const { deadlineAt: _old, ...rest } = view;
  return {
    ...rest,
    status,
    waitingOn: WAITING_ON[status],
    ...(deadlineAt !== undefined && !isFinalCredentialStatus(status) ? { deadlineAt: new Date(deadlineAt).toISOString() } : {}),
  };
}

export function closed(
  view: CredentialCaseView,
  status: Extract<CredentialStatus, 'issued' | 'rejected' | 'expired' | 'abandoned'>,
  reasons: Reason[] = [],
): CredentialCaseView {
  const { identityCheck: _check, ...rest } = withStatus(view, status);
  return { ...rest, ...(reasons.length > 0 ? { closedReason: reasons } : {}) };
}

export function projection(view: CredentialCaseView): CaseProjection {
  return {
    workflowId: caseWorkflowId(view.caseId),
    procedureType: view.procedure,
    status: view.status,
    province: view.province,
    agencyId: view.agencyId ?? null,
    applicantId: view.applicantId,
    deadlineAt: view.deadlineAt ?? null,
    waitingOn: view.waitingOn,
    holderName: view.holder.name ?? null,
    appointmentAt: null,
  };
}

export const attemptsLeftAfter = (failedTotal: number): number => Math.max(0, AFFILIATE_VERIFICATION_MAX_ATTEMPTS - failedTotal);

/**
 * End of the N-th business day after `now` (office closing time, Guayaquil). `asSheetsCount`: as
 * libs/domain endOfBusinessDaysFrom counts them (a day set before opening is the first of the N);
 * false for the cases that ran before (one day more when set before opening).
 */
export function businessDeadline(now: number, businessDays: number, asSheetsCount = false): number {
  if (asSheetsCount) return endOfBusinessDaysFrom(now, businessDays);
  return endOfBusinessDay(addBusinessDays(toLocalDate(now), businessDays));
}

/**
 * 004, Ventanilla Virtual: what the checklist needs to know of each upload. A PDF counts
 * as electronically signed only when its signature verified against the trust anchors.
 */
export function presentedUploads(uploads: readonly InspectedUpload[], fields: Readonly<Record<string, Record<string, string>>>): PresentedDocument[] {
  return uploads
    .filter((u) => u.found)
    .map((u) => ({
      kind: u.kind,
      ...(u.belongsTo ? { belongsTo: u.belongsTo } : {}),
      original: false,
      copy: true,
      ...(u.signature?.status === 'valid' ? { signature: 'electronic' as const } : {}),
      fields: fields[u.kind] ?? {},
      upload: { sizeBytes: u.sizeBytes ?? 0, detected: u.detected === 'pdf' ? 'pdf' : 'jpeg', fileName: u.fileName ?? 'documento' },
    }));
}

const SIGNATURE_REASONS = {
  missing: 'DOC.SIGNATURE_ELECTRONIC_REQUIRED',
  not_pdf: 'DOC.SIGNATURE_ELECTRONIC_REQUIRED',
  digest_mismatch: 'DOC.SIGNATURE_TAMPERED',
  bad_signature: 'DOC.SIGNATURE_INVALID',
  malformed: 'DOC.SIGNATURE_INVALID',
  untrusted: 'DOC.SIGNATURE_UNTRUSTED',
} as const;

/** Uploads named in the submission that do not exist, and signatures that did not verify, in words. */
export function uploadProblems(uploads: readonly InspectedUpload[]): Reason[] {
  const reasons: Reason[] = [];
  for (const u of uploads) {
    const document = DOCUMENT_KIND_LABELS[u.kind];
    if (!u.found) {
      reasons.push(makeReason('DOC.MISSING', { document: `${document} (el archivo indicado no está cargado en este trámite)` }));
      continue;
    }
    const status = u.signature?.status;
    if (status && status !== 'valid') reasons.push(makeReason(SIGNATURE_REASONS[status], { document }));
  }
  return reasons;
}
