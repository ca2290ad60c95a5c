import { birthDateProblem, isEmployerNumber, PROCEDURE_NAMES, personNameProblem, type InPersonProcedure } from '@tramites/contracts';
import {
  FILER_ROLE_LABELS,
  PROCEDURES,
  holderIdentityDocuments,
  toLocalDate,
  validateCedula,
  validateEmail,
  validateIdentityNumber,
  validateMobile,
  type FilerRole,
} from '@tramites/domain';
import { DOCUMENT_TYPES, FILER_IDENTITY_TYPES, nationalityOptions, VULNERABLE_GROUPS } from '../shared/format';
import { FormErrors, text } from '../shared/forms';
import { checkEmployerPassword, EMPLOYER_PASSWORD, isEmployerPassword } from './employer-password-walk-in';

export type Values = Record<string, string>;

/** "No pertenece a un grupo vulnerable": the turno is booked at the desk on the person's behalf. */
export const NO_GROUP = 'none';

/**
 * Every procedure filed in person with a turno (000, 001, 002; ADR 0030) and, from its sheet as
 * libs/domain encodes it: whether a vulnerable group comes without a turno (001, NOTA), who may
 * file (its `filers` at the window, without the forbidden ones) and the holder's identity documents.
 */
export const DESK_PROCEDURES = Object.values(PROCEDURES)
  .filter((p) => p.type in PROCEDURE_NAMES && p.channels.some((c) => c.channel === 'in_person'))
  .map((p) => ({
    type: p.type as InPersonProcedure,
    sheet: p.sheet,
    walkIn: p.channels.some((c) => c.channel === 'in_person' && c.walkInForVulnerableGroups),
    filers: p.filers
      .filter((f) => f.channels.includes('in_person') && !p.forbiddenFilers.some((x) => x.roles?.includes(f.role)))
      .map((f) => ({ role: f.role, description: f.description })),
    holderDocuments: holderIdentityDocuments(p.type),
  }));

/** Who files, for every procedure the page opens: the in-person cases and 004 at the window. */
const FILED_AT_DESK: Array<{ sheet: string; filers: Array<{ role: string }> }> = [...DESK_PROCEDURES, EMPLOYER_PASSWORD];

/** Each filer any of the procedures allows, with the sheets that allow it (the form names them). */
export const FILER_CHOICES = [...new Set(FILED_AT_DESK.flatMap((p) => p.filers.map((f) => f.role)))].map((role) => ({
  role,
  label: FILER_ROLE_LABELS[role as FilerRole],
  sheets: FILED_AT_DESK.filter((p) => p.filers.some((f) => f.role === role)).map((p) => p.sheet),
}));

/** Each holder document any of the procedures accepts, with the sheets that accept it. */
export const HOLDER_DOCUMENT_CHOICES = Object.keys(DOCUMENT_TYPES).map((kind) => ({
  kind,
  sheets: DESK_PROCEDURES.filter((p) => (p.holderDocuments as string[]).includes(kind)).map((p) => p.sheet),
}));

const FIELDS = [
  'procedure',
  'vulnerableGroup',
  'filerRole',
  'filerName',
  'identityType',
  'identityNumber',
  'email',
  'mobile',
  'employerId',
  'deedNumber',
  'notary',
  'validUntil',
  'fullName',
  'nationality',
  'documentType',
  'documentNumber',
  'birthDate',
  'day',
  'appointmentReference',
] as const;

/** The form as typed (trimmed; numbers without spaces, in capitals). */
export function read(body: Record<string, unknown>): Values {
  const v: Values = {};
  for (const f of FIELDS) v[f] = text(body, f);
  for (const f of ['identityNumber', 'employerId', 'documentNumber', 'appointmentReference'] as const) v[f] = (v[f] ?? '').replace(/\s/g, '').toUpperCase();
  v['mobile'] = (v['mobile'] ?? '').replace(/\s/g, '');
  return v;
}

