import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor, type Log } from '@tramites/infra';
import { run, which } from './commands';
import { userCacheDir } from './paths';
import { stopChild } from './temporal-dev-server';

/** The versions ADR 0032 names: Prometheus (its server and promtool) and Jaeger v2 (OTLP in, query API out). */
export const PROMETHEUS_VERSION = '0.316.0';
export const JAEGER_VERSION = '1.75.0';

type Tool = 'prometheus' | 'promtool' | 'jaeger';
const ENV: Record<Tool, string> = { prometheus: 'PROMETHEUS_BIN', promtool: 'PROMTOOL_BIN', jaeger: 'JAEGER_BIN' };

export function cachedToolPath(tool: Tool): string {
  return tool === 'jaeger' ? path.join(userCacheDir(), 'jaeger', JAEGER_VERSION, 'jaeger') : path.join(userCacheDir(), 'prometheus', PROMETHEUS_VERSION, tool);
}

/**
 * Finds Prometheus, promtool or Jaeger: its variable (PROMETHEUS_BIN, PROMTOOL_BIN, JAEGER_BIN), the per-user
 * cache, else builds it there with Go from the module proxy, as the Temporal CLI (temporal-cli.ts). Undefined
 * when it is nowhere and Go is absent.
 */
export async function findOrInstallTool(tool: Tool, log: Log): Promise<string | undefined> {
  const fromEnv = process.env[ENV[tool]];
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`${ENV[tool]} points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const cached = cachedToolPath(tool);
  if (fs.existsSync(cached)) return cached;
  const go = which('go');
  if (!go) return undefined;
  if (tool === 'jaeger') await buildJaeger(go, cached, log);
  else await buildPrometheus(go, log);
  return cached;
}

const GO_ENV = (): NodeJS.ProcessEnv => ({ ...process.env, CGO_ENABLED: '0', GOFLAGS: '-trimpath -buildvcs=false -mod=mod' });

/** Both Prometheus binaries in one `go install` (without the web UI's assets: the HTTP API is what we use). */
async function buildPrometheus(go: string, log: Log): Promise<void> {
  const target = path.dirname(cachedToolPath('prometheus'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.install-'));
  log(`building Prometheus ${PROMETHEUS_VERSION} with go install (first time only, a few minutes)...`);
  try {
    const mod = 'github.com/prometheus/prometheus/cmd';
    await run(go, ['install', '-tags', 'netgo', `${mod}/prometheus@v${PROMETHEUS_VERSION}`, `${mod}/promtool@v${PROMETHEUS_VERSION}`], {
      env: { ...GO_ENV(), GOBIN: staging },
      cwd: os.tmpdir(),
      log: (line) => {
        if (/error|cannot|failed/i.test(line)) log(`  [go] ${line}`);
      },
    });
    fs.mkdirSync(target, { recursive: true });
    for (const tool of ['prometheus', 'promtool']) fs.renameSync(path.join(staging, tool), path.join(target, tool));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Jaeger's go.mod holds a replace directive, which `go install module@version` refuses: the module is
 * downloaded through the proxy and built from a copy of it.
 */
async function buildJaeger(go: string, target: string, log: Log): Promise<void> {
  log(`building Jaeger ${JAEGER_VERSION} from the Go module proxy (first time only, a few minutes)...`);
  let dir = '';
  await run(go, ['mod', 'download', '-json', `github.com/jaegertracing/jaeger@v${JAEGER_VERSION}`], {
    env: GO_ENV(),
    cwd: os.tmpdir(),
    log: (line) => {
      const m = /"Dir": "([^"]+)"/.exec(line);
      if (m?.[1]) dir = m[1];
    },
  });
  if (!dir) throw new Error('go mod download named no folder for Jaeger');
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'jaeger-src-'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.${process.pid}`;
  try {
    fs.cpSync(dir, source, { recursive: true });
    fs.chmodSync(source, 0o755);
    await run('chmod', ['-R', 'u+w', source], { log: () => undefined });
    await run(go, ['build', '-o', staging, './cmd/jaeger'], { env: GO_ENV(), cwd: source, log: (line) => /error|cannot/i.test(line) && log(`  [go] ${line}`) });
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
    fs.rmSync(staging, { force: true });
  }
}

