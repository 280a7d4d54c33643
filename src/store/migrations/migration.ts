import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities.js';

/**
 * One schema change. Versions are consecutive integers from 1; a migration, once released, is never edited (add a new
 * one instead). `up` runs inside the migration transaction and gets the dialect's capabilities for the few column
 * definitions that differ.
 *
 * The database handle is typed `Kysely<unknown>` on purpose: a migration describes the schema as it was when the
 * migration was written, not the current `Database` interface, so it only uses `db.schema` and raw `sql`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void>;
}
