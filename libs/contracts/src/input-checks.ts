import {
  ECUADOR_PROVINCES,
  foldText,
  hasFormatCharacter,
  hasLetter,
  isNationalityCode,
  isValidCedula,
  isValidRuc,
  validateEmail,
  validateIdentityNumber,
  validateMobile,
} from '@tramites/domain';

/**
 * The checks every workflow makes of its own input at start, whoever started it (the API,
 * the Temporal CLI, a script): a case with bad input fails at once with a coded,
 * non-retryable error instead of failing every workflow task. The API runs the same
 * checks before it starts a workflow, so a client learns of them as a 400.
 */
export interface InputProblem {
  field: string;
  /** Spanish, naming the field and the rule. */
  message: string;
}

/**
 * What PostgreSQL (text, jsonb) cannot hold: NUL, other C0 controls but tab and line breaks,
 * and lone UTF-16 surrogates. A value with one would make an activity fail on every retry.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** How deeply objects and lists may nest in any input (the API refuses a deeper JSON body before parsing it). */
export const MAX_NESTING = 32;

/**
 * The path of the first string (key or value) in `value` that cannot be stored; a value nested
 * deeper than MAX_NESTING is refused as a whole where it goes too deep (nothing is left unchecked).
 */
export function unstorablePath(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path || 'valor';
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_NESTING) return path || 'valor';
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return path || 'valor';
    const found = unstorablePath(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export const UNSTORABLE_RULE = 'contiene caracteres no permitidos (caracteres de control o Unicode no válido)';
export const FORMAT_CHARACTER_RULE = 'contiene caracteres invisibles o de control de dirección del texto (por ejemplo U+200B o U+202E)';
export const TOO_DEEP_RULE = `tiene demasiados niveles anidados (${MAX_NESTING} como máximo)`;

/**
 * The first text problem anywhere in `value` (keys and values): a character no store can hold,
 * an invisible format or bidirectional control character (names and free texts must read as
 * they are stored), or nesting deeper than MAX_NESTING. The API refuses such a request before
 * any route; every workflow refuses such an input at start.
 */
export function textProblem(value: unknown, path = '', depth = 0): InputProblem | undefined {
  const at = (rule: string): InputProblem => ({ field: path || 'valor', message: `${path || 'valor'} ${rule}` });
  if (typeof value === 'string') {
    if (!isStorableText(value)) return at(UNSTORABLE_RULE);
    return hasFormatCharacter(value) ? at(FORMAT_CHARACTER_RULE) : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_NESTING) return at(TOO_DEEP_RULE);
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (!isStorableText(key)) return at(UNSTORABLE_RULE);
    if (hasFormatCharacter(key)) return at(FORMAT_CHARACTER_RULE);
    const found = textProblem(child, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Why a person's name is not one: empty, or without a single letter (only spaces, digits or symbols). */
export function personNameProblem(value: unknown, max = 120): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'es obligatorio';
  if (value.length > max) return `es demasiado largo (${max} caracteres máximo)`;
  if (!hasLetter(value)) return 'debe contener al menos una letra';
  return undefined;
}

/** A nationality as passports write it: ISO 3166-1 alpha-3, or a code of ICAO Doc 9303 (XXA stateless, XXB refugee, ...). */
export const NATIONALITY_RULE = 'debe ser un código de nacionalidad de 3 letras mayúsculas (ISO 3166-1 alfa-3 u OACI 9303, por ejemplo VEN, COL o XXA)';

/** How far ahead an employment contract of the SUT may end (sheet 001, requirement 5): ten years. */
export const CONTRACT_END_MAX_YEARS = 10;

/** Why the end date of a SUT contract (sheet 001) is not plausible: not a date, before 1900, or more than ten years ahead. */
export function contractEndProblem(value: unknown, todayIso: string): string | undefined {
  if (typeof value !== 'string' || !isCalendarDate(value)) return 'debe ser una fecha AAAA-MM-DD que exista';
  if (value < '1900-01-01') return 'no puede ser anterior a 1900';
  const limit = `${Number(todayIso.slice(0, 4)) + CONTRACT_END_MAX_YEARS}${todayIso.slice(4)}`;
  if (value > limit) return `no puede ser posterior a ${limit} (${CONTRACT_END_MAX_YEARS} años desde hoy)`;
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ROLES = ['applicant', 'case_manager', 'legal_unit', 'auditor', 'admin', 'supervisor', 'system'];

/** Provinces by folded name ("PICHINCHA", "Los Ríos" and "LOS RIOS" alike). */
const PROVINCE_NAMES: ReadonlySet<string> = new Set(ECUADOR_PROVINCES.map((p) => foldText(p.name)));

export function isKnownProvince(value: string): boolean {
  return PROVINCE_NAMES.has(foldText(value));
}

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A birth date: a real date, not in the future, and not before 1900. */
export function birthDateProblem(value: string, todayIso: string): string | undefined {
  if (!isCalendarDate(value)) return 'debe ser una fecha AAAA-MM-DD que exista';
  if (value > todayIso) return 'no puede ser una fecha futura';
  if (value < '1900-01-01') return 'no puede ser anterior a 1900';
  return undefined;
}

/** An employer's number as the sheets take it: a RUC (13 digits) or a cédula (10 digits). */
export function isEmployerNumber(value: string): boolean {
  return /^\d{13}$/.test(value) ? isValidRuc(value) : /^\d{10}$/.test(value) ? isValidCedula(value) : false;
}

class Problems {
  readonly list: InputProblem[] = [];

  /**
   * `strict`: the rules of the nationality list, of names with a letter and of texts without
   * invisible or bidirectional control characters. Workflows started before them replay
   * without (workflows/src/case-kernel/guards.ts, patch input-checks-v2).
   */
  constructor(readonly strict = true) {}

  add(field: string, rule: string): void {
    this.list.push({ field, message: `${field} ${rule}` });
  }

  object(value: unknown, field: string): value is Record<string, unknown> {
    if (value === undefined || value === null) this.add(field, 'es obligatorio');
    else if (typeof value !== 'object' || Array.isArray(value)) this.add(field, 'debe ser un objeto');
    else return true;
    return false;
  }

  name(value: unknown, field: string): void {
    if (!this.strict) {
      this.text(value, field, 120);
      return;
    }
    const problem = personNameProblem(value);
    if (problem) this.add(field, problem);
  }

  text(value: unknown, field: string, max: number, optional = false): value is string {
    if (value === undefined && optional) return false;
    if (typeof value !== 'string' || value.trim() === '') this.add(field, 'es obligatorio');
    else if (value.length > max) this.add(field, `es demasiado largo (${max} caracteres máximo)`);
    else return true;
    return false;
  }

  oneOf(value: unknown, field: string, allowed: readonly string[]): void {
    if (typeof value !== 'string' || !allowed.includes(value)) this.add(field, `debe ser uno de: ${allowed.join(', ')}`);
  }

  actor(value: unknown, field: string): void {
    if (!this.object(value, field)) return;
    this.text(value['id'], `${field}.id`, 120);
    this.oneOf(value['role'], `${field}.role`, ROLES);
  }
}

function finish(problems: Problems, input: unknown): InputProblem[] {
  const problem = problems.strict ? textProblem(input) : undefined;
  const unstorable = problems.strict ? undefined : unstorablePath(input);
  if (problem) problems.list.push(problem);
  if (unstorable) problems.add(unstorable, UNSTORABLE_RULE);
  return problems.list;
}

/** Problems of the input of an in-person case (000, 001, 002); empty when it may start. */
export function openCaseInputProblems(input: unknown, todayIso: string, strict = true): InputProblem[] {
  const p = new Problems(strict);
  if (!p.object(input, 'input')) return p.list;
  if (typeof input['caseId'] !== 'string' || !UUID.test(input['caseId'])) p.add('caseId', 'debe ser un UUID');
  p.oneOf(input['procedure'], 'procedure', ['FOREIGNER_CODE', 'FOREIGNER_CODE_EMPLOYMENT', 'NON_AFFILIATION_CERTIFICATE']);
  if (p.text(input['province'], 'province', 40) && !isKnownProvince(input['province'])) p.add('province', 'debe ser una provincia del Ecuador');
  p.oneOf(input['filerRole'], 'filerRole', ['holder', 'employer', 'attorney', 'authorised_third_party']);
  const booker = input['booker'];
  if (p.object(booker, 'booker')) {
    p.text(booker['identityNumber'], 'booker.identityNumber', 20);
    if (typeof booker['email'] !== 'string' || !validateEmail(booker['email']).ok) p.add('booker.email', 'debe ser un correo electrónico válido');
    if (typeof booker['mobile'] !== 'string' || !validateMobile(booker['mobile']).ok) p.add('booker.mobile', 'debe ser un celular ecuatoriano: 09 y 8 dígitos');
  }
  const holder = input['holder'];
  if (p.object(holder, 'holder')) {
    p.name(holder['fullName'], 'holder.fullName');
    const nationality = holder['nationality'];
    if (typeof nationality !== 'string' || !(strict ? isNationalityCode(nationality) : /^[A-Z]{3}$/.test(nationality)))
      p.add('holder.nationality', NATIONALITY_RULE);
    p.oneOf(holder['documentType'], 'holder.documentType', ['passport', 'visa', 'home_country_id']);
    if (typeof holder['documentNumber'] !== 'string' || !/^[A-Za-z0-9 -]{5,20}$/.test(holder['documentNumber'])) {
      p.add('holder.documentNumber', 'debe tener de 5 a 20 letras o dígitos');
    }
    if (typeof holder['birthDate'] !== 'string') p.add('holder.birthDate', 'es obligatorio');
    else {
      const problem = birthDateProblem(holder['birthDate'], todayIso);
      if (problem) p.add('holder.birthDate', problem);
    }
  }
  const employerId = input['employerId'];
  if (employerId !== undefined && (typeof employerId !== 'string' || !isEmployerNumber(employerId))) {
    p.add('employerId', 'debe ser un RUC (13 dígitos) o una cédula (10 dígitos) válidos');
  }
  const poder = input['poder'];
  if (poder !== undefined && p.object(poder, 'poder')) {
    if (typeof poder['employerId'] !== 'string' || !isEmployerNumber(poder['employerId']))
      p.add('poder.employerId', 'debe ser un RUC (13 dígitos) o una cédula (10 dígitos) válidos');
    p.text(poder['attorneyId'], 'poder.attorneyId', 20);
    p.name(poder['attorneyName'], 'poder.attorneyName');
    p.text(poder['deedNumber'], 'poder.deedNumber', 60);
    p.text(poder['notary'], 'poder.notary', 200);
    const validUntil = poder['validUntil'];
    if (validUntil !== undefined && (typeof validUntil !== 'string' || !isCalendarDate(validUntil)))
      p.add('poder.validUntil', 'debe ser una fecha AAAA-MM-DD que exista');
  }
  if (input['filerRole'] === 'attorney' && poder === undefined) p.add('poder', 'es obligatorio cuando filerRole es attorney');
  const walkIn = input['walkIn'];
  if (walkIn !== undefined && p.object(walkIn, 'walkIn')) {
    p.text(walkIn['agencyId'], 'walkIn.agencyId', 40);
    p.oneOf(walkIn['vulnerableGroup'], 'walkIn.vulnerableGroup', ['elderly', 'disabled', 'pregnant']);
  }
  const deskBooking = input['deskBooking'];
  if (deskBooking !== undefined && p.object(deskBooking, 'deskBooking')) p.text(deskBooking['agencyId'], 'deskBooking.agencyId', 40);
  p.actor(input['openedBy'], 'openedBy');
  return finish(p, input);
}

/** Problems of the input of a 003 case. */
export function affiliatePasswordInputProblems(input: unknown, strict = true): InputProblem[] {
  const p = new Problems(strict);
  if (!p.object(input, 'input')) return p.list;
  if (typeof input['caseId'] !== 'string' || !UUID.test(input['caseId'])) p.add('caseId', 'debe ser un UUID');
  if (typeof input['identityNumber'] !== 'string' || !validateIdentityNumber(input['identityNumber']).ok) {
    p.add('identityNumber', 'debe ser una cédula o un código de identificación para extranjero válidos');
  }
  p.actor(input['openedBy'], 'openedBy');
  return finish(p, input);
}

/** Problems of the input of a 004 case. */
export function employerPasswordInputProblems(input: unknown, strict = true): InputProblem[] {
  const p = new Problems(strict);
  if (!p.object(input, 'input')) return p.list;
  if (typeof input['caseId'] !== 'string' || !UUID.test(input['caseId'])) p.add('caseId', 'debe ser un UUID');
  p.oneOf(input['channel'], 'channel', ['in_person', 'virtual']);
  p.text(input['employerId'], 'employerId', 20);
  p.oneOf(input['filerRole'], 'filerRole', ['legal_representative', 'employer', 'authorised_third_party']);
  const filer = input['filer'];
  if (p.object(filer, 'filer')) {
    p.text(filer['identityNumber'], 'filer.identityNumber', 20);
    p.name(filer['fullName'], 'filer.fullName');
  }
  p.text(input['agencyId'], 'agencyId', 40, true);
  p.text(input['appointmentReference'], 'appointmentReference', 40, true);
  p.actor(input['openedBy'], 'openedBy');
  return finish(p, input);
}
