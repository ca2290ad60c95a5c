import type { Express, NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_NESTING, UNSTORABLE_RULE, isStorableText, textProblem } from '@tramites/contracts';
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

/**
 * Path, query and body free of characters that no store can hold, of invisible format and
 * bidirectional control characters, and of nesting deeper than MAX_NESTING (textProblem).
 */
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
  const problem = textProblem(req.query) ?? textProblem(req.body);
  if (problem) {
    const field = printableKey(problem.field);
    sendApiError(res, fieldRefused(field, problem.message.slice(problem.field.length + 1)));
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

/** A JSON body deeper than MAX_NESTING (objects and lists within one another). */
class TooDeep extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
  readonly expose = true;
}

/**
 * The JSON body parser's `verify`: scans the raw bytes before they are parsed and refuses a body
 * nested deeper than MAX_NESTING. Parsing and validating a deep body recurses once per level
 * (a 2.7 KB body of 1,350 levels used to end in a 500 from the validation pipe).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_NESTING) throw new TooDeep('too deep');
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
}

/** Paths that hold only the public, static API documentation: they may be cached. */
const PUBLIC_STATIC = /^\/docs(-json|-yaml)?(\/|$)/;

/**
 * Hardening headers on every answer: no content sniffing, no framing (the docs included), no
 * Referer to other sites, and no caching of anything but the public documentation (every other
 * route may carry personal data or a token). A route that sets its own Cache-Control or
 * Content-Security-Policy (the JWKS, the verification page) replaces these defaults.
 */
export function hardeningHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (!PUBLIC_STATIC.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}

interface RouterLayer {
  route?: { path: string; _handlesMethod(method: string): boolean; _methods(): string[] };
  match(path: string): boolean;
}

/** Whether a route's path matches; a path whose parameters do not decode matches none (refused later, in Spanish). */
function matches(layer: RouterLayer, path: string): boolean {
  try {
    return Boolean(layer.match(path));
  } catch {
    return false;
  }
}

/**
 * A method that a known route does not answer (TRACE, PUT on a read, ...) is a 405 with the
 * methods it does answer in `Allow`, not a 404; OPTIONS answers 204 with `Allow`. Unknown
 * paths stay 404. Reads Express's router at request time: Nest adds the routes at init.
 */
export function refuseUnsupportedMethod(app: Express): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const stack = (app as unknown as { router?: { stack?: RouterLayer[] } }).router?.stack ?? [];
    const allowed = new Set<string>();
    for (const layer of stack) {
      // Wildcard routes are middleware that Nest mounts for every method (`/{*path}`), not endpoints.
      if (!layer.route || layer.route.path.includes('*') || !matches(layer, req.path)) continue;
      if (layer.route._handlesMethod(req.method)) return next();
      for (const method of layer.route._methods()) allowed.add(method);
    }
    if (allowed.size === 0) return next();
    res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    sendApiError(res, new ApiError('ROUTE.METHOD_NOT_ALLOWED'));
  };
}
