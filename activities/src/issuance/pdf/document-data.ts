import { isLocalDate, isValidForeignerCode, normalizeDocumentNumber, normalizeForeignerCode, validateDocumentNumber } from '@tramites/domain';
import { IssuanceError } from '@tramites/signing';
import { decodeStatementUnverified, type StatementType } from '@tramites/signing';
import { isCanonicalVerificationNumber } from '@tramites/signing';

/** Identity documents a foreigner files with (001, Requisitos: passport, else visa, else home-country id). */
export type HolderDocumentType = 'passport' | 'visa' | 'home_country_id';

export interface DocumentHolder {
  readonly fullName: string;
  /** As printed, e.g. "Colombiana" or "Colombia". */
  readonly nationality: string;
  readonly documentType: HolderDocumentType;
  readonly documentNumber: string;
  /** YYYY-MM-DD. */
  readonly birthDate: string;
}

interface IssuedDocumentData {
  readonly caseId: string;
  /** Canonical printed form, VN-YYYY-XXXX-XXXX-XX. */
  readonly verificationNumber: string;
  readonly holder: DocumentHolder;
  /** ISO-8601 instant of issuance; also the PDF's CreationDate and the statement's iat. */
  readonly issuedAt: string;
  readonly agencyName: string;
  /** The signed statement (JWS compact) for this document, see signed-statement.ts. */
  readonly token: string;
  /** Where the QR code points: `${verifyBaseUrl}?t=${token}`. */
  readonly verifyBaseUrl: string;
}

/** Sheets 000/001, Resultado: "Código de identificación para extranjero". */
export interface ForeignerCodeReceiptData extends IssuedDocumentData {
  readonly code: string;
}

/** Sheet 002, Resultado: "Certificado de no afiliación al IESS para extranjeros". */
export type NonAffiliationCertificateData = IssuedDocumentData;

export const DOCUMENT_TYPE_LABELS: Readonly<Record<HolderDocumentType, string>> = {
  passport: 'Pasaporte',
  visa: 'Visa',
  home_country_id: 'Documento de identidad del país de origen',
};

/** The characters the standard PDF fonts can print (WinAnsiEncoding). */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const isWinAnsi = (char: string): boolean => {
  const cp = char.codePointAt(0) ?? 0;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRAS.has(char);
};

const invalid = (field: string, rule: string): IssuanceError => new IssuanceError('DOCUMENT.INVALID_DATA', `${field}: ${rule}`, { field });

/**
 * Text for the page. The standard fonts print Latin-1 (WinAnsi) only:
 * other accented letters lose their accent ("Nguyễn" -> "Nguyên"/"Nguyen"),
 * and a letter with no Latin form (Cyrillic, CJK, ...) is an error rather
 * than a wrong glyph on an official document. The signed statement keeps
 * the name exactly as registered.
 */
export function printable(field: string, value: string): string {
  const collapsed = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  let out = '';
  for (const char of collapsed) {
    if (isWinAnsi(char)) {
      out += char;
      continue;
    }
    const [base = '', firstMark = ''] = [...char.normalize('NFD')];
    const oneAccent = (base + firstMark).normalize('NFC');
    if ([...oneAccent].length === 1 && isWinAnsi(oneAccent)) out += oneAccent;
    else if (isWinAnsi(base) && /\p{L}/u.test(base)) out += base;
    else {
      const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      throw invalid(field, `the character "${char}" (U+${hex}) cannot be printed with the document fonts`);
    }
  }
  return out;
}

const requireText = (field: string, value: unknown): string => {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'must be a non-empty string');
  return value;
};

/** What the renderers print, checked and normalised. */
export interface CheckedDocumentData {
  readonly kind: StatementType;
  readonly caseId: string;
  readonly verificationNumber: string;
  readonly code?: string;
  readonly holder: DocumentHolder;
  readonly issuedAt: Date;
  readonly agencyName: string;
  readonly token: string;
  readonly verifyBaseUrl: string;
  readonly qrContent: string;
}

/** The QR content: the verification page with the statement as `t`. */
export function verificationUrl(verifyBaseUrl: string, token: string): string {
  return `${verifyBaseUrl}?t=${token}`;
}

