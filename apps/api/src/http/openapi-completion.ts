import type { INestApplication } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { getMetadataStorage } from 'class-validator';
import { ECUADOR_PROVINCES } from '@tramites/domain';
import { PUBLIC_KEY } from '../auth/auth.guard';

/** A class, as class-validator keys its metadata. */
type Constructor = abstract new (...args: never[]) => unknown;

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponsesObject = OperationObject['responses'];
interface ParameterObject {
  name: string;
  in: string;
  schema?: unknown;
}

/** What the document can say of a route only from its handler's metadata. */
interface HandlerFacts {
  isPublic: boolean;
  rateLimited: boolean;
  successStatus?: number;
  /** The class of the handler's `@Query()` argument, whose rules the query parameters publish. */
  queryType?: Constructor;
}

/** The class of a handler's `@Query()` argument, if it takes one as a whole. */
function queryTypeOf(controller: Constructor, name: string): Constructor | undefined {
  const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? [];
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY || arg.data !== undefined) continue;
    const type = types[arg.index];
    if (typeof type === 'function') return type as Constructor;
  }
  return undefined;
}

/** Handler facts by the document's default operationId (`Controller_method`). */
function handlerFacts(app: INestApplication): Map<string, HandlerFacts> {
  const facts = new Map<string, HandlerFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      const classPublic = Reflect.getMetadata(PUBLIC_KEY, controller) === true;
      const classGuards: unknown[] = Reflect.getMetadata(GUARDS_METADATA, controller) ?? [];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        if (name === 'constructor') continue;
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const guards: unknown[] = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? [])];
        facts.set(`${controller.name}_${name}`, {
          isPublic: classPublic || Reflect.getMetadata(PUBLIC_KEY, handler) === true,
          rateLimited: guards.includes(ThrottlerGuard),
          successStatus: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
          queryType: queryTypeOf(controller, name),
        });
      }
    }
  }
  return facts;
}

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponse' };

function add(responses: ResponsesObject, status: number, description: string): void {
  if (!responses[String(status)])
    responses[String(status)] = {
      description,
      content: { 'application/json': { schema: ERROR_SCHEMA } },
    };
}

/**
 * Path parameters whose handler checks them itself (ParseUUIDPipe, a pattern in the handler):
 * what it accepts, so that a client can send it. `identityNumber`: IDENTITY of
 * credentials.controller.ts; agency codes as every agency's (UIO-NORTE).
 */
const PATH_PARAMS: Record<string, Record<string, unknown>> = {
  caseId: { type: 'string', format: 'uuid' },
  documentId: { type: 'string', format: 'uuid' },
  identityNumber: { type: 'string', pattern: '^(\\d{10}|9\\d{11})$', example: '1712345675' },
  agencyId: { type: 'string', pattern: '^[A-Z0-9-]{2,40}$', example: 'UIO-NORTE' },
  day: { type: 'string', format: 'date', example: '2026-12-25' },
};

/** Query parameters read by the handler itself (@Query('name')): what it accepts. */
const QUERY_PARAMS: Record<string, Record<string, unknown>> = {
  date: { type: 'string', format: 'date', example: '2026-12-01' },
};

/**
 * Completes the generated OpenAPI document with what every route can answer and Nest's
 * explorer does not see: the statuses of the guard, the validation pipe, the request
 * hygiene and the error filter; no token for the public routes; the format of path ids.
 * The fuzz test (test/src/contracts/openapi-fuzz.e2e-spec.ts) holds the API to this document.
 */
