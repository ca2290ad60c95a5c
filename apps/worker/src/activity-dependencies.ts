import path from 'node:path';
import {
  createFileBlobStore,
  createSmtpTransport,
  signingKeysFromEnv,
  smtpConfigFromEnv,
  type ActivityDependencies,
} from '@tramites/activities';
import { StartupError } from '@tramites/infra';
import type { DataSource } from 'typeorm';
import { DEVELOPMENT_SECRET, type WorkerConfig } from './worker.config';

/** Mail, document store, signing keys and secrets of the activities, from the environment. */
export function activityDependenciesFromEnv(
  dataSource: DataSource,
  config: Pick<WorkerConfig, 'TRAMITES_SECRET' | 'BLOB_DIR' | 'VERIFY_BASE_URL'>,
  env: NodeJS.ProcessEnv = process.env,
): ActivityDependencies & { warnings: string[] } {
  const warnings: string[] = [];
  let mail;
  let signing;
  try {
    mail = createSmtpTransport(smtpConfigFromEnv(env));
    signing = signingKeysFromEnv(env);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  if (signing.warning) warnings.push(signing.warning);
  if (!config.TRAMITES_SECRET) warnings.push('TRAMITES_SECRET is not set: using the development secret');
  return {
    dataSource,
    mail,
    signing,
    blobStore: createFileBlobStore(path.resolve(config.BLOB_DIR)),
    secret: config.TRAMITES_SECRET ?? DEVELOPMENT_SECRET,
    verifyBaseUrl: config.VERIFY_BASE_URL,
    warnings,
  };
}
