import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The port of a process's operations endpoint (`/metrics`, `/livez`, `/readyz`): METRICS_PORT, 0 for any free
 * one; unset, the process serves none and counts nothing (the bench's floor, ADR 0032).
 */
export function metricsPort(env: Env = process.env): number | undefined {
  const raw = env['METRICS_PORT'];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number between 0 and 65535 (got "${raw}")`);
  return port;
}

/** A registry with the Node process's own figures (CPU, memory, event loop lag, GC). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The request a route answered, as Express leaves it. */
interface RoutedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Express middleware: `http_server_request_duration_seconds` by method, route template (never the path itself:
 * it holds case ids and tokens) and status code. A request no route took is `unmatched`.
 */
export function httpMetricsMiddleware(registry: Registry): (req: RoutedRequest, res: http.ServerResponse, next: () => void) => void {
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const stop = duration.startTimer();
    res.once('finish', () => {
      const template = typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      stop({ method: req.method, route: template, status_code: String(res.statusCode) });
    });
    next();
  };
}

/** What a connection pool reports (pg's Pool: totalCount, idleCount, waitingCount). */
export interface PoolFigures {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** `db_client_connections{state}` and `db_client_connection_pending_requests`, read from the pool at scrape time. */
export function registerPoolMetrics(registry: Registry, pool: () => PoolFigures | undefined): void {
  new Gauge({
    name: 'db_client_connections',
    help: 'PostgreSQL pool connections by state (idle, used)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'idle' }, p.idleCount);
      this.set({ state: 'used' }, p.totalCount - p.idleCount);
    },
  });
  new Gauge({
    name: 'db_client_connection_pending_requests',
    help: 'Queries waiting for a PostgreSQL pool connection',
    registers: [registry],
    collect() {
      this.set(pool()?.waitingCount ?? 0);
    },
  });
}

/** Prometheus' text exposition format. */
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

export interface OpsServerOptions {
  port: number;
  host?: string;
  /** The Prometheus text to serve (a registry's `metrics()`, with whatever the process appends). */
  metrics: () => Promise<string>;
  /** Liveness: the process is not wedged (answers at all). Default: always. */
  live?: () => boolean;
  /** Readiness: the process can do its work now (its dependencies answer, the worker polls). */
  ready: () => Promise<boolean> | boolean;
}

export interface RunningOpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A process's operations endpoint, apart from its public port: `/metrics` (Prometheus' text format),
 * `/livez` and `/readyz` (200 or 503, as Kubernetes' probes and compose's healthchecks expect).
 */
export async function startOpsServer({ port, host = '0.0.0.0', metrics, live = () => true, ready }: OpsServerOptions): Promise<RunningOpsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    const answer = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    if (path === '/metrics') {
      metrics().then(
        (text) => answer(200, text, PROMETHEUS_TEXT),
        (err: Error) => answer(500, `metrics failed: ${err.name}\n`),
      );
    } else if (path === '/livez') {
      answer(live() ? 200 : 503, live() ? 'ok\n' : 'not live\n');
    } else if (path === '/readyz') {
      Promise.resolve()
        .then(ready)
        .then(
          (ok) => answer(ok ? 200 : 503, ok ? 'ready\n' : 'not ready\n'),
          () => answer(503, 'not ready\n'),
        );
    } else {
      answer(404, 'not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    // The scrapers' keep-alive connections go too: left open, they would keep a stopping process alive.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const OPS_SERVER_MSG = 'operations endpoint listening';

/** The line a process writes once its operations endpoint listens (npm start and the tests read the port from it). */
export function opsServerLine(processName: string, port: number): string {
  return JSON.stringify({ level: 'info', msg: OPS_SERVER_MSG, process: processName, metricsPort: port });
}

/**
 * The port a process announced in its output (`opsServerLine`): with METRICS_PORT=0 the process binds any free
 * port, and whoever scrapes it learns which from this line (no port is picked before the process binds it).
 */
export function announcedOpsPort(output: string, processName: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(OPS_SERVER_MSG)) continue;
    try {
      const fields = JSON.parse(line) as { msg?: string; process?: string; metricsPort?: number };
      if (fields.msg === OPS_SERVER_MSG && fields.process === processName && typeof fields.metricsPort === 'number') return fields.metricsPort;
    } catch {
      // another process's line that only mentions the words
    }
  }
  return undefined;
}