export function completeDocument(app: INestApplication, document: OpenAPIObject): void {
  const facts = handlerFacts(app);
  document.components = document.components ?? {};
  publishRules(document);
  document.components.schemas = {
    ...document.components.schemas,
    ErrorResponse: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', example: 'VALIDATION.FAILED' },
            message: {
              type: 'string',
              example: 'La solicitud tiene datos no válidos: holder es obligatorio',
            },
            fields: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: {
                  field: { type: 'string' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const fact = facts.get(operation.operationId ?? '') ?? {
        isPublic: false,
        rateLimited: false,
      };
      const responses = operation.responses;
      if (!Object.keys(responses).some((s) => s.startsWith('2') || s.startsWith('3'))) {
        const status = fact.successStatus ?? (method === 'post' ? 201 : 200);
        responses[String(status)] = { description: 'Correcto' };
      }
      add(responses, 400, 'Datos no válidos: cada campo con la regla que incumple (VALIDATION.FAILED, REQUEST.MALFORMED)');
      // A public route still refuses a token that is presented and not valid.
      add(responses, 401, 'Token ausente o no válido (AUTH.TOKEN_REQUIRED, AUTH.TOKEN_INVALID)');
      if (fact.isPublic) operation.security = [];
      else add(responses, 403, 'Rol o ámbito no permitido (AUTH.ROLE_NOT_ALLOWED, AUTH.OUT_OF_SCOPE, AUTH.NOT_YOUR_CASE)');
      // A header documented by @ApiHeader and read by @Headers() appears twice: the explorer adds
      // the @Headers() one as required and undocumented. The documented one stays.
      const headerScore = (p: { required?: boolean; description?: string }): number => (p.required ? 0 : 2) + (p.description ? 1 : 0);
      const documented = new Map<string, { required?: boolean; description?: string }>();
      for (const p of operation.parameters ?? []) {
        if (!('in' in p) || p.in !== 'header') continue;
        const other = documented.get(p.name.toLowerCase());
        if (!other || headerScore(p) > headerScore(other)) documented.set(p.name.toLowerCase(), p);
      }
      operation.parameters = (operation.parameters ?? []).filter((p) => !('in' in p) || p.in !== 'header' || documented.get(p.name.toLowerCase()) === p);
      const parameters = (operation.parameters ?? []) as unknown as ParameterObject[];
      const pathParams = parameters.filter((p) => p.in === 'path');
      for (const param of parameters.filter((p) => p.in === 'query' && QUERY_PARAMS[p.name])) {
        param.schema = { ...QUERY_PARAMS[param.name], ...(param.schema as object) };
      }
      if (fact.queryType) {
        for (const param of parameters.filter((p) => p.in === 'query')) {
          const schema = (param.schema ?? {}) as Json;
          applyRules(schema, rulesOf(fact.queryType, param.name), true);
          param.schema = schema;
        }
      }
      for (const param of pathParams) {
        const known = PATH_PARAMS[param.name];
        if (known) param.schema = { ...(param.schema as object), ...known };
      }
      if (pathParams.length > 0) add(responses, 404, 'No existe (CASE.NOT_FOUND y otros *.NOT_FOUND)');
      if (operation.requestBody) {
        add(responses, 413, 'Solicitud demasiado grande (REQUEST.TOO_LARGE)');
        add(responses, 415, 'Cuerpo comprimido o no UTF-8 (REQUEST.ENCODING_UNSUPPORTED, REQUEST.CHARSET_UNSUPPORTED)');
      }
      if (pathParams.some((p) => p.name === 'caseId') && method !== 'get') {
        add(responses, 409, 'El trámite procesa otra acción (CASE.BUSY) o ya terminó (CASE.CLOSED, que dice cómo terminó)');
        add(responses, 422, 'Rechazado por las reglas o el estado del trámite (CASE.*, VALIDATION.*, ...)');
      }
      if (fact.rateLimited) add(responses, 429, 'Demasiadas solicitudes (RATE.LIMITED; encabezado Retry-After)');
      add(responses, 503, 'Temporal o la base de datos no disponibles (TEMPORAL.UNAVAILABLE)');
    }
  }
}

type Json = Record<string, unknown>;

interface Rule {
  name: string;
  constraints: unknown[];
  each: boolean;
}

/** The validation rules of one property of a DTO class (its own and inherited). */
function rulesOf(type: Constructor, property: string): Rule[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(type, '', true, false)
    .filter((m) => m.propertyName === property)
    .map((m) => ({ name: m.name ?? m.type, constraints: m.constraints ?? [], each: m.each }));
}

const PROVINCE_NAMES = ECUADOR_PROVINCES.map((p) => p.name.toUpperCase());

/**
 * What a rule enforces, as JSON Schema keywords on the value's schema (each: on its items).
 * Custom rules of dto-rules.ts publish what can be said of them; a rule that cannot be said
 * (a check digit) leaves the schema as it is, and the error names it.
 */
function applyRule(target: Json, rule: Rule, query: boolean): void {
  const [first] = rule.constraints;
  const set = (key: string, value: unknown): void => {
    if (target[key] === undefined) target[key] = value;
  };
  switch (rule.name) {
    case 'matches':
      if (first instanceof RegExp && !first.flags.replace(/[gu]/g, '')) set('pattern', first.source);
      break;
    case 'minLength':
      set('minLength', first);
      break;
    case 'maxLength':
      set('maxLength', first);
      break;
    case 'isNotEmpty':
      if (target['type'] === 'string') set('minLength', 1);
      break;
    case 'isIn':
      if (Array.isArray(first)) set('enum', first);
      break;
    case 'arrayMinSize':
      set('minItems', first);
      break;
    case 'arrayMaxSize':
      set('maxItems', first);
      break;
    case 'arrayNotEmpty':
      set('minItems', 1);
      break;
    case 'min':
      set('minimum', first);
      break;
    case 'max':
      set('maximum', first);
      break;
    case 'isInt':
      if (!query) target['type'] = 'integer';
      break;
    case 'isBoolean':
      if (!query) target['type'] = 'boolean';
      break;
    case 'isUuid':
      set('format', 'uuid');
      break;
    case 'isEmail':
      set('format', 'email');
      break;
    case 'isProvince':
      set('enum', PROVINCE_NAMES);
      break;
    case 'isIdentityNumber':
      set('pattern', '^(\\d{10}|\\d{12})$');
      break;
    case 'isEmployerNumber':
      set('pattern', '^(\\d{10}|\\d{13})$');
      break;
    case 'isBirthDate':
    case 'isContractEnd':
      set('format', 'date');
      break;
    case 'isPersonName':
      set('minLength', 1);
      set('maxLength', 120);
      break;
    case 'isTextRecord':
      target['type'] = 'object';
      set('maxProperties', 50);
      set('additionalProperties', { type: 'string', maxLength: 500 });
      break;
    default:
      break;
  }
}

function applyRules(schema: Json, rules: Rule[], query = false): void {
  for (const rule of rules) {
    const items = schema['items'] as Json | undefined;
    const target = rule.each && items ? items : schema;
    // Keywords beside a $ref are ignored (OpenAPI 3.0): the referenced schema says its own.
    if (target['$ref'] !== undefined) continue;
    applyRule(target, rule, query);
  }
}

/**
 * Every schema of a validated class (the request bodies) publishes the rules the validation
 * pipe enforces: lengths, patterns, enums, formats, list sizes, and `additionalProperties:
 * false` (the pipe refuses any field the class does not declare).
 */
function publishRules(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Constructor, unknown[]> };
  const classes = new Map<string, Constructor>();
  for (const target of storage.validationMetadatas.keys()) if (target.name) classes.set(target.name, target);
  for (const [name, schema] of Object.entries(schemas)) {
    const type = classes.get(name);
    if (!type) continue;
    schema['additionalProperties'] = false;
    for (const [property, propertySchema] of Object.entries((schema['properties'] ?? {}) as Record<string, Json>)) {
      applyRules(propertySchema, rulesOf(type, property));
    }
  }
}
