import type { ValidationError } from 'class-validator';
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
};

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, text]) => ({
      field,
      // Our DTOs give Spanish messages where a rule is ours (e.g. the cédula check digit); others come from RULES.
      message: RULES[rule] && /^[a-zA-Z0-9_.[\]]+ (must|should|has|is)/.test(text) ? `${field} ${RULES[rule](text)}` : text,
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
