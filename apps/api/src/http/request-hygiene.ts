import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { isStorableText, unstorablePath } from '@tramites/contracts';
import { ApiError } from '../errors/api-error';
import { sendApiError, toApiError } from '../errors/error.filter';

/** A client's key as it may appear in a message: printable and short. */
export function printableKey(key: string): string {
  const clean = key.replace(/[^\p{L}\p{N}_.[\]-]/gu, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

function fieldRefused(field: string, rule: string): ApiError {
  const message = `${field} ${rule}`;
  return new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field, message }] }, 400);
}

const UNSTORABLE_RULE = 'contiene caracteres no permitidos (caracteres de control o Unicode no válido)';

/** Compressed or re-encoded bodies are not accepted: JSON arrives as UTF-8, uncompressed. */
export function refuseContentEncoding(req: Request, res: Response, next: NextFunction): void {
  const encoding = req.headers['content-encoding'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && encoding && encoding.trim().toLowerCase() !== 'identity') {
    sendApiError(res, new ApiError('REQUEST.ENCODING_UNSUPPORTED'));
    return;
  }
  next();
}

/** Path, query and body free of characters that no store can hold (see UNSTORABLE). */
export function refuseUnstorableText(req: Request, res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    sendApiError(res, fieldRefused('ruta', 'tiene una codificación de URL no válida'));
    return;
  }
  if (!isStorableText(path)) {
    sendApiError(res, fieldRefused('ruta', UNSTORABLE_RULE));
    return;
  }
  const field = unstorablePath(req.query) ?? unstorablePath(req.body);
  if (field) {
    sendApiError(res, fieldRefused(printableKey(field), UNSTORABLE_RULE));
    return;
  }
  next();
}

/** Errors of the body parsers (bad JSON, unsupported charset, too large) in the API's error shape. */
export function bodyParserErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  sendApiError(res, toApiError(err));
}

interface DeclaredRoute {
  method: string;
  pattern: RegExp;
  query: ReadonlySet<string>;
}

/** Each operation of the OpenAPI document with the query parameters it declares. */
export function declaredRoutes(document: OpenAPIObject): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    const literal = (part: string): string => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    const pattern = new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map(literal)
        .join('[^/]+')}/?$`,
    );
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const query = new Set((operation.parameters ?? []).flatMap((p) => ('in' in p && p.in === 'query' ? [p.name] : [])));
      routes.push({ method: method.toUpperCase(), pattern, query });
    }
  }
  return routes;
}

/** Refuses a query parameter that the route does not declare in the OpenAPI document. */
export function refuseUnknownQuery(document: OpenAPIObject): (req: Request, res: Response, next: NextFunction) => void {
  const routes = declaredRoutes(document);
  return (req, res, next) => {
    const keys = Object.keys(req.query);
    if (keys.length === 0) return next();
    const matching = routes.filter((r) => r.method === req.method && r.pattern.test(req.path));
    if (matching.length === 0) return next();
    const unknown = keys.find((k) => !matching.some((r) => r.query.has(k)));
    if (unknown === undefined) return next();
    const allowed = [...new Set(matching.flatMap((r) => [...r.query]))];
    sendApiError(
      res,
      fieldRefused(
        printableKey(unknown),
        allowed.length > 0
          ? `no es un parámetro de consulta permitido (se admiten: ${allowed.join(', ')})`
          : 'no es un parámetro de consulta permitido (esta ruta no admite ninguno)',
      ),
    );
  };
}
