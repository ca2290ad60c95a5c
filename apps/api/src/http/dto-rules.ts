import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { NATIONALITY_RULE, birthDateProblem, contractEndProblem, isEmployerNumber, isKnownProvince, personNameProblem } from '@tramites/contracts';
import { NATIONALITIES, isNationalityCode, isValidRuc, toLocalDate, validateIdentityNumber } from '@tramites/domain';

/**
 * A field that may be left out. Unlike class-validator's IsOptional, `null` is not "left out":
 * a client that sends null for a boolean or a text is told so, by the field's own rules.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/** The applicant's languages (ADR 0031): Spanish (es-EC, the default) or English. */
export const APPLICANT_LOCALES = ['es', 'en'] as const;
export type ApplicantLocale = (typeof APPLICANT_LOCALES)[number];

/** The optional `locale` of a start: the language of the applicant's emails, SMS and documents. */
export function OptionalLocale(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: APPLICANT_LOCALES, description: 'Idioma del solicitante: sus correos, SMS y documentos (es-EC si falta, o inglés)' }),
    Optional(),
    IsIn(APPLICANT_LOCALES, { message: 'locale debe ser es o en' }),
  );
}

/** A nested object that must be there, as an object (not a list, not a text). */
export function RequiredNested(type: () => new () => object, field: string): PropertyDecorator {
  return applyDecorators(IsDefined({ message: `${field} es obligatorio` }), IsObject({ message: `${field} debe ser un objeto` }), ValidateNested(), Type(type));
}

/** A nested object that may be left out; when given, an object. */
export function OptionalNested(type: () => new () => object, field: string): PropertyDecorator {
  return applyDecorators(Optional(), IsObject({ message: `${field} debe ser un objeto` }), ValidateNested(), Type(type));
}

const rule = (name: string, test: (value: unknown) => boolean, message: string): PropertyDecorator =>
  ValidateBy({
    name,
    validator: { validate: test, defaultMessage: () => message },
  });

/** A cédula (10 digits, province, check digit) or an IESS foreigner code (12 digits, check digit). */
export const IsIdentityNumber = (field: string): PropertyDecorator =>
  rule(
    'isIdentityNumber',
    (v) => typeof v === 'string' && validateIdentityNumber(v).ok,
    `${field} debe ser una cédula (10 dígitos con dígito verificador) o un código de identificación para extranjero (12 dígitos) válidos`,
  );

/** A RUC (13 digits, check digit) or a cédula (10 digits, check digit). */
export const IsEmployerNumber = (field: string): PropertyDecorator =>
  rule(
    'isEmployerNumber',
    (v) => typeof v === 'string' && isEmployerNumber(v),
    `${field} debe ser un RUC (13 dígitos) o una cédula (10 dígitos) válidos, con su dígito verificador`,
  );

/** A RUC when the value is 13 digits; other employer documents (foreign employers) pass as they are. */
export const IsRucWhenNumeric = (field: string): PropertyDecorator =>
  rule('isRucWhenNumeric', (v) => typeof v === 'string' && (!/^\d{13}$/.test(v) || isValidRuc(v)), `${field} no es un RUC válido (dígito verificador)`);

/** One of the 24 provinces of Ecuador. */
export const IsProvince = (field: string): PropertyDecorator =>
  rule('isProvince', (v) => typeof v === 'string' && isKnownProvince(v), `${field} debe ser una provincia del Ecuador (por ejemplo PICHINCHA)`);

/**
 * A rule whose check says what is wrong (a Spanish rule, or undefined when the value is good):
 * the message names the field and that problem.
 */
function problemRule(name: string, field: string, problemOf: (value: unknown) => string | undefined, fallback: string): PropertyDecorator {
  let problem = '';
  return ValidateBy({
    name,
    validator: {
      validate: (v) => {
        problem = problemOf(v) ?? '';
        return problem === '';
      },
      defaultMessage: () => `${field} ${problem || fallback}`,
    },
  });
}

/** A birth date: a real YYYY-MM-DD, not in the future, not before 1900. */
export const IsBirthDate = (field: string): PropertyDecorator =>
  problemRule(
    'isBirthDate',
    field,
    (v) => (typeof v === 'string' ? birthDateProblem(v, toLocalDate(Date.now())) : 'debe ser una fecha AAAA-MM-DD'),
    'no es una fecha de nacimiento válida',
  );

/** An instant in ISO-8601 with a time zone that the database can hold (years 1900-9999). */
export const IsInstant = (field: string): PropertyDecorator =>
  rule(
    'isInstant',
    (v) =>
      typeof v === 'string' &&
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v) &&
      Number.isFinite(Date.parse(v)) &&
      Number(v.slice(0, 4)) >= 1900,
    `${field} debe ser una fecha y hora ISO-8601 (por ejemplo 2026-12-31T23:59:59Z)`,
  );

/** An object of short texts ({ key: text }), at most 50 keys. */
export const IsTextRecord = (field: string): PropertyDecorator =>
  rule(
    'isTextRecord',
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(v).length <= 50 &&
      Object.entries(v).every(([k, t]) => k.length <= 64 && typeof t === 'string' && t.length <= 500),
    `${field} debe ser un objeto de hasta 50 textos (clave de hasta 64 caracteres, texto de hasta 500)`,
  );

/** Every nationality code the API accepts (published as the field's enum). */
export const NATIONALITY_CODES: readonly string[] = NATIONALITIES.map((n) => n.code);

/** A nationality: ISO 3166-1 alpha-3 or ICAO Doc 9303 (libs/domain, nationality.ts). */
export const IsNationality = (field: string): PropertyDecorator =>
  rule('isNationality', (v) => typeof v === 'string' && isNationalityCode(v), `${field} ${NATIONALITY_RULE}`);

/** A person's name: a text of at most `max` characters with at least one letter. */
export const IsPersonName = (field: string, max = 120): PropertyDecorator =>
  problemRule('isPersonName', field, (v) => personNameProblem(v, max), 'no es un nombre válido');

/** The end of a SUT employment contract (sheet 001): a real date, at most ten years ahead. */
export const IsContractEnd = (field: string): PropertyDecorator =>
  problemRule('isContractEnd', field, (v) => contractEndProblem(v, toLocalDate(Date.now())), 'no es una fecha válida');