/**
 * Validates everything a document prints, and that the statement in its QR
 * code says the same thing: a document must never carry a QR code that
 * vouches for other data (type, number, case, holder, code, issue instant).
 */
export function checkDocumentData(kind: StatementType, data: IssuedDocumentData & { code?: string }): CheckedDocumentData {
  if (typeof data !== 'object' || data === null) throw invalid('data', 'must be an object');
  const caseId = requireText('caseId', data.caseId).trim();
  if (!isCanonicalVerificationNumber(data.verificationNumber)) {
    throw invalid('verificationNumber', 'must be a verification number in its printed form (VN-YYYY-XXXX-XXXX-XX)');
  }
  let code: string | undefined;
  if (kind === 'FOREIGNER_CODE') {
    code = normalizeForeignerCode(requireText('code', data.code));
    if (!isValidForeignerCode(code).ok) throw invalid('code', 'must be a valid foreigner identification code');
  }
  const holder = data.holder;
  if (typeof holder !== 'object' || holder === null) throw invalid('holder', 'must be an object');
  const fullName = requireText('holder.fullName', holder.fullName).normalize('NFC').trim().replace(/\s+/g, ' ');
  const nationality = requireText('holder.nationality', holder.nationality).trim();
  if (!Object.hasOwn(DOCUMENT_TYPE_LABELS, holder.documentType)) {
    throw invalid('holder.documentType', `must be one of ${Object.keys(DOCUMENT_TYPE_LABELS).join(', ')}`);
  }
  const documentNumber = validateDocumentNumber(requireText('holder.documentNumber', holder.documentNumber));
  if (!documentNumber.ok) throw invalid('holder.documentNumber', documentNumber.message);
  if (!isLocalDate(holder.birthDate)) throw invalid('holder.birthDate', 'must be a date YYYY-MM-DD');

  const issuedMs = typeof data.issuedAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(data.issuedAt) ? Date.parse(data.issuedAt) : NaN;
  if (!Number.isFinite(issuedMs)) throw invalid('issuedAt', 'must be an ISO-8601 instant, e.g. 2026-01-15T15:32:00.000Z');
  const agencyName = requireText('agencyName', data.agencyName).trim();

  let base: URL;
  try {
    base = new URL(requireText('verifyBaseUrl', data.verifyBaseUrl));
  } catch {
    throw invalid('verifyBaseUrl', 'must be an absolute http(s) URL');
  }
  if (!['https:', 'http:'].includes(base.protocol) || base.search !== '' || base.hash !== '' || data.verifyBaseUrl.includes('?')) {
    throw invalid('verifyBaseUrl', 'must be an absolute http(s) URL without query or fragment');
  }

  const token = requireText('token', data.token).trim();
  const statement = decodeStatementUnverified(token);
  if (!statement) throw invalid('token', 'must be a signed statement (JWS compact serialization)');
  const { claims } = statement;
  const mismatches = [
    claims.typ !== kind && 'typ',
    claims.vn !== data.verificationNumber && 'vn',
    claims.cid !== caseId && 'cid',
    claims.sub !== normalizeDocumentNumber(holder.documentNumber) && 'sub',
    claims.name !== fullName && 'name',
    claims.code !== code && 'code',
    claims.iat !== Math.floor(issuedMs / 1000) && 'iat',
  ].filter((m): m is string => typeof m === 'string');
  if (mismatches.length > 0) {
    throw new IssuanceError('DOCUMENT.TOKEN_MISMATCH', `the signed statement does not match the document data (${mismatches.join(', ')})`, {
      mismatches,
      caseId,
    });
  }

  return {
    kind,
    caseId,
    verificationNumber: data.verificationNumber,
    ...(code !== undefined ? { code } : {}),
    holder: {
      fullName: printable('holder.fullName', fullName),
      nationality: printable('holder.nationality', nationality),
      documentType: holder.documentType,
      documentNumber: documentNumber.value,
      birthDate: holder.birthDate,
    },
    issuedAt: new Date(issuedMs),
    agencyName: printable('agencyName', agencyName),
    token,
    verifyBaseUrl: data.verifyBaseUrl,
    qrContent: verificationUrl(data.verifyBaseUrl, token),
  };
}