export const procedureOf = (v: Values) => DESK_PROCEDURES.find((p) => p.type === v['procedure']);

/** A vulnerable group's walk-in (001, NOTA: no online turno); any other person has the turno booked at the desk. */
export const isWalkIn = (v: Values): boolean => Boolean(procedureOf(v)?.walkIn && v['vulnerableGroup'] !== NO_GROUP);

/** The same rules as the online booking's questions (libs/domain, libs/contracts), each named in Spanish. */
export function check(v: Values): FormErrors {
  if (isEmployerPassword(v)) return checkEmployerPassword(v);
  const errors = new FormErrors();
  const procedure = procedureOf(v);
  if (!procedure) errors.add('procedure', 'Elija el trámite que la persona viene a hacer');
  if (v['vulnerableGroup'] !== NO_GROUP && !VULNERABLE_GROUPS[v['vulnerableGroup'] ?? ''])
    errors.add('vulnerableGroup', 'Elija el grupo vulnerable de quien presenta, o «No pertenece a un grupo vulnerable»');
  if (!FILER_CHOICES.some((f) => f.role === v['filerRole'])) errors.add('filerRole', 'Elija quién presenta el trámite');
  else if (procedure && !procedure.filers.some((f) => f.role === v['filerRole']))
    errors.add('filerRole', `La ficha ${procedure.sheet} no permite que presente ${FILER_ROLE_LABELS[v['filerRole'] as FilerRole].toLowerCase()}`);
  const filerName = personNameProblem(v['filerName']);
  if (!v['filerName']) errors.add('filerName', 'Escriba los nombres y apellidos de quien presenta');
  else if (filerName) errors.add('filerName', `El nombre de quien presenta ${filerName}`);
  if (!FILER_IDENTITY_TYPES[v['identityType'] ?? '']) errors.add('identityType', 'Elija el documento de identidad que muestra quien presenta');
  const id = v['identityNumber'] ?? '';
  if (!id) errors.add('identityNumber', 'Escriba el número del documento de quien presenta');
  else if (v['identityType'] === 'cedula' && !validateCedula(id).ok)
    errors.add('identityNumber', 'La cédula de quien presenta no es válida: revise sus 10 dígitos');
  else if (v['identityType'] === 'foreigner_code' && !validateIdentityNumber(id).ok)
    errors.add('identityNumber', 'El código de identificación para extranjero de quien presenta no es válido');
  else if (!/^[A-Z0-9]{5,20}$/.test(id)) errors.add('identityNumber', 'El documento de quien presenta debe tener de 5 a 20 letras o números');
  if (!v['email']) errors.add('email', 'Escriba el correo electrónico de quien presenta');
  else if (!validateEmail(v['email']).ok) errors.add('email', 'Escriba un correo electrónico válido, como nombre@ejemplo.ec');
  if (!v['mobile']) errors.add('mobile', 'Escriba el celular de quien presenta');
  else if (!validateMobile(v['mobile']).ok) errors.add('mobile', 'Escriba un celular ecuatoriano: 09 y 8 dígitos, como 0991234567');
  // 001 only: the employer who files for the foreign worker.
  if (procedure?.type === 'FOREIGNER_CODE_EMPLOYMENT' || v['employerId']) {
    if (!v['employerId']) errors.add('employerId', 'Escriba el RUC del empleador (trámite 001)');
    else if (!isEmployerNumber(v['employerId'])) errors.add('employerId', 'El RUC del empleador debe tener 13 dígitos (o la cédula 10) válidos');
  }
  if (v['filerRole'] === 'attorney') {
    if (!v['deedNumber']) errors.add('deedNumber', 'Escriba el número de la escritura del poder');
    if (!v['notary']) errors.add('notary', 'Escriba la notaría que otorgó el poder');
    if (v['validUntil'] && !/^\d{4}-\d{2}-\d{2}$/.test(v['validUntil'])) errors.add('validUntil', 'La vigencia del poder debe ser una fecha AAAA-MM-DD');
  }
  const holderName = personNameProblem(v['fullName']);
  if (!v['fullName']) errors.add('fullName', 'Escriba los nombres y apellidos completos del titular');
  else if (holderName) errors.add('fullName', `El nombre del titular ${holderName}`);
  if (!nationalityOptions().some((n) => n.value === v['nationality'])) errors.add('nationality', 'Elija la nacionalidad del titular');
  if (!DOCUMENT_TYPES[v['documentType'] ?? '']) errors.add('documentType', 'Elija el documento de identidad del titular');
  else if (procedure && !(procedure.holderDocuments as string[]).includes(v['documentType'] ?? ''))
    errors.add(
      'documentType',
      `La ficha ${procedure.sheet} no acepta ese documento del titular: elija ${procedure.holderDocuments.map((k) => DOCUMENT_TYPES[k]?.toLowerCase()).join(' o ')}`,
    );
  if (!/^[A-Z0-9 -]{5,20}$/.test(v['documentNumber'] ?? ''))
    errors.add('documentNumber', 'El número de documento del titular debe tener de 5 a 20 letras o números');
  if (!v['birthDate']) errors.add('birthDate', 'Escriba la fecha de nacimiento del titular (AAAA-MM-DD)');
  else {
    const problem = birthDateProblem(v['birthDate'], toLocalDate(Date.now()));
    if (problem) errors.add('birthDate', `La fecha de nacimiento del titular ${problem}`);
  }
  if (v['day'] && !/^\d{4}-\d{2}-\d{2}$/.test(v['day'])) errors.add('day', 'Elija uno de los días con cupos');
  return errors;
}

