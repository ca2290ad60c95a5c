import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, which } from './commands';
import { type Log } from '@tramites/infra';
import { userCacheDir } from './paths';

/**
 * The Node.js LTS the production image runs (docker/Dockerfile), pinned exactly. Our machines
 * run Node 20; the tests start the compiled apps on this runtime, taken from the npm registry
 * (the `node-<platform>-<arch>` packages ship the official binaries).
 */
export const NODE24_VERSION = '24.22.3';

/** The registry's integrity of the runtime's package per platform, checked after the download. */
const NODE24_INTEGRITY: Record<string, string> = {
  'linux-x64': 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
};

export function cachedNode24Path(): string {
  return path.join(userCacheDir(), 'node', NODE24_VERSION, 'bin', 'node');
}

export type Node24Source = 'NODE24_BIN' | 'current' | 'cache' | 'npm';

/**
 * Finds a Node 24 runtime: the NODE24_BIN variable, the running Node when it is a 24, the
 * per-user cache; otherwise unpacks `node-<platform>-<arch>@NODE24_VERSION` from the npm
 * registry into that cache. Returns the path of its `bin/node`.
 */
export async function findOrInstallNode24(log: Log = (l) => process.stderr.write(`${l}\n`)): Promise<{ path: string; version: string; source: Node24Source }> {
  const fromEnv = process.env.NODE24_BIN;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`NODE24_BIN points to ${fromEnv}, which does not exist`);
    return { path: fromEnv, version: requireNode24(fromEnv, 'NODE24_BIN'), source: 'NODE24_BIN' };
  }
  if (process.versions.node.startsWith('24.')) return { path: process.execPath, version: process.version, source: 'current' };
  const cached = cachedNode24Path();
  if (fs.existsSync(cached)) return { path: cached, version: requireNode24(cached, 'the cached runtime'), source: 'cache' };
  await npmInstall(path.dirname(path.dirname(cached)), log);
  return { path: cached, version: requireNode24(cached, 'the downloaded runtime'), source: 'npm' };
}

/** The `--version` of a binary, which must be a Node 24. */
function requireNode24(bin: string, what: string): string {
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${what} (${bin}) is Node ${version}, not Node 24`);
  return version;
}

async function npmInstall(target: string, log: Log): Promise<void> {
  const platform = `${process.platform}-${process.arch}`;
  const spec = `node-${platform}@${NODE24_VERSION}`;
  const npm = which('npm');
  if (!npm) throw new Error(`Node ${NODE24_VERSION} is not cached and npm is not on PATH: set NODE24_BIN to a Node 24 binary`);
  // Unpack into a private folder and rename, so two concurrent installs never see a half-written runtime.
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.install-'));
  const started = Date.now();
  log(`Node ${NODE24_VERSION} not found: fetching ${spec} from the npm registry (first time only, about 50 MB)...`);
  try {
    await run(npm, ['pack', spec, '--pack-destination', staging, '--silent'], { cwd: os.tmpdir(), log: () => undefined });
    const tarball = path.join(staging, `node-${platform}-${NODE24_VERSION}.tgz`);
    const pinned = NODE24_INTEGRITY[platform];
    const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
    if (pinned && integrity !== pinned) throw new Error(`${spec}: integrity ${integrity} differs from the pinned ${pinned}`);
    await run('tar', ['-xzf', tarball, '-C', staging], { log });
    try {
      fs.renameSync(path.join(staging, 'package'), target);
    } catch (err) {
      if (!fs.existsSync(path.join(target, 'bin', 'node'))) throw err; // another install got there first
    }
    log(`Node ${NODE24_VERSION} installed at ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
