import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { workspaceRoot } from './paths';
import { run } from './commands';
import { isPortInUse, waitFor, type Log } from '@tramites/infra';
import { stopChild } from './temporal-dev-server';
import type { TemporalServerTools } from './temporal-cluster-tools';

/** The services of a Temporal cluster; every node is one process running one of them. */
export type TemporalService = 'frontend' | 'history' | 'matching' | 'worker';

export interface TemporalClusterOptions {
  tools: TemporalServerTools;
  /** The Temporal CLI, which runs docker/temporal/search-attributes.sh (namespace and search attributes). */
  cliPath: string;
  /** A PostgreSQL URL whose user may create databases; Temporal's two databases go on that server. */
  postgresUrl: string;
  /** Persistence and visibility database names (default temporal, temporal_visibility). */
  databases?: { default: string; visibility: string };
  /** Folder of the rendered configuration files, and of each node's log (logs/<node>.log). */
  configDir: string;
  ip: string;
  /** The frontend's gRPC port (the address clients use); 0 takes a free port. */
  frontendPort: number;
  namespace: string;
  /** Retention of closed workflow histories, in the CLI's duration spelling (e.g. 30d). */
  retention?: string;
  historyNodes?: number;
  matchingNodes?: number;
  /** Fixed when the persistence database is created: a later change is refused by the server. */
  historyShards?: number;
  /** The standalone Web UI server and its port, when one could be had. */
  ui?: { server: string; port: number };
  log: Log;
}

interface NodeSpec {
  name: string;
  service: TemporalService;
  grpcPort: number;
  membershipPort: number;
  httpPort?: number;
}

