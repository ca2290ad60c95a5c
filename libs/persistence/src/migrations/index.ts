import { InitialSchema1700000000000 } from './1700000000000-initial-schema';

/** Every migration, in order. New ones are appended here. */
export const migrations = [InitialSchema1700000000000];
