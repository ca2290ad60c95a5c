import type { CredentialCaseView, InspectedUpload } from '@tramites/contracts';
import { DOCUMENT_KIND_LABELS, DOCUMENT_OWNER_LABELS, type DocumentKind, type DocumentOwner } from '@tramites/domain';
import { actorLabel, when } from '../officer/officer-format';
import type { FieldError } from '../shared/forms';

type SignatureStatus = NonNullable<InspectedUpload['signature']>['status'];

/** A signature's verdict in words: valid, or why not (the worker's inspection, activities/src/signatures/pdf-signature.ts). */
export const SIGNATURE_VERDICTS: Readonly<Record<SignatureStatus, { valid: boolean; text: string }>> = {
  valid: { valid: true, text: 'Válida: firma electrónica de una autoridad de certificación reconocida, sobre todo el archivo' },
  missing: { valid: false, text: 'No válida: el PDF no tiene firma electrónica' },
  digest_mismatch: { valid: false, text: 'No válida: el archivo cambió después de firmarse' },
  bad_signature: { valid: false, text: 'No válida: la firma no corresponde al contenido del archivo' },
  untrusted: { valid: false, text: 'No válida: el certificado no es de una autoridad de certificación reconocida' },
  malformed: { valid: false, text: 'No válida: la firma está dañada y no se puede leer' },
  not_pdf: { valid: false, text: 'No se puede verificar: el archivo no es un PDF' },
};

const FILE_TYPES: Record<string, string> = { pdf: 'PDF', jpeg: 'JPG', jpg: 'JPG' };

/** One uploaded document as the office reads it: what it is, whose, the file, and its signature in words. */
export interface OfficeDocument {
  index: number;
  documentId: string;
  label: string;
  owner: string;
  fileName: string;
  fileFacts: string;
  found: boolean;
  isPdf: boolean;
  signature?: { valid: boolean; verdict: string; signer: string; issuer: string; signedAt: string };
}

export function officeDocuments(view: Pick<CredentialCaseView, 'submission'>): OfficeDocument[] {
  return (view.submission?.uploads ?? []).map((u, index) => {
    const verdict = u.signature ? SIGNATURE_VERDICTS[u.signature.status] : undefined;
    const type = u.detected ? (FILE_TYPES[u.detected] ?? u.detected.toUpperCase()) : '';
    return {
      index,
      documentId: u.documentId,
      label: DOCUMENT_KIND_LABELS[u.kind as DocumentKind] ?? u.kind,
      owner: u.belongsTo ? (DOCUMENT_OWNER_LABELS[u.belongsTo as DocumentOwner] ?? u.belongsTo) : '',
      fileName: u.fileName ?? 'sin nombre',
      fileFacts: [type, u.sizeBytes !== undefined ? `${Math.max(1, Math.round(u.sizeBytes / 1024))} KB` : ''].filter(Boolean).join(', '),
      found: u.found,
      isPdf: u.detected === 'pdf',
      ...(u.signature && verdict
        ? {
            signature: {
              valid: verdict.valid,
              verdict: verdict.text,
              signer: u.signature.signer ?? 'No consta',
              issuer: u.signature.issuer ?? 'No consta',
              signedAt: u.signature.signingTime ? when(u.signature.signingTime) : 'La firma no indica la hora',
            },
          }
        : {}),
    };
  });
}

/** The office's decision as it was taken: who, when, and the reasons sent to the applicant. */
export function decisionInWords(
  review: CredentialCaseView['review'],
  nameOf: (officerId: string) => string | undefined,
): { text: string; observations?: string } | undefined {
  if (!review) return undefined;
  const what = { approve: 'Aprobada', observe: 'Observada', reject: 'Negada' }[review.decision];
  return { text: `${what} por ${actorLabel(review.by, nameOf)} el ${when(review.at)}`, ...(review.observations ? { observations: review.observations } : {}) };
}

/** The API's limit on the observations (apps/api/src/credentials/credentials.dto.ts, OfficeReviewDto). */
export const OBSERVATIONS_MAX = 2000;
/** The case's rule: observations of at least 5 characters (workflows/src/portal-credential/employer-password.workflow.ts). */
const OBSERVATION_MIN = 5;

export const observationField = (index: number): string => `obs-${index}`;
export const GENERAL_OBSERVATION = 'obs-general';

/**
 * The observations the officer wrote, per document or in general, as one text for the applicant
 * (each line names the document and its file); the errors name the field and the rule.
 */
export function composeObservations(documents: OfficeDocument[], values: Record<string, string>): { observations: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const lines: string[] = [];
  const take = (field: string, prefix: string): void => {
    const written = (values[field] ?? '').trim();
    if (!written) return;
    if (written.length < OBSERVATION_MIN) errors.push({ field, text: `Explique la observación en al menos ${OBSERVATION_MIN} caracteres` });
    lines.push(`${prefix}: ${written}`);
  };
  for (const d of documents) take(observationField(d.index), `${d.label} (${d.fileName})`);
  take(GENERAL_OBSERVATION, 'General');
  const observations = lines.join('\n');
  if (lines.length === 0) errors.push({ field: GENERAL_OBSERVATION, text: 'Escriba al menos una observación: sobre un documento o general' });
  else if (observations.length > OBSERVATIONS_MAX)
    errors.push({ field: GENERAL_OBSERVATION, text: `Las observaciones suman ${observations.length} caracteres; el máximo es ${OBSERVATIONS_MAX}` });
  return { observations, errors };
}
