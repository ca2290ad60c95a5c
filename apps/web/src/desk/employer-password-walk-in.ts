import { personNameProblem } from '@tramites/contracts';
import { FILER_ROLE_LABELS, getProcedure, validateCedula, validateIdentityNumber, validateRuc, type FilerRole } from '@tramites/domain';
import { FILER_IDENTITY_TYPES } from '../shared/format';
import { FormErrors } from '../shared/forms';
import type { Values } from './walk-in-form';

const SHEET = getProcedure('EMPLOYER_PORTAL_PASSWORD');

/**
 * 004 at the window (ADR 0030, amended): who its sheet lets file in person (libs/domain's `filers`:
 * the legal representative, the employer as a natural person, the authorised third party of the
 * key-delivery request), named as the sheet names the procedure.
 */
export const EMPLOYER_PASSWORD = {
  type: 'EMPLOYER_PORTAL_PASSWORD' as const,
  sheet: SHEET.sheet,
  name: SHEET.name,
  filers: SHEET.filers
    .filter((f) => f.channels.includes('in_person') && !SHEET.forbiddenFilers.some((x) => x.roles?.includes(f.role)))
    .map((f) => ({ role: f.role, description: f.description })),
};

export const isEmployerPassword = (v: Values): boolean => v['procedure'] === EMPLOYER_PASSWORD.type;

/** The documents a filer of 004 shows at the window (no visa: the sheet asks a cédula, or a foreigner's code or passport). */
const FILER_DOCUMENTS = ['cedula', 'foreigner_code', 'passport'] as const;

/**
 * 004's own questions: who files and their identity document, the employer as the registry knows it
 * (a RUC, or a foreign employer's passport, visa or code) and the «Confirmación del Turno en Línea»
 * presented. Nothing of a holder person (nationality, birth date) is asked.
 */
export function checkEmployerPassword(v: Values): FormErrors {
  const errors = new FormErrors();
  const role = v['filerRole'] ?? '';
  if (!EMPLOYER_PASSWORD.filers.some((f) => f.role === role))
    errors.add(
      'filerRole',
      role in FILER_ROLE_LABELS
        ? `La ficha 004 no permite que presente ${FILER_ROLE_LABELS[role as FilerRole].toLowerCase()}: presenta el representante legal, el empleador o el tercero autorizado`
        : 'Elija quién presenta el trámite',
    );
  const filerName = personNameProblem(v['filerName']);
  if (!v['filerName']) errors.add('filerName', 'Escriba los nombres y apellidos de quien presenta');
  else if (filerName) errors.add('filerName', `El nombre de quien presenta ${filerName}`);
  const type = v['identityType'] ?? '';
  if (!(FILER_DOCUMENTS as readonly string[]).includes(type))
    errors.add(
      'identityType',
      type === 'visa'
        ? 'La ficha 004 pide a quien presenta la cédula, o el código de identificación para extranjero o el pasaporte: la visa no sirve'
        : 'Elija el documento de identidad que muestra quien presenta',
    );
  const id = v['identityNumber'] ?? '';
  if (!id) errors.add('identityNumber', 'Escriba el número del documento de quien presenta');
  else if (type === 'cedula' && !validateCedula(id).ok) errors.add('identityNumber', 'La cédula de quien presenta no es válida: revise sus 10 dígitos');
  else if (type === 'foreigner_code' && !validateIdentityNumber(id).ok)
    errors.add('identityNumber', 'El código de identificación para extranjero de quien presenta no es válido');
  else if (!/^[A-Z0-9]{5,20}$/.test(id)) errors.add('identityNumber', 'El documento de quien presenta debe tener de 5 a 20 letras o números');
  const employer = v['employerId'] ?? '';
  if (!employer) errors.add('employerId', 'Escriba el RUC del empleador (o, si es extranjero, su pasaporte, visa o código de identificación)');
  else if (/^\d{13}$/.test(employer)) {
    const ruc = validateRuc(employer);
    if (!ruc.ok) errors.add('employerId', 'El RUC del empleador no es válido: revise sus 13 dígitos');
  } else if (!/^[A-Z0-9]{5,20}$/.test(employer))
    errors.add('employerId', 'Escriba el RUC del empleador (13 dígitos) o el pasaporte, visa o código del empleador extranjero (5 a 20 letras o números)');
  const turno = v['appointmentReference'] ?? '';
  if (!turno)
    errors.add(
      'appointmentReference',
      'Escriba la referencia de la «Confirmación del Turno en Línea» que presenta la persona (ficha 004, Canales de atención)',
    );
  else if (!/^[A-Z0-9-]{3,40}$/.test(turno)) errors.add('appointmentReference', 'La referencia del turno debe tener de 3 a 40 letras, números o guiones');
  return errors;
}

/** The opening the API judges again (POST /portal-passwords/employer, in person). */
export function employerPasswordOpening(v: Values) {
  return {
    channel: 'in_person' as const,
    employerId: v['employerId'] ?? '',
    filerRole: v['filerRole'] as 'legal_representative' | 'employer' | 'authorised_third_party',
    filer: {
      identityNumber: v['identityNumber'] ?? '',
      fullName: v['filerName'] ?? '',
      identityType: v['identityType'] as (typeof FILER_DOCUMENTS)[number],
    },
    appointmentReference: v['appointmentReference'] ?? '',
  };
}

/** Where each field the API names is asked on the form. */
export const EMPLOYER_PASSWORD_FIELDS: Record<string, string> = {
  employerId: 'employerId',
  filerRole: 'filerRole',
  'filer.identityNumber': 'identityNumber',
  'filer.identityType': 'identityType',
  'filer.fullName': 'filerName',
  appointmentReference: 'appointmentReference',
};

/** The filer documents 004 accepts, in words (the form's hints). */
export const EMPLOYER_PASSWORD_FILER_DOCUMENTS = FILER_DOCUMENTS.map((k) => FILER_IDENTITY_TYPES[k]).join(', ');
