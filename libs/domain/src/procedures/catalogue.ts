import { DomainError } from '../shared/domain-error';
import { FOREIGNER_CODE_PROCEDURE } from './sheets/foreigner-code.000';
import { FOREIGNER_CODE_EMPLOYMENT_PROCEDURE } from './sheets/foreigner-code-employment.001';
import { NON_AFFILIATION_CERTIFICATE_PROCEDURE } from './sheets/non-affiliation-certificate.002';
import { AFFILIATE_PORTAL_PASSWORD_PROCEDURE } from './sheets/affiliate-portal-password.003';
import { EMPLOYER_PORTAL_PASSWORD_PROCEDURE } from './sheets/employer-portal-password.004';
import { PROCEDURE_TYPES } from './types';
import type { ProcedureDefinition, ProcedureType } from './types';

/** The five procedures, keyed by type. */
export const PROCEDURES: Readonly<Record<ProcedureType, ProcedureDefinition>> = Object.freeze({
  FOREIGNER_CODE: FOREIGNER_CODE_PROCEDURE,
  FOREIGNER_CODE_EMPLOYMENT: FOREIGNER_CODE_EMPLOYMENT_PROCEDURE,
  NON_AFFILIATION_CERTIFICATE: NON_AFFILIATION_CERTIFICATE_PROCEDURE,
  AFFILIATE_PORTAL_PASSWORD: AFFILIATE_PORTAL_PASSWORD_PROCEDURE,
  EMPLOYER_PORTAL_PASSWORD: EMPLOYER_PORTAL_PASSWORD_PROCEDURE,
});

export function isProcedureType(value: unknown): value is ProcedureType {
  return typeof value === 'string' && (PROCEDURE_TYPES as readonly string[]).includes(value);
}

export function getProcedure(type: ProcedureType): ProcedureDefinition {
  if (!isProcedureType(type)) {
    throw new DomainError('PROCEDURE.UNKNOWN', `unknown procedure type ${String(type)}`, { type });
  }
  return PROCEDURES[type];
}
