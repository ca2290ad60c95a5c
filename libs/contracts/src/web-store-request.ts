/**
 * ADR 0021, the web pages' calls to the API's internal routes (`/internal/...`: the session
 * store and the officers' access log). WEB_SESSION_STORE_KEY never travels: the web signs each
 * call with a key derived from it (HMAC-SHA256 over {@link webStoreRequestMessage}) and sends
 * only the moment and the signature; the API recomputes it, compares in constant time and
 * refuses a call signed more than {@link WEB_STORE_REQUEST_MAX_SKEW_MS} away from its clock.
 */
export const WEB_STORE_TIME_HEADER = 'x-tramites-web-time';
export const WEB_STORE_SIGNATURE_HEADER = 'x-tramites-web-signature';

/** How far from the API's clock a signed call may be (clock skew and the call's own time). */
export const WEB_STORE_REQUEST_MAX_SKEW_MS = 30_000;

/** HKDF `info` of the signing key and of the sessions' encryption key (two keys from one secret). */
export const WEB_STORE_SIGNING_KEY_INFO = 'tramites-web-store-request/v1';
export const WEB_SESSION_SEALING_KEY_INFO = 'tramites-web-session-data/v1';

export interface WebStoreRequestClaim {
  method: string;
  /** The path and query as sent (`/internal/web-sessions/public/<id>`). */
  path: string;
  /** Epoch milliseconds, as sent in {@link WEB_STORE_TIME_HEADER}. */
  time: string;
  /** base64url SHA-256 of the JSON body ('' without a body). */
  bodyDigest: string;
}

/** The exact text the web signs and the API verifies. */
export function webStoreRequestMessage(c: WebStoreRequestClaim): string {
  return JSON.stringify(['tramites-web-store-request/v1', c.method.toUpperCase(), c.path, c.time, c.bodyDigest]);
}
