import type { TFunction } from 'i18next';
import type { ApiErrorBody } from '../api/api-client';

/** The API's refusals of one file (apps/api/src/documents), each with its key in the `employer` namespace. */
const SIGNATURE_REFUSALS: Record<string, string> = {
  'DOC.SIGNATURE_ELECTRONIC_REQUIRED': 'employer:refusals.missing',
  'DOC.SIGNATURE_TAMPERED': 'employer:refusals.tampered',
  'DOC.SIGNATURE_INVALID': 'employer:refusals.invalid',
};

/** "1,2 MB", "980 KB": the size of a file as people read it. */
export function sizeInWords(bytes: number, locale: string): string {
  const format = new Intl.NumberFormat(locale === 'en' ? 'en' : 'es-EC', { maximumFractionDigits: 1 });
  return bytes >= 1_000_000 ? `${format.format(bytes / 1_000_000)} MB` : `${format.format(Math.max(1, Math.round(bytes / 1000)))} KB`;
}

/**
 * The refusal of an uploaded file in the applicant's language, naming the file and the rule (sheet 004:
 * JPG or PDF of at most 1 MB; the request and the agreement, PDFs signed electronically). A code this
 * page does not word keeps the API's own words (`fallback`).
 */
export function uploadRefusal(t: TFunction, error: ApiErrorBody, file: string, document: string, fallback: string): string {
  const detected = typeof error['detected'] === 'string' ? error['detected'] : '';
  switch (error.code) {
    case 'UPLOAD.TYPE_NOT_ALLOWED':
      if (error['kind'])
        return t('employer:refusals.notPdf', {
          file,
          document,
          detected: t(detected === 'jpeg' || detected === 'png' ? `employer:detected.${detected}` : 'employer:detected.other'),
        });
      return t('employer:refusals.type', { file });
    case 'UPLOAD.EMPTY':
      return t('employer:refusals.empty', { file });
    case 'UPLOAD.CORRUPT':
      return t('employer:refusals.corrupt', { file });
    case 'DOC.SIGNATURE_UNTRUSTED': {
      const signer = typeof error['signer'] === 'string' ? error['signer'] : '';
      const issuer = typeof error['issuer'] === 'string' ? error['issuer'] : '';
      return signer ? t('employer:refusals.untrusted', { file, document, signer, issuer }) : t('employer:refusals.untrustedNoSigner', { file, document });
    }
    default: {
      const key = SIGNATURE_REFUSALS[error.code];
      return key ? t(key, { file, document }) : fallback;
    }
  }
}
