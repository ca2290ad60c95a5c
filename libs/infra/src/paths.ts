import os from 'node:os';
import path from 'node:path';

/** Per-user cache for tools built from the registries (Temporal CLI, Java test server). */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tramites');
}

/** The workspace root (the folder holding nx.json), found from this file. */
export function workspaceRoot(): string {
  return path.resolve(__dirname, '../../..');
}

/** The data folder for the dev server's persistence file and the embedded PostgreSQL cluster. */
export function dataDir(): string {
  return path.resolve(workspaceRoot(), process.env.TRAMITES_DATA_DIR || '.data');
}
