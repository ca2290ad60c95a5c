import { Inject, Injectable } from '@nestjs/common';
import { IssuedDocumentsRepository } from '@tramites/persistence';
import {
  readOwnStatement,
  toJwks,
  verifyStatementToken,
  type OkpJwk,
  type PublicKeySet,
  type StatementType,
  type VerificationFailure,
} from './statement-verifier';
import { canonicalVerificationNumber } from './verification-number';

/** Injection token of the trusted public keys (read once from the environment at start-up). */
export const VERIFICATION_KEYS = Symbol('VERIFICATION_KEYS');

export const DOCUMENT_TYPE_LABELS: Readonly<Record<StatementType, string>> = {
  FOREIGNER_CODE: 'Código de identificación para extranjeros',
  NON_AFFILIATION_CERTIFICATE: 'Certificado de no afiliación al IESS',
};

const FAILURE_MESSAGES: Readonly<Record<VerificationFailure, string>> = {
  MALFORMED: 'El código leído no es una declaración firmada completa: puede estar incompleto, dañado o no ser del IESS.',
  UNKNOWN_KEY: 'El documento está firmado con una clave que el IESS no reconoce.',
  BAD_SIGNATURE: 'La firma no corresponde al contenido: el documento pudo ser alterado.',
  WRONG_ALG: 'El código usa un método de firma que el IESS no acepta.',
};

const GENUINE = 'Documento auténtico: la firma del IESS es válida y el documento consta en el registro de documentos emitidos.';
const SIGNED_NOT_REGISTERED =
  'La firma es válida, pero ese número de verificación no consta en el registro de documentos emitidos: consulte al IESS antes de aceptar el documento.';

export interface VerifiedDocument {
  type: StatementType;
  typeLabel: string;
  verificationNumber: string;
  caseId: string;
  holderName: string;
  holderDocument: string;
  code?: string;
  /** ISO-8601 instant of issue (from the statement's `iat`). */
  issuedAt: string;
}

export interface TokenVerification {
  valid: boolean;
  reason?: VerificationFailure;
  /** Spanish summary of the result, for people. */
  message: string;
  /** True when our registry of issued documents holds exactly this statement. */
  registered: boolean;
  keyId?: string;
  document?: VerifiedDocument;
}

export interface NumberLookup {
  verificationNumber: string;
  exists: boolean;
  message: string;
  document?: {
    type: StatementType;
    typeLabel: string;
    issuedAt: string;
    /** Only the holder's initials: the number alone must not reveal personal data. */
    holderInitials: string | null;
  };
}

/** "María José Pérez Gómez" -> "M. J. P. G." */
export function initialsOf(name: string): string {
  return name
    .normalize('NFC')
    .split(/[\s-]+/)
    .map((word) => Array.from(word)[0])
    .filter((letter): letter is string => letter !== undefined && /\p{L}/u.test(letter))
    .map((letter) => `${letter.toLocaleUpperCase('es-EC')}.`)
    .join(' ');
}

@Injectable()
export class VerificationService {
  constructor(
    private readonly issued: IssuedDocumentsRepository,
    @Inject(VERIFICATION_KEYS) private readonly keys: PublicKeySet,
  ) {}

  jwks(): { keys: OkpJwk[] } {
    return toJwks(this.keys);
  }

  async verifyToken(token: string): Promise<TokenVerification> {
    const result = verifyStatementToken(token, this.keys);
    if (!result.valid) return { valid: false, reason: result.reason, message: FAILURE_MESSAGES[result.reason], registered: false };
    const { claims } = result;
    const row = await this.issued.byVerificationNumber(claims.vn);
    // Signing is deterministic, so our row holds this very token when we issued it.
    const registered = row !== undefined && row.statement.trim() === token.trim() && row.caseId === claims.cid && row.kind === claims.typ;
    return {
      valid: true,
      message: registered ? GENUINE : SIGNED_NOT_REGISTERED,
      registered,
      keyId: result.kid,
      document: {
        type: claims.typ,
        typeLabel: DOCUMENT_TYPE_LABELS[claims.typ],
        verificationNumber: claims.vn,
        caseId: claims.cid,
        holderName: claims.name,
        holderDocument: claims.sub,
        ...(claims.code !== undefined ? { code: claims.code } : {}),
        issuedAt: new Date(claims.iat * 1000).toISOString(),
      },
    };
  }

  /** undefined when the text is not a well-formed verification number (shape or check character). */
  async lookupNumber(input: string): Promise<NumberLookup | undefined> {
    const verificationNumber = canonicalVerificationNumber(input);
    if (!verificationNumber) return undefined;
    const row = await this.issued.byVerificationNumber(verificationNumber);
    if (!row) {
      return {
        verificationNumber,
        exists: false,
        message: 'El IESS no ha emitido ningún documento con este número de verificación.',
      };
    }
    const type = (row.kind === 'FOREIGNER_CODE' ? 'FOREIGNER_CODE' : 'NON_AFFILIATION_CERTIFICATE') satisfies StatementType;
    const name = readOwnStatement(row.statement)?.name ?? row.holderName;
    return {
      verificationNumber,
      exists: true,
      message: `El IESS emitió un documento con este número: ${DOCUMENT_TYPE_LABELS[type]}.`,
      document: {
        type,
        typeLabel: DOCUMENT_TYPE_LABELS[type],
        issuedAt: row.issuedAt,
        holderInitials: name ? initialsOf(name) : null,
      },
    };
  }
}
