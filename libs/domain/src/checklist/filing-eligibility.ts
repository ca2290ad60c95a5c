import { getProcedure } from '../procedures/catalogue';
import { FILER_ROLE_LABELS, type FilerRole, type ProcedureType } from '../procedures/types';
import { makeReason, type Reason } from '../reasons/reasons';
import { isValidForeignerCode } from '../foreigner-code/foreigner-code';
import { isValidCedula } from '../validators/cedula';
import { normalizeDocumentNumber } from '../validators/passport';

/**
 * What is known when a case is filed, before any appointment is taken: who files for whom
 * (the filer's identity number, the holder's document) and what the IESS registries say.
 */
export interface FilingFacts {
  readonly procedure: ProcedureType;
  readonly filerRole: FilerRole;
  /** The number the person who books and attends identifies with (cédula, foreigner code, passport). */
  readonly filerIdentityNumber: string;
  /** The holder's identity document number (passport, visa or home-country id). */
  readonly holderDocumentNumber: string;
  /** The registries' answer for the holder; undefined when not consulted. */
  readonly registry?: {
    readonly hasForeignerCode: boolean;
    readonly hasCedula: boolean;
    readonly isAffiliated: boolean;
    /** The filer's identity number is a document (or the foreigner code) of the holder. */
    readonly filerIsHolder?: boolean;
    /** The holder's code, when the registries hold one (told masked: only its last four digits). */
    readonly knownCode?: string;
  };
}

/**
 * The refusals that need no paper: decided at filing, before a slot is taken, with the
 * sheet's reason. The window still checks what only the documents show, and issuance
 * checks the registries again (facts may change). Empty when the case may be filed.
 */
export function filingRefusals(facts: FilingFacts): Reason[] {
  const procedure = getProcedure(facts.procedure);
  const reasons: Reason[] = [];
  const checks = new Set(procedure.requirements.map((r) => r.check));
  const identity = normalizeDocumentNumber(facts.filerIdentityNumber);
  const ownDocument = identity !== '' && identity === normalizeDocumentNumber(facts.holderDocumentNumber);
  const filerIsHolder = facts.filerRole === 'holder' || ownDocument || facts.registry?.filerIsHolder === true;

  // 001, ¿Cómo hago el trámite?, 3, NOTAS: "En ningún caso este trámite podrá ser solicitado,
  // presentado ni firmado por el ciudadano extranjero cuya afiliación al IESS se pretende gestionar."
  const forbidden = procedure.forbiddenFilers.find(
    (f) => (f.flag === 'isForeignWorkerHimself' && filerIsHolder) || (f.roles?.includes(facts.filerRole) ?? false),
  );
  if (forbidden) {
    reasons.push(makeReason('ELIGIBILITY.FILER_NOT_ALLOWED', { filer: forbidden.label }));
  } else if (!procedure.filers.some((f) => f.role === facts.filerRole && f.channels.includes('in_person'))) {
    reasons.push(makeReason('ELIGIBILITY.FILER_NOT_ALLOWED', { filer: FILER_ROLE_LABELS[facts.filerRole] }));
  }

  // The holder files and identifies with a number other than the document given for them:
  // a valid cédula means an Ecuadorian identity card, a valid foreigner code an IESS code.
  const holderIdentifiesWith = facts.filerRole === 'holder' && !ownDocument ? identity : '';
  if (checks.has('holder_without_cedula')) {
    // 000, 001 ¿A quién está dirigido? "(sin cédula de identidad ecuatoriana)"; 002, Requisitos 1, Nota: "No tener ... cédula de identidad."
    if (facts.registry?.hasCedula === true || (holderIdentifiesWith !== '' && isValidCedula(holderIdentifiesWith))) {
      reasons.push(makeReason('ELIGIBILITY.HAS_CEDULA'));
    }
  }
  // 000, one person one code (ADR 0016): a holder who already has a code is told so at filing, with the
  // code's last four digits and how to get the document again; no second case, turno or code. (001, filed by
  // an employer or attorney, hands the same code at issuance.)
  if (facts.procedure === 'FOREIGNER_CODE') {
    const ownCode = holderIdentifiesWith !== '' && isValidForeignerCode(holderIdentifiesWith).ok ? holderIdentifiesWith : undefined;
    const known = facts.registry?.knownCode ?? ownCode;
    if (facts.registry?.hasForeignerCode === true || ownCode) {
      reasons.push(makeReason('ELIGIBILITY.ALREADY_HAS_CODE', known ? { code: maskedForeignerCode(known) } : {}));
    }
  }
  if (facts.procedure === 'NON_AFFILIATION_CERTIFICATE') {
    // 002, Requisitos 1, Nota: "No tener código de extranjero, ni cédula de identidad."
    // (000 refuses it at filing too, naming the code; 001 hands the same code at issuance, never a second.)
    if (facts.registry?.hasForeignerCode === true || (holderIdentifiesWith !== '' && isValidForeignerCode(holderIdentifiesWith).ok)) {
      reasons.push(makeReason('ELIGIBILITY.HAS_FOREIGNER_CODE'));
    }
    // 002, Descripción: certifies that the person "no se encuentra afiliada al IESS".
    if (facts.registry?.isAffiliated === true) reasons.push(makeReason('ELIGIBILITY.IS_AFFILIATED'));
  }
  return reasons;
}

/** A foreigner code as told at filing: only its last four digits ("terminado en 1234"). */
export function maskedForeignerCode(code: string): string {
  const digits = code.replace(/\D/g, '');
  return `terminado en ${digits.slice(-4)}`;
}
