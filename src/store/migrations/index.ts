import { initialMigration } from './001-initial.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';
export { runMigrations } from './run-migrations.js';

/** Every migration, in version order. Append only; never edit or reorder a released one. */
export const MIGRATIONS: readonly Migration[] = [initialMigration];
