import path from 'node:path';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { IndexStore } from './store.js';

export interface OpenStoreOptions {
  /** Directory a relative file path is resolved against. */
  cwd: string;
  /** Create the index when there is none (otherwise that is an error). */
  create: boolean;
}

/** `postgres://` and `postgresql://` URLs open a shared PostgreSQL index; anything else is a file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function openStore(location: string, options: OpenStoreOptions): Promise<IndexStore> {
  if (isPostgresUrl(location)) return openPostgresStore(location, options.create);
  return openSqliteStore(path.resolve(options.cwd, location), location, options.create);
}
