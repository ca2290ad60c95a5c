import { Connection } from '@temporalio/client';
import { pingDatabase } from '@tramites/persistence';
import { isPortInUse } from './process-utils';

/** A start-up problem the operator can fix; printed as one line, without a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export async function assertTemporalReachable(address: string, namespace: string, timeoutMs = 5_000): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs }).catch(() => {
    throw new StartupError(`cannot reach the Temporal server at ${address}: start it or fix TEMPORAL_ADDRESS`);
  });
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
  } catch {
    throw new StartupError(`Temporal at ${address} has no namespace "${namespace}": create it or fix TEMPORAL_NAMESPACE`);
  } finally {
    await connection.close();
  }
}

export async function assertDatabaseReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const where = safeDatabaseLabel(url);
  try {
    await pingDatabase(url, timeoutMs);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StartupError(`cannot reach PostgreSQL at ${where} (${reason}): start it or fix DATABASE_URL`);
  }
}

export async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  if (await isPortInUse(port, probeHost)) {
    throw new StartupError(`port ${port} is already in use: stop what uses it or set ${variable}`);
  }
}

/** host:port/database of a DATABASE_URL, never its password. */
export function safeDatabaseLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(malformed DATABASE_URL)';
  }
}

/** Runs a process's main function; a StartupError becomes one line on stderr and exit code 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const message = err instanceof StartupError ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  });
}
