import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { tracingEnabled } from '@tramites/observability';
import { StartupError } from './preflight';

/** `encoding` of a payload this codec encrypted; anything else passes through untouched (old plaintext histories). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata field naming the key a payload was encrypted under. */
export const METADATA_KEY_ID = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The keys a process may decrypt with, and the one it encrypts under (the newest). */
export interface PayloadKeyring {
  /** Key id → 32-byte AES-256 key. */
  keys: ReadonlyMap<string, Buffer>;
  /** Id of the key new payloads are encrypted under. */
  currentKeyId: string;
}

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');
const str = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/**
 * AES-256-GCM payload codec (ADR 0014). The whole payload (its metadata and data) is
 * encrypted, under a fresh 96-bit IV, into the data of a new payload whose metadata says
 * only `binary/encrypted` and the key id (bound to the ciphertext as associated data).
 * Encodes under the current key, decodes under any key of the ring, so keys can rotate;
 * payloads of another encoding are returned as they are.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: PayloadKeyring) {
    if (!keyring.keys.has(keyring.currentKeyId)) throw new Error(`payload key "${keyring.currentKeyId}" is not in the keyring`);
  }

  get currentKeyId(): string {
    return this.keyring.currentKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keyring.currentKeyId;
    const key = this.keyring.keys.get(keyId) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(text(keyId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: text(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: text(keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (str(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const keyId = str(payload.metadata?.[METADATA_KEY_ID]);
      if (!keyId) throw new ValueError('encrypted payload without a key id');
      const key = this.keyring.keys.get(keyId);
      if (!key) throw new ValueError(`payload encrypted under unknown key "${keyId}": add it to TEMPORAL_PAYLOAD_KEYS`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(text(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new ValueError(`encrypted payload does not authenticate under key "${keyId}"`);
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * Parses `TEMPORAL_PAYLOAD_KEYS` (`id:base64key,id:base64key`, newest first; each key 32
 * random bytes in base64 or base64url). `currentKeyId` (TEMPORAL_PAYLOAD_KEY_ID) picks the
 * key new payloads are encrypted under; by default the first.
 */
export function parsePayloadKeys(raw: string, currentKeyId?: string): PayloadKeyring {
  const keys = new Map<string, Buffer>();
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID_PATTERN.test(id)) throw new Error('TEMPORAL_PAYLOAD_KEYS: each entry is id:base64key, the id of letters, digits, ".", "_" or "-"');
    if (keys.has(id)) throw new Error(`TEMPORAL_PAYLOAD_KEYS: key id "${id}" appears twice`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new Error(`TEMPORAL_PAYLOAD_KEYS: key "${id}" must be 32 bytes (base64 of 32 random bytes), it is ${key.length}`);
    keys.set(id, key);
  }
  const first = keys.keys().next();
  if (first.done) throw new Error('TEMPORAL_PAYLOAD_KEYS holds no key');
  const current = currentKeyId || first.value;
  if (!keys.has(current)) throw new Error(`TEMPORAL_PAYLOAD_KEY_ID "${current}" is not one of TEMPORAL_PAYLOAD_KEYS`);
  return { keys, currentKeyId: current };
}

/** A new development key entry (`dev-xxxxxx:base64`), as `npm start` writes into the data folder. */
export function generatePayloadKeyEntry(): string {
  return `dev-${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`;
}

/**
 * The key of processes started outside production without TEMPORAL_PAYLOAD_KEYS (tests, a
 * worker run by hand): derived from a public text, so it protects nothing, but it keeps every
 * such process able to read the others' payloads. Production refuses to start without keys.
 */
export const DEVELOPMENT_PAYLOAD_KEYS = `dev-public:${createHash('sha256').update('tramites development payload key, not for production').digest('base64')}`;

export type PayloadKeySettings = Partial<Record<'NODE_ENV' | 'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_PAYLOAD_KEY_ID', string>>;

