import type { Kysely } from 'kysely';
import type { Clock } from '../../lib/clock.js';
import type { DialectCapabilities } from '../dialect-capabilities.js';
import type { Database } from '../schema.js';
import { MigrationMismatchError, SchemaTooNewError, StoreError } from '../store-errors.js';
import type { Migration } from './migration.js';

/**
 * Brings the schema up to the newest migration in `migrations`, in ONE transaction: either every pending migration is
 * applied and recorded in `schema_migrations`, or none is. Safe to call on every start (nothing pending: nothing
 * changes) and from two processes at once (the migration lock serialises them; the second finds nothing to do).
 *
 * Refuses, with {@link SchemaTooNewError}, a database that a newer build has migrated past what this build knows.
 * Returns the versions it applied.
 */
export async function runMigrations(
  db: Kysely<Database>,
  capabilities: DialectCapabilities,
  migrations: readonly Migration[],
  clock: Pick<Clock, 'now'>,
): Promise<number[]> {
  checkMigrationList(migrations);
  const latest = migrations.at(-1)?.version ?? 0;

  // Outside the transaction: the lock statement needs the table to exist. `if not exists` makes it idempotent.
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();

  return db.transaction().execute(async (trx) => {
    await capabilities.lockForMigration(trx);
    const recorded = await trx.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    const databaseVersion = recorded.reduce((max, row) => Math.max(max, Number(row.version)), 0);
    if (databaseVersion > latest) throw new SchemaTooNewError(databaseVersion, latest);

    const byVersion = new Map(migrations.map((m) => [m.version, m]));
    for (const row of recorded) {
      const expected = byVersion.get(Number(row.version));
      if (expected && expected.name !== row.name) {
        throw new MigrationMismatchError(Number(row.version), row.name, expected.name);
      }
    }

    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= databaseVersion) continue;
      // The migration sees the schema as it was written for, not the current Database type (see Migration).
      await migration.up(trx as unknown as Kysely<unknown>, capabilities);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: clock.now() })
        .execute();
      applied.push(migration.version);
    }
    return applied;
  });
}

/** Versions must be 1, 2, 3, ... in order: a gap or a duplicate is a programming error caught at the first start. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(
        `migration list is broken: position ${index + 1} holds version ${migration.version} ('${migration.name}')`,
      );
    }
  });
}