export interface RunningTemporalCluster {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Node names: frontend, history-1, history-2, matching-1, matching-2, worker, (ui). */
  nodes(): string[];
  pid(node: string): number | undefined;
  /** Kills one node (SIGKILL unless told) and waits for it to be gone. */
  kill(node: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed node again on the same ports and waits until it listens. */
  start(node: string): Promise<void>;
  /** Resolves once the frontend answers and history owns the shards of a sample of workflow ids. */
  waitUntilServing(timeoutMs?: number): Promise<void>;
  /** Stops every node (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

const sql = (value: string): string => JSON.stringify(value);

/**
 * A free port below 32768: the ring's membership table stores ports as smallint, so the
 * kernel's ephemeral ports (32768 and up, what freePort gives) are refused.
 */
async function freeLowPort(ip: string, taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, ip, () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000 for the Temporal nodes');
}

/** One node's configuration: the shared persistence and cluster metadata, and its own ports. */
function renderConfig(o: {
  node: NodeSpec;
  /** One node per service: each process must know every service of the ring (the ports of others go unused). */
  representatives: NodeSpec[];
  pg: { host: string; port: number; user: string; password: string };
  databases: { default: string; visibility: string };
  shards: number;
  ip: string;
  frontendAddress: string;
  frontendHttpAddress: string;
  dynamicConfig: string;
}): string {
  const { node, pg } = o;
  const store = (db: string, conns: number): string => `      sql:
        pluginName: postgres12
        databaseName: ${sql(db)}
        connectAddr: ${sql(`${pg.host}:${pg.port}`)}
        connectProtocol: tcp
        user: ${sql(pg.user)}
        password: ${sql(pg.password)}
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: 1h`;
  return `# Rendered by libs/devenv/src/temporal-cluster.ts for the node ${node.name}: do not edit.
log:
  stdout: true
  level: warn
persistence:
  numHistoryShards: ${o.shards}
  defaultStore: default
  visibilityStore: visibility
  datastores:
    default:
${store(o.databases.default, node.service === 'history' ? 12 : 6)}
    visibility:
${store(o.databases.visibility, 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: ${sql(o.ip)}
services:
${o.representatives
  .map((r) => (r.service === node.service ? node : r))
  .map(
    (n) => `  ${n.service}:
    rpc:
      grpcPort: ${n.grpcPort}
      membershipPort: ${n.membershipPort}
      bindOnIP: ${sql(o.ip)}${n.httpPort ? `\n      httpPort: ${n.httpPort}` : ''}`,
  )
  .join('\n')}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: ${sql(o.frontendAddress)}
      httpAddress: ${sql(o.frontendHttpAddress)}
dcRedirectionPolicy:
  policy: noop
publicClient:
  hostPort: ${sql(o.frontendAddress)}
archival:
  history:
    state: disabled
  visibility:
    state: disabled
namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled
dynamicConfigClient:
  filepath: ${sql(o.dynamicConfig)}
  pollInterval: 10s
`;
}

function renderUiConfig(o: { frontendAddress: string; ip: string; port: number; namespace: string }): string {
  return `# Rendered by libs/devenv/src/temporal-cluster.ts: do not edit.
temporalGrpcAddress: ${sql(o.frontendAddress)}
host: ${sql(o.ip)}
port: ${o.port}
publicPath: ""
enableUi: true
defaultNamespace: ${sql(o.namespace)}
showTemporalSystemNamespace: false
notifyOnNewVersion: false
refreshInterval: 1m
cors:
  cookieInsecure: true
  unsafeAllowAllOrigins: false
  allowOrigins: []
`;
}

function parsePostgresUrl(url: string): { host: string; port: number; user: string; password: string } {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/**
 * Creates Temporal's persistence and visibility databases and brings their schemas to the
 * module's latest versioned step (schema/postgresql/v12), with temporal-sql-tool, through the
 * one script docker/compose.yaml's schema job runs too. Idempotent.
 */
export async function setupTemporalDatabases(o: {
  tools: TemporalServerTools;
  postgresUrl: string;
  databases: { default: string; visibility: string };
  log: Log;
}): Promise<void> {
  const pg = parsePostgresUrl(o.postgresUrl);
  await run('sh', [path.join(workspaceRoot(), 'docker', 'temporal', 'schema-setup.sh')], {
    env: {
      ...process.env,
      SQL_HOST: pg.host,
      SQL_PORT: String(pg.port),
      SQL_USER: pg.user,
      SQL_PASSWORD: pg.password,
      TEMPORAL_DB: o.databases.default,
      TEMPORAL_VISIBILITY_DB: o.databases.visibility,
      TEMPORAL_SCHEMA_DIR: o.tools.schemaDir,
      TEMPORAL_SQL_TOOL: o.tools.sqlTool,
    },
    log: o.log,
  });
}

/** Runs the one namespace/search-attribute setup script that docker/compose.yaml runs too. */
export async function registerNamespace(o: { cliPath: string; address: string; namespace: string; retention: string; log: Log }): Promise<void> {
  const script = path.join(workspaceRoot(), 'docker', 'temporal', 'search-attributes.sh');
  await run('sh', [script], {
    env: {
      ...process.env,
      TEMPORAL_BIN: o.cliPath,
      TEMPORAL_ADDRESS: o.address,
      TEMPORAL_NAMESPACE: o.namespace,
      TEMPORAL_RETENTION: o.retention,
    },
    log: o.log,
  });
}

/**
 * A Temporal cluster on PostgreSQL, one process per node: the frontend, the internal worker,
 * several history nodes sharing the shards on a membership ring, and several matching nodes.
 * The databases are created (or brought up to date) first; the namespace and our search
 * attributes are registered through the frontend before the other services start.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<RunningTemporalCluster> {
  const { tools, ip, namespace, log } = options;
  const databases = options.databases ?? { default: 'temporal', visibility: 'temporal_visibility' };
  const taken = new Set<number>();
  const port = (): Promise<number> => freeLowPort(ip, taken);
  const frontendPort = options.frontendPort || (await port());
  if (await isPortInUse(frontendPort, ip)) throw new Error(`port ${frontendPort} is already in use: stop what uses it or set TEMPORAL_PORT`);
  if (options.ui && (await isPortInUse(options.ui.port, ip))) {
    throw new Error(`port ${options.ui.port} is already in use: stop what uses it or set TEMPORAL_UI_PORT`);
  }
  const logDir = path.join(options.configDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const schemaLog: string[] = [];
  await setupTemporalDatabases({ tools, postgresUrl: options.postgresUrl, databases, log: (l) => schemaLog.push(l) }).catch((err: Error) => {
    throw new Error(`${err.message}\n${schemaLog.slice(-20).join('\n')}`);
  });
  fs.writeFileSync(path.join(logDir, 'schema-setup.log'), `${schemaLog.join('\n')}\n`);

  const specs: NodeSpec[] = [{ name: 'frontend', service: 'frontend', grpcPort: frontendPort, membershipPort: await port(), httpPort: await port() }];
  for (let i = 1; i <= (options.historyNodes ?? 2); i++) {
    specs.push({ name: `history-${i}`, service: 'history', grpcPort: await port(), membershipPort: await port() });
  }
  for (let i = 1; i <= (options.matchingNodes ?? 2); i++) {
    specs.push({ name: `matching-${i}`, service: 'matching', grpcPort: await port(), membershipPort: await port() });
  }
  specs.push({ name: 'worker', service: 'worker', grpcPort: await port(), membershipPort: await port() });

  const address = `${ip}:${frontendPort}`;
  fs.mkdirSync(options.configDir, { recursive: true });
  const dynamicConfig = path.join(workspaceRoot(), 'docker', 'temporal', 'dynamicconfig.yaml');
  const pg = parsePostgresUrl(options.postgresUrl);
  for (const node of specs) {
    const file = path.join(options.configDir, `${node.name}.yaml`);
    fs.writeFileSync(
      file,
      renderConfig({
        node,
        representatives: (['frontend', 'history', 'matching', 'worker'] as const).flatMap((svc) => specs.find((s) => s.service === svc) ?? []),
        pg,
        databases,
        shards: options.historyShards ?? 16,
        ip,
        frontendAddress: address,
        frontendHttpAddress: `${ip}:${specs[0]?.httpPort}`,
        dynamicConfig,
      }),
      { mode: 0o600 },
    );
  }

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  // While the ring forms, the nodes log errors that resolve themselves ("Not enough hosts to serve
  // the request", "shard status unknown"): keep them for a failed start, print what comes after.
  let starting = true;
  const startupLines: string[] = [];
  const report = (line: string, severe = false): void => {
    if (!starting && severe) return log(line);
    if (!starting) return;
    startupLines.push(line);
    if (startupLines.length > 40) startupLines.shift();
  };
  const spawnNode = (node: NodeSpec): ChildProcess => {
    const child = spawn(
      tools.server,
      ['--root', options.configDir, '--config', '.', '--env', node.name, '--allow-no-auth', 'start', '--service', node.service],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Every line goes to the node's log file; the terminal gets only what is worse than an error
    // (a crash), and errors while the ring forms are kept for the message of a failed start.
    const file = fs.createWriteStream(path.join(logDir, `${node.name}.log`), { flags: 'a' });
    const forward = (chunk: Buffer): void => {
      file.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim() || stopping) continue;
        if (!line.startsWith('{')) {
          if (!/Loading config/.test(line)) report(`[temporal:${node.name}] ${line.slice(0, 600)}`, true);
        } else if (/"level":"(error|dpanic|panic|fatal)"/.test(line)) {
          try {
            const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
            report(`[temporal:${node.name}] ${entry.msg ?? ''}${entry.error ? `: ${String(entry.error).slice(0, 400)}` : ''}`, entry.level !== 'error');
          } catch {
            report(`[temporal:${node.name}] ${line.slice(0, 600)}`, true);
          }
        }
      }
    };
    child.once('exit', () => file.end());
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    children.set(node.name, child);
    return child;
  };
  const startNode = async (node: NodeSpec): Promise<void> => {
    const child = spawnNode(node);
    let onExit: (err: Error) => void = () => undefined;
    const ended = new Promise<never>((_, reject) => (onExit = reject));
    const exitListener = (code: number | null, signal: string | null): void =>
      onExit(new Error(`the Temporal ${node.name} node ended during start-up (${signal ?? `exit code ${code}`})`));
    child.once('exit', exitListener);
    try {
      await Promise.race([
        ended,
        // The internal worker serves no gRPC: its membership port tells that it is up.
        waitFor(`the Temporal ${node.name} node`, () => isPortInUse(node.service === 'worker' ? node.membershipPort : node.grpcPort, ip), {
          timeoutMs: 60_000,
          intervalMs: 200,
        }),
      ]);
    } finally {
      child.off('exit', exitListener);
    }
  };
  const specOf = (name: string): NodeSpec => {
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new Error(`no Temporal node named ${name} (nodes: ${specs.map((s) => s.name).join(', ')})`);
    return spec;
  };

  let uiChild: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    stopping = true;
    if (uiChild) await stopChild(uiChild, 5_000);
    // The frontend first (no new requests), then the rest side by side.
    const frontend = children.get('frontend');
    if (frontend) await stopChild(frontend, 15_000);
    await Promise.all([...children.entries()].filter(([name]) => name !== 'frontend').map(([, child]) => stopChild(child, 15_000)));
    children.clear();
  };

  const waitUntilServing = (timeoutMs = 90_000): Promise<void> =>
    waitFor('the Temporal cluster', () => isServing(address, namespace), { timeoutMs, intervalMs: 500 });

  try {
    await startNode(specOf('frontend'));
    await registerNamespace({
      cliPath: options.cliPath,
      address,
      namespace,
      retention: options.retention ?? '30d',
      log: (l) => report(`[namespace] ${l}`),
    });
    await Promise.all(specs.filter((s) => s.service !== 'frontend').map(startNode));
    await waitUntilServing();
    if (options.ui) {
      const uiDir = path.join(options.configDir, 'ui');
      fs.mkdirSync(uiDir, { recursive: true });
      fs.writeFileSync(path.join(uiDir, 'cluster.yaml'), renderUiConfig({ frontendAddress: address, ip, port: options.ui.port, namespace }));
      const uiLog = fs.openSync(path.join(logDir, 'ui.log'), 'a');
      uiChild = spawn(options.ui.server, ['--root', uiDir, '--config', '.', '--env', 'cluster', 'start'], {
        detached: true,
        stdio: ['ignore', uiLog, uiLog],
      });
      fs.closeSync(uiLog);
      const ui = options.ui;
      await waitFor('the Temporal Web UI', () => isPortInUse(ui.port, ip), { timeoutMs: 20_000 });
    }
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${startupLines.join('\n')}`);
  }
  starting = false;

  return {
    address,
    namespace,
    uiUrl: options.ui ? `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.ui.port}` : undefined,
    nodes: () => [...specs.map((s) => s.name), ...(uiChild ? ['ui'] : [])],
    pid: (name) => children.get(name)?.pid,
    kill: async (name, signal = 'SIGKILL') => {
      specOf(name);
      const child = children.get(name);
      children.delete(name);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
    start: async (name) => {
      if (children.has(name)) throw new Error(`the Temporal ${name} node is running`);
      await startNode(specOf(name));
    },
    waitUntilServing,
    stop,
  };
}

/**
 * True once the frontend knows the namespace and history answers for a sample of workflow ids
 * (spread over the shards): NOT_FOUND is the answer of the shard's owner.
 */
async function isServing(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    return await connection.withDeadline(Date.now() + 3_000, async () => {
      await connection.workflowService.describeNamespace({ namespace });
      for (let i = 0; i < 16; i++) {
        try {
          await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId: `readiness-probe-${i}` } });
        } catch (err) {
          if ((err as { code?: number }).code !== 5) return false;
        }
      }
      return true;
    });
  } catch {
    return false;
  } finally {
    await connection.close();
  }
}

function positiveIntFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  return value;
}

/**
 * The cluster's shape from the environment: TEMPORAL_HISTORY_NODES and TEMPORAL_MATCHING_NODES
 * (default 2 each), TEMPORAL_HISTORY_SHARDS (default 16; fixed once the database exists),
 * TEMPORAL_RETENTION (default 30d).
 */
export function clusterShapeFromEnv(): Pick<TemporalClusterOptions, 'historyNodes' | 'matchingNodes' | 'historyShards' | 'retention'> {
  return {
    historyNodes: positiveIntFromEnv('TEMPORAL_HISTORY_NODES', 2, 16),
    matchingNodes: positiveIntFromEnv('TEMPORAL_MATCHING_NODES', 2, 16),
    historyShards: positiveIntFromEnv('TEMPORAL_HISTORY_SHARDS', 16, 16_384),
    retention: process.env.TEMPORAL_RETENTION || '30d',
  };
}
