import { findOrInstallTemporalCli } from './temporal-cli';
import { findOrInstallTemporalServer, findOrInstallTemporalUi } from './temporal-cluster-tools';
import { clusterShapeFromEnv, startTemporalCluster, type RunningTemporalCluster, type TemporalClusterOptions } from './temporal-cluster';
import type { Log } from '@tramites/infra';

/**
 * Provisions what a cluster needs (the server and temporal-sql-tool, the CLI for the namespace
 * setup, the Web UI when asked for and one can be had) and starts it, shaped by the environment
 * (clusterShapeFromEnv). What `npm start -- --cluster`, the tests and the bench share.
 */
export async function provisionTemporalCluster(
  options: Omit<TemporalClusterOptions, 'tools' | 'cliPath' | 'ui'> & { uiPort?: number },
): Promise<RunningTemporalCluster> {
  const log: Log = options.log;
  const tools = await findOrInstallTemporalServer(log);
  if (!tools) throw new Error('the cluster mode needs Go (to build the Temporal server) or TEMPORAL_SERVER_DIR');
  const cli = await findOrInstallTemporalCli(log);
  if (!cli) throw new Error('the cluster mode needs the Temporal CLI (TEMPORAL_CLI, PATH or Go to build it)');
  const uiServer = options.uiPort ? await findOrInstallTemporalUi(log) : undefined;
  return startTemporalCluster({
    ...clusterShapeFromEnv(),
    ...options,
    tools,
    cliPath: cli.path,
    ui: uiServer && options.uiPort ? { server: uiServer, port: options.uiPort } : undefined,
  });
}
