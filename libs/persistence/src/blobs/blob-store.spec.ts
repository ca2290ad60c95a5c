import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileBlobStore, isSha256Hex, type BlobStore } from './blob-store';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('createFileBlobStore', () => {
  let root: string;
  let store: BlobStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'blob-store-'));
    store = createFileBlobStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores bytes under root/ab/cd/<sha256> and reads them back', async () => {
    const bytes = bytesOf('%PDF-1.3 certificado');
    const ref = await store.put(bytes);
    expect(ref).toEqual({ sha256: sha(bytes), size: bytes.byteLength });
    expect(await listFiles(root)).toEqual([path.join(ref.sha256.slice(0, 2), ref.sha256.slice(2, 4), ref.sha256)]);
    expect(Buffer.from(await store.get(ref.sha256)).equals(bytes)).toBe(true);
    expect(await store.has(ref.sha256)).toBe(true);
    expect(await store.has(sha(bytesOf('other')))).toBe(false);
  });

  it('stores empty content', async () => {
    const ref = await store.put(new Uint8Array(0));
    expect(ref.size).toBe(0);
    expect((await store.get(ref.sha256)).byteLength).toBe(0);
  });

  it('is idempotent: putting the same bytes again leaves the file untouched and no temp file behind', async () => {
    const bytes = bytesOf('same bytes');
    const first = await store.put(bytes);
    const file = path.join(root, first.sha256.slice(0, 2), first.sha256.slice(2, 4), first.sha256);
    const before = await stat(file);
    const second = await store.put(Uint8Array.from(bytes));
    const after = await stat(file);
    expect(second).toEqual(first);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await listFiles(root)).toHaveLength(1);
  });

  it('survives concurrent puts of the same bytes', async () => {
    const bytes = bytesOf('x'.repeat(100_000));
    const refs = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(refs.map((r) => r.sha256)).size).toBe(1);
    expect(await listFiles(root)).toHaveLength(1);
    expect((await store.get(refs[0]!.sha256)).byteLength).toBe(100_000);
  });

  it('reports a missing blob with BLOB.NOT_FOUND', async () => {
    await expect(store.get(sha(bytesOf('never stored')))).rejects.toMatchObject({ code: 'BLOB.NOT_FOUND' });
  });

  it('detects corruption on read with BLOB.CORRUPTED, and a new put repairs the file', async () => {
    const bytes = bytesOf('original content');
    const ref = await store.put(bytes);
    const file = path.join(root, ref.sha256.slice(0, 2), ref.sha256.slice(2, 4), ref.sha256);
    await writeFile(file, 'tampered content');
    await expect(store.get(ref.sha256)).rejects.toMatchObject({
      code: 'BLOB.CORRUPTED',
      message: expect.stringContaining(ref.sha256),
    });
    await store.put(bytes);
    expect(Buffer.from(await store.get(ref.sha256)).equals(bytes)).toBe(true);
  });

  it.each([
    ['path traversal', '../../../../etc/passwd'],
    ['upper-case hex', 'A'.repeat(64)],
    ['too short', 'a'.repeat(63)],
    ['too long', 'a'.repeat(65)],
    ['separator inside', `${'a'.repeat(30)}/${'a'.repeat(33)}`],
    ['empty', ''],
  ])('refuses a hash that is not 64 lowercase hex digits (%s)', async (_label, value) => {
    expect(isSha256Hex(value)).toBe(false);
    await expect(store.get(value)).rejects.toMatchObject({ code: 'BLOB.INVALID_HASH' });
    await expect(store.has(value)).rejects.toMatchObject({ code: 'BLOB.INVALID_HASH' });
  });
});
