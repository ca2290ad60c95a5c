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
