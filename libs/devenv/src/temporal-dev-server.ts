import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '@tramites/contracts';
import { isPortInUse, waitFor, type Log } from '@tramites/infra';

export interface DevServerOptions {
  cliPath: string;
  /** Folder that holds the persistence file (temporal.sqlite). */
  dataDir: string;
  ip: string;
  port: number;
  uiPort: number;
  namespace: string;
  log: Log;
  /** Codec server the Web UI sends payloads to for display (`--ui-codec-endpoint`; ADR 0014). */
  uiCodecEndpoint?: string;
  /** The server's own Prometheus endpoint (`--metrics-port`), for the dev Prometheus (ADR 0032). */
  metricsPort?: number;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` on a persistence file, with the Web UI, our namespace and search attributes. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const { cliPath, dataDir, ip, port, uiPort, namespace, log, uiCodecEndpoint, metricsPort } = options;
  for (const [name, p] of [
    ['TEMPORAL_PORT', port],
    ['TEMPORAL_UI_PORT', uiPort],
  ] as const) {
    if (await isPortInUse(p, ip)) throw new Error(`port ${p} is already in use: stop what uses it or set ${name}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dataDir, 'temporal.sqlite'),
    '--ip',
    ip,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([key, type]) => ['--search-attribute', `${key}=${type}`]),
    ...(uiCodecEndpoint ? ['--ui-codec-endpoint', uiCodecEndpoint] : []),
    ...(metricsPort ? ['--metrics-port', String(metricsPort)] : []),
  ];
  const child = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = signal ?? `exit code ${code}`;
  });

  const address = `${ip}:${port}`;
  await waitFor(
    'the Temporal dev server',
    async () => {
      if (exited) throw new Error(`the Temporal dev server ended (${exited})`);
      return isNamespaceReady(address, namespace);
    },
    { timeoutMs: 90_000, intervalMs: 300 },
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });

  return {
    address,
    uiUrl: `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}

async function isNamespaceReady(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

/** A polite signal (SIGTERM by default), then SIGKILL after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      // Grandchildren may still hold the pipes open: let go of them so this process can exit.
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve();
    });
    child.kill(signal);
  });
}
