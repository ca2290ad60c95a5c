import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import fc from 'fast-check';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  METADATA_KEY_ID,
  encryptedPayloadKeyIds,
  parsePayloadKeys,
  payloadFromJson,
  payloadKeysFromEnv,
  payloadToJson,
} from './payload-codec';

const entry = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
const utf8 = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

describe('AES-256-GCM payload codec', () => {
  const older = entry('k1');
  const newer = entry('k2');
  const before = new AesGcmPayloadCodec(parsePayloadKeys(older));
  const after = new AesGcmPayloadCodec(parsePayloadKeys(`${newer},${older}`));

  it('round-trips any JSON value, and the ciphertext holds none of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string({ minLength: 6 }), async (value, secret) => {
        const plain = defaultPayloadConverter.toPayload({ value, secret });
        const [encrypted] = await after.encode([plain]);
        expect(utf8(encrypted!.metadata!['encoding'])).toBe(ENCRYPTED_ENCODING);
        expect(utf8(encrypted!.metadata![METADATA_KEY_ID])).toBe('k2');
        expect(Buffer.from(encrypted!.data!).includes(Buffer.from(secret))).toBe(false);
        const [decoded] = await after.decode([encrypted!]);
        // What JSON itself keeps (it writes -0 as 0): the codec adds no loss of its own.
        expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(JSON.parse(JSON.stringify({ value, secret })));
      }),
      { numRuns: 50 },
    );
  });

  it('encodes under the newest key and still decodes what an older key encrypted (rotation)', async () => {
    const [old] = await before.encode([defaultPayloadConverter.toPayload('antes')]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toBe('antes');
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload('después')]);
    await expect(before.decode([fresh!])).rejects.toThrow(/unknown key "k2"/);
  });

  it('passes plain payloads through (histories recorded before the codec)', async () => {
    const plain = defaultPayloadConverter.toPayload({ email: 'a@b.ec' });
    expect(await after.decode([plain])).toEqual([plain]);
  });

  it('refuses a tampered ciphertext or a payload relabelled with another key id', async () => {
    const [encrypted] = await after.encode([defaultPayloadConverter.toPayload('x')]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = (data[20] ?? 0) ^ 1;
    await expect(after.decode([{ ...encrypted!, data }])).rejects.toThrow(/does not authenticate/);
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, [METADATA_KEY_ID]: Buffer.from('k1') } };
    await expect(after.decode([relabelled])).rejects.toThrow(/does not authenticate/);
  });

  it('survives the codec server JSON form, and names the key ids found in a history', async () => {
    const [encrypted] = await after.encode([defaultPayloadConverter.toPayload('y')]);
    const back = payloadFromJson(JSON.parse(JSON.stringify(payloadToJson(encrypted!))));
    expect(defaultPayloadConverter.fromPayload((await after.decode([back]))[0]!)).toBe('y');
    expect(encryptedPayloadKeyIds({ events: [{ input: { payloads: [encrypted, defaultPayloadConverter.toPayload(1)] } }] })).toEqual(['k2']);
    expect(encryptedPayloadKeyIds({ events: [{ input: { payloads: [defaultPayloadConverter.toPayload(1)] } }] })).toEqual([]);
  });
});

describe('payload keys from configuration', () => {
  it.each([
    ['k1', /id:base64key/],
    ['k1:' + Buffer.alloc(16).toString('base64'), /must be 32 bytes/],
    [`${entry('k1')},${entry('k1')}`, /appears twice/],
  ])('refuses %s', (raw, message) => {
    expect(() => parsePayloadKeys(raw)).toThrow(message);
  });

  it('picks the first key, or TEMPORAL_PAYLOAD_KEY_ID', () => {
    const raw = `${entry('a')},${entry('b')}`;
    expect(parsePayloadKeys(raw).currentKeyId).toBe('a');
    expect(payloadKeysFromEnv({ TEMPORAL_PAYLOAD_KEYS: raw, TEMPORAL_PAYLOAD_KEY_ID: 'b' }).currentKeyId).toBe('b');
    expect(() => payloadKeysFromEnv({ TEMPORAL_PAYLOAD_KEYS: raw, TEMPORAL_PAYLOAD_KEY_ID: 'c' })).toThrow(/not one of/);
  });

  it('requires keys in production; elsewhere warns and uses the public development key', () => {
    expect(() => payloadKeysFromEnv({ NODE_ENV: 'production' })).toThrow(/must be set in production/);
    expect(payloadKeysFromEnv({ NODE_ENV: 'development' })).toMatchObject({ currentKeyId: 'dev-public', warning: expect.stringMatching(/not set/) });
  });
});