/** The keyring from the environment; production requires TEMPORAL_PAYLOAD_KEYS. */
export function payloadKeysFromEnv(env: PayloadKeySettings = process.env): PayloadKeyring & { warning?: string } {
  const raw = env['TEMPORAL_PAYLOAD_KEYS'];
  if (!raw) {
    if (env['NODE_ENV'] === 'production') {
      throw new StartupError('TEMPORAL_PAYLOAD_KEYS must be set in production (id:base64 of 32 random bytes, newest first)');
    }
    return {
      ...parsePayloadKeys(DEVELOPMENT_PAYLOAD_KEYS),
      warning: 'TEMPORAL_PAYLOAD_KEYS is not set: Temporal payloads are encrypted under the public development key',
    };
  }
  try {
    return parsePayloadKeys(raw, env['TEMPORAL_PAYLOAD_KEY_ID']);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
}

/** Path of the module whose `failureConverter` every worker, client and workflow bundle uses. */
export const FAILURE_CONVERTER_PATH = require.resolve('./temporal-failure-converter');

/**
 * The data converter of every Temporal worker, client and replayer of ours: payloads
 * encrypted by the codec, failure messages and stack traces moved into encrypted payloads.
 * Bundles of the workflow code take `failureConverterPath` too ({@link workflowBundleOptions}).
 */
export function temporalDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** The data converter from the environment (see {@link payloadKeysFromEnv}). */
export function dataConverterFromEnv(env: PayloadKeySettings = process.env): { dataConverter: DataConverter; codec: AesGcmPayloadCodec; warning?: string } {
  const { warning, ...keyring } = payloadKeysFromEnv(env);
  const codec = new AesGcmPayloadCodec(keyring);
  return { dataConverter: temporalDataConverter(codec), codec, ...(warning ? { warning } : {}) };
}

/**
 * The workflow interceptor modules of every bundle: the check of the API's actor assertions
 * (ADR 0014), `actor-assertion.interceptor` beside the workflows' entry (`workflowsPath`).
 * Resolved when a bundle is built from the sources; a production process runs a prebuilt bundle.
 */
export function workflowInterceptorModules(workflowsPath: string, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const modules = [require.resolve(path.join(path.dirname(workflowsPath), 'actor-assertion.interceptor'))];
  // The SDK's OpenTelemetry interceptors (ADR 0032): a workflow's spans join the trace of the request that moved it.
  if (workflowTracing(env)) modules.push(require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'));
  return modules;
}

/**
 * Whether bundles carry the SDK's OpenTelemetry workflow interceptors: when traces are on (libs/observability
 * tracingEnabled), or TRAMITES_WORKFLOW_TRACING=true for a prebuilt bundle whose worker will export them.
 */
export function workflowTracing(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env['TRAMITES_WORKFLOW_TRACING'] === 'true' || tracingEnabled(env);
}

/**
 * What `bundleWorkflowCode` needs: the workflows' entry, the failure converter (so the sandbox
 * converts failures as the worker does) and the interceptor that checks every update's actor.
 */
export function workflowBundleOptions(workflowsPath: string): { workflowsPath: string; failureConverterPath: string; workflowInterceptorModules: string[] } {
  return { workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH, workflowInterceptorModules: workflowInterceptorModules(workflowsPath) };
}

/** A payload as the codec server protocol carries it: proto3 JSON, bytes in base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export function payloadFromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: metadata ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])) : {},
    ...(data ? { data: Buffer.from(data, 'base64') } : {}),
  };
}

export function payloadToJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    ...(data && data.length ? { data: Buffer.from(data).toString('base64') } : {}),
  };
}

/**
 * The key ids of the encrypted payloads anywhere in a history (a decoded proto object), sorted;
 * empty when it holds only plain payloads (recorded before the codec). Exports say so.
 */
export function encryptedPayloadKeyIds(history: unknown): string[] {
  const ids = new Set<string>();
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || ArrayBuffer.isView(node) || seen.has(node)) return;
    seen.add(node);
    const metadata = (node as { metadata?: Record<string, unknown> }).metadata;
    const encoding = metadata?.[METADATA_ENCODING_KEY];
    if (encoding instanceof Uint8Array && str(encoding) === ENCRYPTED_ENCODING) {
      const id = metadata?.[METADATA_KEY_ID];
      if (id instanceof Uint8Array) ids.add(str(id) ?? '');
      return;
    }
    for (const value of Array.isArray(node) ? node : Object.values(node)) walk(value);
  };
  walk(history);
  return [...ids].sort();
}

/**
 * The same history with every encrypted payload decrypted (the auditors' readable export);
 * `history` is not changed. Its payloads are then plain JSON, as before the codec.
 */
export async function decryptHistoryPayloads<T extends object>(history: T, codec: PayloadCodec, clone: (h: T) => T): Promise<T> {
  const copy = clone(history);
  const found: Payload[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || ArrayBuffer.isView(node) || seen.has(node)) return;
    seen.add(node);
    const metadata = (node as Payload).metadata;
    const encoding = metadata?.[METADATA_ENCODING_KEY];
    if (encoding instanceof Uint8Array && str(encoding) === ENCRYPTED_ENCODING) {
      found.push(node as Payload);
      return;
    }
    for (const value of Array.isArray(node) ? node : Object.values(node)) walk(value);
  };
  walk(copy);
  const plain = await codec.decode(found);
  found.forEach((target, i) => {
    target.metadata = plain[i]?.metadata ?? {};
    target.data = plain[i]?.data ?? new Uint8Array();
  });
  return copy;
}
