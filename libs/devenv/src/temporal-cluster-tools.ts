import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, which } from './commands';
import { type Log } from '@tramites/infra';
import { userCacheDir } from './paths';

/** The server the CLI 1.5.1 embeds: the cluster mode runs the very same version, as separate services. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const SERVER_MODULE = 'go.temporal.io/server';
/** The Web UI the CLI 1.5.1 embeds; its module ships the built assets. */
export const TEMPORAL_UI_VERSION = '2.42.1';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';

export interface TemporalServerTools {
  /** `temporal-server` (go.temporal.io/server/cmd/server). */
  server: string;
  /** `temporal-sql-tool` (go.temporal.io/server/cmd/tools/sql). */
  sqlTool: string;
  /** The module's schema/postgresql/v12 folder (temporal/ and visibility/, each with versioned/). */
  schemaDir: string;
  source: 'TEMPORAL_SERVER_DIR' | 'cache' | 'go install';
}

function serverCacheDir(): string {
  return path.join(userCacheDir(), 'temporal-server', TEMPORAL_SERVER_VERSION);
}

function toolsIn(dir: string): Omit<TemporalServerTools, 'source'> {
  return {
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
}

function complete(tools: Omit<TemporalServerTools, 'source'>): boolean {
  return [tools.server, tools.sqlTool, path.join(tools.schemaDir, 'temporal', 'versioned')].every((p) => fs.existsSync(p));
}

const defaultLog: Log = (l) => process.stderr.write(`${l}\n`);

/**
 * The Temporal server and temporal-sql-tool, with the PostgreSQL schemas: TEMPORAL_SERVER_DIR
 * (a folder laid out as the cache), then the per-user cache, otherwise built into that cache
 * with `go install` from the Go module proxy (a few minutes, once). Undefined without Go.
 */
export async function findOrInstallTemporalServer(log: Log = defaultLog): Promise<TemporalServerTools | undefined> {
  const fromEnv = process.env.TEMPORAL_SERVER_DIR;
  if (fromEnv) {
    const tools = toolsIn(fromEnv);
    if (!complete(tools)) {
      throw new Error(`TEMPORAL_SERVER_DIR (${fromEnv}) must hold temporal-server, temporal-sql-tool and schema/postgresql/v12`);
    }
    return { ...tools, source: 'TEMPORAL_SERVER_DIR' };
  }
  const dir = serverCacheDir();
  const cached = toolsIn(dir);
  if (complete(cached)) return { ...cached, source: 'cache' };
  const go = which('go');
  if (!go) return undefined;

  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Build into a private folder and rename it, so two concurrent installs never see half a tool set.
  const staging = fs.mkdtempSync(path.join(path.dirname(dir), '.install-'));
  const modules = [`${SERVER_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`, `${SERVER_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`];
  try {
    await goInstall(go, modules, staging, `the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool`, log);
    fs.renameSync(path.join(staging, 'server'), path.join(staging, 'temporal-server'));
    fs.renameSync(path.join(staging, 'sql'), path.join(staging, 'temporal-sql-tool'));
    // The schemas come from the same module, in the Go module cache.
    const modCache = execFileSync(go, ['env', 'GOMODCACHE']).toString().trim();
    const schemas = path.join(modCache, `${SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
    fs.cpSync(schemas, path.join(staging, 'schema', 'postgresql', 'v12'), { recursive: true });
    makeWritable(path.join(staging, 'schema')); // the module cache is read-only; our copy must be removable
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { ...cached, source: 'go install' };
}

/**
 * The standalone Temporal Web UI server (github.com/temporalio/ui-server/v2, the UI the CLI's dev
 * server bundles), from the cache or `go install`. Undefined, with the reason logged, when it cannot be had.
 */
export async function findOrInstallTemporalUi(log: Log = defaultLog): Promise<string | undefined> {
  const target = path.join(userCacheDir(), 'temporal-ui', TEMPORAL_UI_VERSION, 'temporal-ui-server');
  if (fs.existsSync(target)) return target;
  const go = which('go');
  if (!go) {
    log('no Go: the cluster runs without the Web UI');
    return undefined;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.install-'));
  try {
    await goInstall(go, [`${UI_MODULE}/cmd/server@v${TEMPORAL_UI_VERSION}`], staging, `the Temporal Web UI ${TEMPORAL_UI_VERSION}`, log);
    fs.renameSync(path.join(staging, 'server'), target);
    return target;
  } catch (err) {
    log(`the Temporal Web UI could not be built (${(err as Error).message}): the cluster runs without it`);
    return undefined;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function goInstall(go: string, modules: string[], gobin: string, what: string, log: Log): Promise<void> {
  const started = Date.now();
  log(`building ${what} with go install (first time only, a few minutes)...`);
  const ticker = setInterval(() => log(`  ...still building ${what} (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  let packages = 0;
  try {
    await run(go, ['install', '-v', ...modules], {
      env: { ...process.env, GOBIN: gobin, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
      cwd: os.tmpdir(),
      log: (line) => {
        packages += 1;
        if (packages % 200 === 0 || /error|cannot|failed/i.test(line)) log(`  [go] ${packages} packages... ${line}`);
      },
    });
    log(`built ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    clearInterval(ticker);
  }
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else fs.chmodSync(full, 0o644);
  }
}
