import fs from 'node:fs';
import path from 'node:path';
import { Runtime } from '@temporalio/worker';
import type { SharedInfra } from '../shared-infra';

export default async function globalTeardown(): Promise<void> {
  const shared = (globalThis as { __TRAMITES_INFRA__?: SharedInfra }).__TRAMITES_INFRA__;
  if (!shared) return;
  await shared.temporal.teardown();
  await shared.cluster?.stop();
  // The SDK's native runtime would otherwise keep this process alive after the last test.
  await Runtime.instance().shutdown();
  if (shared.postgres) {
    await shared.postgres.stop();
    fs.rmSync(path.dirname(shared.postgres.clusterDir), { recursive: true, force: true });
  }
}
