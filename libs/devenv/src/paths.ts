import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Per-user cache for tools built from the registries (Temporal CLI, Java test server). */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tramites');
}

/** The workspace root (the folder holding nx.json), found from this file. */
export function workspaceRoot(): string {
  // Sources sit three levels down (libs/devenv/src), the compiled build four (dist/libs/devenv/src).
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '../../..');
  }
}

/** The data folder for the dev server's persistence file and the embedded PostgreSQL cluster. */
export function dataDir(): string {
  return path.resolve(workspaceRoot(), process.env.TRAMITES_DATA_DIR || '.data');
}