/** Where each field the API names is asked on the form. */
export const API_FIELDS: Record<string, string> = {
  procedure: 'procedure',
  filerRole: 'filerRole',
  'walkIn.identityNumber': 'identityNumber',
  'walkIn.identityType': 'identityType',
  'walkIn.fullName': 'filerName',
  'walkIn.vulnerableGroup': 'vulnerableGroup',
  'filer.identityNumber': 'identityNumber',
  'filer.identityType': 'identityType',
  'filer.fullName': 'filerName',
  employerId: 'employerId',
  'booker.email': 'email',
  'booker.mobile': 'mobile',
  'holder.fullName': 'fullName',
  'holder.nationality': 'nationality',
  'holder.documentType': 'documentType',
  'holder.documentNumber': 'documentNumber',
  'holder.birthDate': 'birthDate',
  poder: 'deedNumber',
  'poder.employerId': 'employerId',
  'poder.attorneyName': 'filerName',
  'poder.deedNumber': 'deedNumber',
  'poder.notary': 'notary',
  'poder.validUntil': 'validUntil',
  day: 'day',
};

/** The opening the API judges again: the same for a walk-in and a turno booked at the desk. */
export function openingOf(v: Values, province: string) {
  const attorney = v['filerRole'] === 'attorney';
  return {
    procedure: v['procedure'] as InPersonProcedure,
    province,
    filerRole: v['filerRole'] as 'holder' | 'employer' | 'attorney' | 'authorised_third_party',
    ...(v['employerId'] ? { employerId: v['employerId'] } : {}),
    booker: { email: v['email'] ?? '', mobile: v['mobile'] ?? '' },
    holder: {
      fullName: v['fullName'] ?? '',
      nationality: v['nationality'] ?? '',
      documentType: v['documentType'] as 'passport' | 'visa' | 'home_country_id',
      documentNumber: v['documentNumber'] ?? '',
      birthDate: v['birthDate'] ?? '',
    },
    ...(attorney
      ? {
          poder: {
            employerId: v['employerId'] ?? '',
            attorneyName: v['filerName'] ?? '',
            deedNumber: v['deedNumber'] ?? '',
            notary: v['notary'] ?? '',
            ...(v['validUntil'] ? { validUntil: v['validUntil'] } : {}),
          },
        }
      : {}),
  };
}
