import { redactPersonalData } from '@tramites/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path segment shown as is: a route's word or a short value that is neither a long number (identity, RUC) nor token-like. */
const PLAIN = /^[a-z][a-z0-9-]{0,39}$/;
const SHORT = /^[A-Za-z0-9._~:%-]{1,19}$/;

/**
 * A request path as logs, spans and metric labels show it: no query string (the emailed links carry tokens
 * there); case ids (UUIDs) and route words kept, any other segment `:redacted` (ADR 0014).
 */
export function redactedPath(url: string | undefined): string {
  const path = (url ?? '').split(/[?#]/, 1)[0] ?? '';
  return path
    .split('/')
    .map((segment) => (segment === '' || PLAIN.test(segment) || UUID.test(segment) || (SHORT.test(segment) && !/\d{6,}/.test(segment)) ? segment : ':redacted'))
    .join('/');
}

/** Span attributes that hold a URL or a path: their query string and token-like segments go. */
const URL_ATTRIBUTES = new Set([
  'http.url',
  'http.target',
  'url.full',
  'url.path',
  'http.route',
  'express.name',
  'nestjs.callback',
  'http.request.header.referer',
]);
/** Span attributes never exported (a query string, the peer's own address behind the proxy). */
const DROPPED_ATTRIBUTES = new Set(['url.query', 'http.client_ip', 'client.address']);

function scrubUrl(value: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(value);
  return match ? `${match[1]}${redactedPath(match[2])}` : redactedPath(value);
}

/** A span's attributes without personal data: URLs as `redactedPath`, emails and long numbers redacted in every text. */
export function scrubAttributes(attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED_ATTRIBUTES.has(key)) delete attributes[key];
    else if (typeof value === 'string') attributes[key] = URL_ATTRIBUTES.has(key) ? scrubUrl(value) : redactPersonalData(value);
  }
}

/** A stable error code of the house's vocabulary (libs/contracts/src/error-codes.ts): dotted upper-case words. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/** The stable code an error carries, if any: an API error's or a domain error's `code`, an ApplicationFailure's `type`. */
export function errorCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  for (const key of ['code', 'type']) {
    const value = (err as Record<string, unknown>)[key];
    if (typeof value === 'string' && ERROR_CODE.test(value)) return value;
  }
  return undefined;
}

/**
 * What a span records of an error: a coded error as its code alone (its message may name the person or the file,
 * and its stack repeats the message); any other error as is, its text redacted when the span ends.
 */
export function recordableException<T>(err: T): T | { name: string; code: string; message: string } {
  const code = errorCode(err);
  return code ? { name: code, code, message: code } : err;
}

interface ScrubbableSpan {
  name: string;
  attributes: Record<string, unknown>;
  events: readonly { name: string; attributes?: Record<string, unknown> }[];
  status: { message?: string };
}

/**
 * A span as it leaves the process: attributes, events, name and status message without personal data. The
 * instrumentations (NestJS, Temporal's) put the error's message in the status and in the `exception` event;
 * when the error carries a code, the code replaces both (and the stack goes); otherwise both are redacted.
 */
export function scrubSpan(span: ScrubbableSpan): void {
  scrubAttributes(span.attributes);
  let code: string | undefined;
  for (const event of span.events) {
    if (!event.attributes) continue;
    const type = event.attributes['exception.type'];
    if (event.name === 'exception' && typeof type === 'string' && ERROR_CODE.test(type)) {
      code ??= type;
      event.attributes['exception.message'] = type;
      delete event.attributes['exception.stacktrace'];
    }
    scrubAttributes(event.attributes);
  }
  if (span.status.message) span.status.message = code ?? redactPersonalData(span.status.message);
  span.name = redactPersonalData(span.name);
}
