import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, which } from './commands';
import { type Log } from '@tramites/infra';
import { userCacheDir } from './paths';

/** The last tag of the official CLI that `go install` accepts (later tags carry replace directives). */
export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

export function cachedTemporalCliPath(): string {
  return path.join(userCacheDir(), 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

export type TemporalCliSource = 'TEMPORAL_CLI' | 'PATH' | 'cache' | 'go install';

/**
 * Finds the official Temporal CLI: the TEMPORAL_CLI variable, then PATH, then the
 * per-user cache; otherwise builds it into that cache from the Go module proxy.
 * Returns undefined when none is found and Go is absent: callers may then fall
 * back to the SDK's own download (which needs the internet).
 */
export async function findOrInstallTemporalCli(
  log: Log = (l) => process.stderr.write(`${l}\n`),
): Promise<{ path: string; source: TemporalCliSource } | undefined> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI points to ${fromEnv}, which does not exist`);
    return { path: fromEnv, source: 'TEMPORAL_CLI' };
  }
  const onPath = which('temporal');
  if (onPath) return { path: onPath, source: 'PATH' };
  const cached = cachedTemporalCliPath();
  if (fs.existsSync(cached)) return { path: cached, source: 'cache' };
  const go = which('go');
  if (!go) return undefined;
  await goInstall(go, cached, log);
  return { path: cached, source: 'go install' };
}

async function goInstall(go: string, target: string, log: Log): Promise<void> {
  // Build into a private folder and rename, so two concurrent installs never see a half-written binary.
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.install-'));
  const started = Date.now();
  log(`Temporal CLI not found: building ${TEMPORAL_CLI_MODULE} with go install (first time only, a few minutes)...`);
  const ticker = setInterval(() => log(`  ...still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  let packages = 0;
  try {
    await run(go, ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
      cwd: os.tmpdir(),
      log: (line) => {
        // `go install -v` names each package as it is compiled: report progress without flooding.
        packages += 1;
        if (packages % 100 === 0 || /error|cannot|failed/i.test(line)) log(`  [go] ${packages} packages... ${line}`);
      },
    });
    fs.renameSync(path.join(staging, 'temporal'), target);
    log(`Temporal CLI installed at ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    clearInterval(ticker);
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
