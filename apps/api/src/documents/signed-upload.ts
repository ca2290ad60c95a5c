import {
  DETECTED_CONTENT_LABELS,
  DOCUMENT_KIND_LABELS,
  ELECTRONICALLY_SIGNED_UPLOADS,
  detectContent,
  makeReason,
  type DetectedContent,
  type DocumentKind,
} from '@tramites/domain';
import { verifyPdfSignature, type PdfSignatureVerdict, type TrustAnchors } from '@tramites/signing';
import { ApiError } from '../errors/api-error';

/** The electronic signature of an uploaded document, in words: who signed, whose certificate, when. */
export interface UploadSignature {
  status: 'valid';
  signer: string;
  issuer: string;
  signingTime?: string;
}

/** Each verdict of the verifier, as the reason the workers' checklist gives at submission (workflows/src/portal-credential). */
const REFUSALS = {
  missing: 'DOC.SIGNATURE_ELECTRONIC_REQUIRED',
  digest_mismatch: 'DOC.SIGNATURE_TAMPERED',
  bad_signature: 'DOC.SIGNATURE_INVALID',
  malformed: 'DOC.SIGNATURE_INVALID',
  untrusted: 'DOC.SIGNATURE_UNTRUSTED',
} as const;

/** "una imagen JPG", "un archivo comprimido ZIP u Office": what the first bytes say the file is. */
function withArticle(detected: DetectedContent): string {
  const label = detected === 'jpeg' ? 'imagen JPG' : DETECTED_CONTENT_LABELS[detected];
  return `${label.startsWith('imagen') || label.startsWith('página') ? 'una' : 'un'} ${label}`;
}

/**
 * 004, Trámite por Ventanilla Virtual: the request and the agreement are PDFs whose electronic
 * signature "es imprescindible". Judged when the file is uploaded, so that the refusal names the
 * file and the rule at once (the worker judges the same again at submission). Without trust
 * anchors (SIGNATURE_TRUST_ANCHORS unset) only the PDF is checked here.
 */
export async function judgeSignedUpload(
  kind: DocumentKind | undefined,
  bytes: Uint8Array,
  fileName: string,
  anchors: TrustAnchors | undefined,
  now: Date,
): Promise<UploadSignature | undefined> {
  if (!kind || !ELECTRONICALLY_SIGNED_UPLOADS.includes(kind)) return undefined;
  const document = DOCUMENT_KIND_LABELS[kind];
  const detected = detectContent(bytes);
  if (detected !== 'pdf') {
    // The same code as a file that is neither JPG nor PDF: this document admits a PDF only.
    throw new ApiError(
      'UPLOAD.TYPE_NOT_ALLOWED',
      `El archivo «${fileName}» no es un PDF (es ${withArticle(detected)}): ${document} se carga en PDF con firma electrónica.`,
      { file: fileName, kind, detected },
      422,
    );
  }
  if (!anchors) return undefined;
  const verdict: PdfSignatureVerdict = await verifyPdfSignature(bytes, anchors, { now });
  // A signature that does not cover the whole file was followed by unsigned changes.
  const status = verdict.status === 'valid' && !verdict.coversWholeFile ? 'digest_mismatch' : verdict.status;
  const signer = verdict.signer ? { signer: verdict.signer.commonName, issuer: verdict.signer.issuer } : {};
  if (status !== 'valid') {
    const code = REFUSALS[status];
    const by = verdict.signer ? ` Firmado por ${verdict.signer.commonName}, con un certificado emitido por ${verdict.signer.issuer}.` : '';
    throw new ApiError(
      code,
      `${makeReason(code, { document: `${document} («${fileName}»)` }).message}${by}`,
      { file: fileName, kind, signature: status, ...signer },
      422,
    );
  }
  return {
    status: 'valid',
    signer: verdict.signer?.commonName ?? '',
    issuer: verdict.signer?.issuer ?? '',
    ...(verdict.signingTime ? { signingTime: verdict.signingTime } : {}),
  };
}
