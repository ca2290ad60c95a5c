import { generateOidcSigningJwk } from './embedded-oidc-provider';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generatePayloadKeyEntry } from '@tramites/infra';

/**
 * Secrets of a development installation (`npm start` without them in the environment),
 * created once and kept in the data folder so that codes, verification numbers and
 * signed documents stay valid across restarts. Production passes its own.
 */
export function developmentSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (fs.existsSync(file)) return withLaterSecrets(file, JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = `dev-${randomBytes(3).toString('hex')}`;
  const secrets = {
    TRAMITES_SECRET: randomBytes(32).toString('base64url'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY_ID: kid,
    SIGNING_PRIVATE_KEY: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()).toString('base64'),
    SIGNING_PUBLIC_KEYS: JSON.stringify({ [kid]: publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    ...laterSecrets(),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Secrets added after the first releases: created once, also in a data folder that predates them. */
function laterSecrets(): Record<string, string> {
  return {
    // Temporal payload encryption (ADR 0014): one key; rotate by prepending a new entry.
    TEMPORAL_PAYLOAD_KEYS: generatePayloadKeyEntry(),
    // The API's signature on the actor of every update, checked by the workflows (ADR 0014).
    TEMPORAL_ACTOR_ASSERTION_KEY: randomBytes(32).toString('base64url'),
    // The officers' back office (ADR 0021): the web pages' session store key, the embedded provider's client secret and signing key.
    WEB_SESSION_STORE_KEY: randomBytes(32).toString('base64url'),
    OIDC_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    OIDC_DEV_SIGNING_JWK: generateOidcSigningJwk(),
  };
}

function withLaterSecrets(file: string, secrets: Record<string, string>): Record<string, string> {
  const missing = Object.entries(laterSecrets()).filter(([name]) => !secrets[name]);
  if (missing.length === 0) return secrets;
  const upgraded = { ...secrets, ...Object.fromEntries(missing) };
  fs.writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
  return upgraded;
}
