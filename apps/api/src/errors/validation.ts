import type { ValidationError } from 'class-validator';
import { printableKey } from '../http/request-hygiene';
import { ApiError, type FieldProblem } from './api-error';

/** Spanish text of each class-validator rule (the field name is prefixed by the filter). */
const RULES: Record<string, (c: string) => string> = {
  isNotEmpty: () => 'es obligatorio',
  isDefined: () => 'es obligatorio',
  isString: () => 'debe ser un texto',
  isInt: () => 'debe ser un número entero',
  isBoolean: () => 'debe ser verdadero o falso',
  isEmail: () => 'debe ser un correo electrónico válido',
  isUUID: () => 'debe ser un identificador UUID',
  isIn: (c) => `debe ser uno de los valores permitidos (${c.replace(/^.*: /, '')})`,
  isEnum: (c) => `debe ser uno de los valores permitidos (${c.replace(/^.*: /, '')})`,
  isDateString: () => 'debe ser una fecha y hora ISO-8601',
  isISO8601: () => 'debe ser una fecha ISO-8601 (AAAA-MM-DD)',
  matches: () => 'no tiene el formato esperado',
  minLength: (c) => `es demasiado corto (${c.replace(/\D+/g, ' ').trim()} caracteres mínimo)`,
  maxLength: (c) => `es demasiado largo (${c.replace(/\D+/g, ' ').trim()} caracteres máximo)`,
  min: (c) => `es menor que el mínimo (${c.replace(/[^\d.-]+/g, ' ').trim()})`,
  max: (c) => `es mayor que el máximo (${c.replace(/[^\d.-]+/g, ' ').trim()})`,
  isArray: () => 'debe ser una lista',
  arrayMaxSize: () => 'tiene demasiados elementos',
  arrayMinSize: () => 'debe tener al menos un elemento',
  whitelistValidation: () => 'no es un campo permitido',
  nestedValidation: () => 'tiene datos no válidos',
  isObject: () => 'debe ser un objeto',
  isNumber: () => 'debe ser un número',
  arrayNotEmpty: () => 'debe tener al menos un elemento',
};

/** The rules that say what kind of value a field holds: when one fails, the others' failures say nothing more. */
const KIND_RULES: ReadonlySet<string> = new Set(['isArray', 'isObject', 'isString', 'isInt', 'isNumber', 'isBoolean']);

/** class-validator's own (English) messages; ours are Spanish and name the field themselves. */
const LIBRARY_TEXT = /\b(must|should|has failed|is not|property)\b/;

function ruleText(rule: string, constraint: string): string {
  return RULES[rule]?.(constraint) ?? 'no es válido';
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${printableKey(e.property)}` : printableKey(e.property);
    const constraints = Object.entries(e.constraints ?? {});
    if (constraints.some(([rule]) => rule === 'whitelistValidation')) return [{ field, message: `${field} no es un campo permitido` }];
    // A missing value breaks every rule of its field; say only that it is required.
    if ((e.value === undefined || e.value === null) && constraints.length > 0) {
      const own = constraints.find(([rule, text]) => ['isDefined', 'isNotEmpty'].includes(rule) && !LIBRARY_TEXT.test(text));
      return [{ field, message: own ? own[1] : `${field} es obligatorio` }];
    }
    // A value of the wrong kind breaks every rule of its field (a text where a list goes is "too many elements" to class-validator):
    // say only what it must be.
    const kind = constraints.find(([rule]) => KIND_RULES.has(rule));
    if (kind && constraints.length > 1) {
      const [rule, text] = kind;
      return [{ field, message: LIBRARY_TEXT.test(text) ? `${field} ${ruleText(rule, text)}` : text }];
    }
    const own = constraints.map(([rule, text]) => ({
      field,
      // Our DTOs give Spanish messages where a rule is ours (e.g. the cédula check digit); others come from RULES.
      message: LIBRARY_TEXT.test(text) ? `${field} ${ruleText(rule, text)}` : text,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The ValidationPipe's exceptionFactory: 400 with each field and the rule it breaks, in Spanish. */
export function validationException(errors: ValidationError[]): ApiError {
  const fields = flatten(errors);
  const summary = fields.map((f) => f.message).join('; ');
  return new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${summary}`, { fields }, 400);
}
