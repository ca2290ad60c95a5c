import fs from 'node:fs';
import path from 'node:path';
import { createFileBlobStore, signingKeysFromEnv, type ActivityDependencies } from '@tramites/activities';
import { trustAnchorsFromFile } from '@tramites/signing';
import { DEVELOPMENT_SECRET, StartupError, actorAssertionKeyFromEnv } from '@tramites/infra';
import type { DataSource } from 'typeorm';
import type { WorkerConfig } from './worker.config';

/** Document store, signing keys and secrets of the activities, from the environment (mail is the dispatcher's). */
export function activityDependenciesFromEnv(
  dataSource: DataSource,
  config: Pick<WorkerConfig, 'TRAMITES_SECRET' | 'BLOB_DIR' | 'VERIFY_BASE_URL'> &
    Partial<Pick<WorkerConfig, 'NODE_ENV' | 'PORTAL_BASE_URL' | 'SIGNATURE_TRUST_ANCHORS' | 'WEB_BASE_URL' | 'WAITING_LIST_HOLD_MINUTES'>>,
  env: NodeJS.ProcessEnv = process.env,
): ActivityDependencies & { warnings: string[] } {
  const warnings: string[] = [];
  let signing;
  try {
    signing = signingKeysFromEnv(env);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  if (signing.warning) warnings.push(signing.warning);
  if (!config.TRAMITES_SECRET) warnings.push('TRAMITES_SECRET is not set: using the development secret');
  // The same key as the API's: the workflows check the API's signature on each update's actor (ADR 0014).
  const assertionKey = actorAssertionKeyFromEnv(env);
  if (assertionKey.warning) warnings.push(assertionKey.warning);
  let trustAnchors;
  if (config.SIGNATURE_TRUST_ANCHORS) {
    try {
      trustAnchors = trustAnchorsFromFile(path.resolve(config.SIGNATURE_TRUST_ANCHORS), (f) => fs.readFileSync(f, 'utf8'), config.NODE_ENV === 'production');
    } catch (err) {
      throw new StartupError(`SIGNATURE_TRUST_ANCHORS: ${(err as Error).message}`);
    }
  } else {
    warnings.push('SIGNATURE_TRUST_ANCHORS is not set: electronically signed uploads (004) cannot be verified');
  }
  return {
    dataSource,
    signing,
    blobStore: createFileBlobStore(path.resolve(config.BLOB_DIR)),
    secret: config.TRAMITES_SECRET ?? DEVELOPMENT_SECRET,
    actorAssertionKey: assertionKey.key,
    verifyBaseUrl: config.VERIFY_BASE_URL,
    ...(config.PORTAL_BASE_URL ? { portalBaseUrl: config.PORTAL_BASE_URL } : {}),
    ...(config.WEB_BASE_URL ? { webBaseUrl: config.WEB_BASE_URL } : {}),
    ...(config.WAITING_LIST_HOLD_MINUTES ? { waitingListHoldMinutes: config.WAITING_LIST_HOLD_MINUTES } : {}),
    ...(trustAnchors ? { trustAnchors } : {}),
    warnings,
  };
}
