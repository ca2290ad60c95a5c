import type { Options } from 'pino-http';
import { redactedPath, traceLogFields } from '@tramites/observability';

/**
 * What a request log line may hold (ADR 0014: no credential, key, token or code in any log
 * line). By allow-list: the method, the path without its query string (`/verificacion?t=` and
 * the emailed links carry tokens there) and with every segment that could be a secret or an
 * identity replaced, the status, the time, and only these headers.
 */
export const LOGGED_REQUEST_HEADERS = ['user-agent', 'content-type', 'content-length', 'accept', 'x-request-id'] as const;
export const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length'] as const;

/** A request path as the log shows it: no query string; case ids (UUIDs) and route words kept, anything else `:redacted`. */
export const loggedPath = redactedPath;

function pick(headers: Record<string, unknown> | undefined, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (headers?.[name] !== undefined) out[name] = headers[name];
  return out;
}

/** The API's pino-http options: the request log by allow-list (see LOGGED_REQUEST_HEADERS). */
export function requestLogOptions(level: string): Options {
  return {
    level,
    // Each line of a request names its trace, when traces are on (ADR 0032).
    mixin: traceLogFields,
    autoLogging: { ignore: (req) => req.url === '/health' },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string; headers?: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        path: loggedPath(req.url),
        headers: pick(req.headers, LOGGED_REQUEST_HEADERS),
      }),
      res: (res: { statusCode?: number; headers?: Record<string, unknown> }) => ({
        statusCode: res.statusCode,
        headers: pick(res.headers, LOGGED_RESPONSE_HEADERS),
      }),
    },
  };
}
