import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * A content-addressed store: a blob's name is the sha256 of its bytes, so
 * workflows carry only `{ sha256, size }` (docs/architecture.md: large things never
 * enter workflow history) and an activity retry that stores the same bytes
 * again changes nothing.
 */
export type BlobStoreErrorCode = 'BLOB.INVALID_HASH' | 'BLOB.NOT_FOUND' | 'BLOB.CORRUPTED';

/** A refusal of the blob store, with a stable code. */
export class BlobStoreError extends Error {
  constructor(
    readonly code: BlobStoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'BlobStoreError';
  }
}

export interface BlobRef {
  /** 64 lowercase hex digits. */
  readonly sha256: string;
  readonly size: number;
}

export interface BlobStore {
  /** Stores the bytes (atomically; a no-op when the same bytes are already stored). */
  put(bytes: Uint8Array): Promise<BlobRef>;
  /** The stored bytes, re-hashed: `BLOB.NOT_FOUND`, `BLOB.CORRUPTED`. */
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Only 64 lowercase hex digits ever reach a file path: no "..", no separators. */
function assertSha256(sha256: unknown): asserts sha256 is string {
  if (!isSha256Hex(sha256)) {
    throw new BlobStoreError('BLOB.INVALID_HASH', 'a blob is named by 64 lowercase hexadecimal digits (sha256)', {
      sha256: typeof sha256 === 'string' ? sha256.slice(0, 80) : typeof sha256,
    });
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Makes a rename durable; some platforms cannot open a directory for fsync, which is harmless. */
async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}

/**
 * Files under `rootDir/ab/cd/<sha256>` (the first two pairs of hex digits
 * fan the files out). Writes go to a temporary file in the target folder,
 * are fsynced, then renamed over the final name, so readers never see half
 * a blob and concurrent writers of the same bytes cannot conflict.
 */
export function createFileBlobStore(rootDir: string): BlobStore {
  const root = path.resolve(rootDir);
  const folderOf = (sha256: string): string => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4));
  const fileOf = (sha256: string): string => path.join(folderOf(sha256), sha256);

  async function readExisting(file: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(file);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  return {
    async put(bytes) {
      if (!(bytes instanceof Uint8Array)) {
        throw new TypeError('BlobStore.put expects a Uint8Array');
      }
      const sha256 = sha256Hex(bytes);
      const ref: BlobRef = { sha256, size: bytes.byteLength };
      const folder = folderOf(sha256);
      const file = fileOf(sha256);

      // Idempotent: the same bytes are already there. A damaged copy (same
      // name, other bytes) is replaced below, which repairs it.
      const existing = await readExisting(file);
      if (existing && sameBytes(existing, bytes)) return ref;

      await mkdir(folder, { recursive: true });
      const temp = path.join(folder, `.${sha256}.${process.pid}.${randomUUID()}.tmp`);
      try {
        const handle = await open(temp, 'wx', 0o644);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      await fsyncDirectory(folder);
      return ref;
    },

    async get(sha256) {
      assertSha256(sha256);
      const bytes = await readExisting(fileOf(sha256));
      if (!bytes) {
        throw new BlobStoreError('BLOB.NOT_FOUND', `no blob ${sha256} in the store`, { sha256 });
      }
      const actual = sha256Hex(bytes);
      if (actual !== sha256) {
        throw new BlobStoreError('BLOB.CORRUPTED', `blob ${sha256} is corrupted: its ${bytes.byteLength} bytes hash to ${actual}`, {
          sha256,
          actual,
          size: bytes.byteLength,
        });
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },

    async has(sha256) {
      assertSha256(sha256);
      try {
        return (await stat(fileOf(sha256))).isFile();
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return false;
        throw error;
      }
    },
  };
}