export interface RunningTool {
  url: string;
  stop(): Promise<void>;
}

function spawnTool(bin: string, args: string[], log: Log): ChildProcess {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const forward = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (/level=(error|fatal)|"level":"(error|fatal)"|\berror\b.*\bfailed\b/i.test(line)) log(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

export interface PrometheusOptions {
  bin: string;
  dataDir: string;
  port: number;
  /** Scrape targets by job: host:port of each process's operations endpoint (libs/observability). */
  targets: Record<string, string[]>;
  /**
   * Jobs whose targets a file names (Prometheus' file_sd, JSON), read again whenever it changes: for processes whose
   * operations port is known only once they announce it.
   */
  fileTargets?: Record<string, string>;
  /** Alert rule files (docker/prometheus/alerts.yml). */
  ruleFiles?: string[];
  scrapeIntervalSeconds?: number;
  log: Log;
}

/** Writes a file_sd targets file whole (a rename), so that Prometheus never reads half of it. */
export function writeFileTargets(file: string, hosts: string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify([{ targets: hosts, labels: {} }]));
  fs.renameSync(temp, file);
}

/** The scrape configuration `npm start` and the tests give Prometheus (docker/prometheus/prometheus.yml is production's). */
export function prometheusConfig({
  targets,
  fileTargets = {},
  ruleFiles = [],
  scrapeIntervalSeconds = 5,
}: Pick<PrometheusOptions, 'targets' | 'fileTargets' | 'ruleFiles' | 'scrapeIntervalSeconds'>): string {
  const jobs = Object.entries(targets)
    .filter(([, hosts]) => hosts.length)
    .map(([job, hosts]) => `  - job_name: ${job}\n    static_configs:\n      - targets: [${hosts.map((h) => `'${h}'`).join(', ')}]`)
    .concat(
      Object.entries(fileTargets).map(([job, file]) => `  - job_name: ${job}\n    file_sd_configs:\n      - files: ['${file}']\n        refresh_interval: 5s`),
    );
  return [
    'global:',
    `  scrape_interval: ${scrapeIntervalSeconds}s`,
    `  evaluation_interval: ${scrapeIntervalSeconds}s`,
    ...(ruleFiles.length ? ['rule_files:', ...ruleFiles.map((f) => `  - '${f}'`)] : []),
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningTool> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const configFile = path.join(options.dataDir, 'prometheus.yml');
  fs.writeFileSync(configFile, prometheusConfig(options));
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawnTool(
    options.bin,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(options.dataDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      '--storage.tsdb.retention.time=2d',
      '--web.enable-lifecycle',
    ],
    options.log,
  );
  await waitFor('Prometheus', async () => (await fetch(`${url}/-/ready`)).ok, { timeoutMs: 60_000, intervalMs: 300 });
  return { url, stop: () => stopChild(child, 10_000) };
}

export interface JaegerOptions {
  bin: string;
  dir: string;
  /** OTLP over HTTP: what the processes' OTEL_EXPORTER_OTLP_ENDPOINT names. */
  otlpPort: number;
  /** The UI and its query API (/api/traces). */
  queryPort: number;
  log: Log;
}

/** Jaeger v2 all-in-one, in memory: OTLP/HTTP in, the UI and query API out, every other port on the loopback's free ones. */
export async function startJaeger({ bin, dir, otlpPort, queryPort, log }: JaegerOptions): Promise<RunningTool & { otlpEndpoint: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const [grpcQuery, health, telemetry] = [await freePort(), await freePort(), await freePort()];
  const config = `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: basic
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: ${telemetry}
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${health}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${queryPort}
    grpc:
      endpoint: 127.0.0.1:${grpcQuery}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 50000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlpPort}
processors:
  batch:
    timeout: 500ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
  const configFile = path.join(dir, 'jaeger.yaml');
  fs.writeFileSync(configFile, config);
  const child = spawnTool(bin, ['--config', configFile], log);
  const url = `http://127.0.0.1:${queryPort}`;
  await waitFor('Jaeger', async () => (await fetch(`${url}/api/services`)).ok, { timeoutMs: 60_000, intervalMs: 300 });
  return { url, otlpEndpoint: `http://127.0.0.1:${otlpPort}`, stop: () => stopChild(child, 10_000) };
}
