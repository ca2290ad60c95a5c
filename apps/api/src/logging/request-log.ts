import type { Options } from 'pino-http';

/**
 * What a request log line may hold (ADR 0014: no credential, key, token or code in any log
 * line). By allow-list: the method, the path without its query string (`/verificacion?t=` and
 * the emailed links carry tokens there) and with every segment that could be a secret or an
 * identity replaced, the status, the time, and only these headers.
 */
export const LOGGED_REQUEST_HEADERS = ['user-agent', 'content-type', 'content-length', 'accept', 'x-request-id'] as const;
export const LOGGED_RESPONSE_HEADERS = ['content-type', 'content-length'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path segment shown as is: a route's word or a short value that is neither a long number (identity, RUC) nor token-like. */
const PLAIN = /^[a-z][a-z0-9-]{0,39}$/;
const SHORT = /^[A-Za-z0-9._~:%-]{1,19}$/;

/** A request path as the log shows it: no query string; case ids (UUIDs) and route words kept, anything else `:redacted`. */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split(/[?#]/, 1)[0] ?? '';
  return path
    .split('/')
    .map((segment) => (segment === '' || PLAIN.test(segment) || UUID.test(segment) || (SHORT.test(segment) && !/\d{6,}/.test(segment)) ? segment : ':redacted'))
    .join('/');
}

function pick(headers: Record<string, unknown> | undefined, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (headers?.[name] !== undefined) out[name] = headers[name];
  return out;
}

/** The API's pino-http options: the request log by allow-list (see LOGGED_REQUEST_HEADERS). */
export function requestLogOptions(level: string): Options {
  return {
    level,
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
