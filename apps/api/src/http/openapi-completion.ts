import type { INestApplication } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PUBLIC_KEY } from '../auth/auth.guard';

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

/** Path parameters whose handler refuses anything but a UUID (ParseUUIDPipe). */
const UUID_PARAMS = new Set(['caseId', 'documentId']);

/**
 * Completes the generated OpenAPI document with what every route can answer and Nest's
 * explorer does not see: the statuses of the guard, the validation pipe, the request
 * hygiene and the error filter; no token for the public routes; the format of path ids.
 * The fuzz test (test/src/api/openapi-fuzz.e2e-spec.ts) holds the API to this document.
 */
export function completeDocument(app: INestApplication, document: OpenAPIObject): void {
  const facts = handlerFacts(app);
  document.components = document.components ?? {};
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
      const parameters = (operation.parameters ?? []) as unknown as ParameterObject[];
      const pathParams = parameters.filter((p) => p.in === 'path');
      for (const param of pathParams) {
        if (UUID_PARAMS.has(param.name)) param.schema = { type: 'string', format: 'uuid' };
      }
      if (pathParams.length > 0) add(responses, 404, 'No existe (CASE.NOT_FOUND y otros *.NOT_FOUND)');
      if (operation.requestBody) {
        add(responses, 413, 'Solicitud demasiado grande (REQUEST.TOO_LARGE)');
        add(responses, 415, 'Cuerpo comprimido o no UTF-8 (REQUEST.ENCODING_UNSUPPORTED, REQUEST.CHARSET_UNSUPPORTED)');
      }
      if (pathParams.some((p) => p.name === 'caseId') && method !== 'get') {
        add(responses, 409, 'El trámite procesa otra acción (CASE.BUSY)');
        add(responses, 422, 'Rechazado por las reglas o el estado del trámite (CASE.*, VALIDATION.*, ...)');
      }
      if (fact.rateLimited) add(responses, 429, 'Demasiadas solicitudes (RATE.LIMITED; encabezado Retry-After)');
      add(responses, 503, 'Temporal o la base de datos no disponibles (TEMPORAL.UNAVAILABLE)');
    }
  }
}
