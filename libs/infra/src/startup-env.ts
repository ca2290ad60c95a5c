import type { z } from 'zod';
import { parseDatabaseUrl } from '@tramites/persistence';
import { StartupError } from './preflight';

/**
 * What the processes' configurations share (api, worker, mailer): the environment parsed by `schema`, the
 * first bad value stopping start-up with one line that names the variable.
 */
export function parseStartupEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`${issue?.path.join('.') || 'configuration'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** A DATABASE_URL that is no PostgreSQL URL stops start-up with the parser's one line. */
export function checkDatabaseUrl(url: string): void {
  try {
    parseDatabaseUrl(url);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
}

/** Server secret used when TRAMITES_SECRET is unset outside production (worker and mail dispatcher). */
export const DEVELOPMENT_SECRET = 'development-only-secret-not-for-production';
