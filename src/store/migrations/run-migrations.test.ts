import { describe, expect, it } from 'vitest';
import { StoreError } from '../store-errors.js';
import { MIGRATIONS } from './index.js';
import type { Migration } from './migration.js';
import { checkMigrationList } from './run-migrations.js';

const noop = (version: number, name = `m${version}`): Migration => ({ version, name, up: () => Promise.resolve() });

describe('migration list', () => {
  it('the shipped list is consecutive from 1', () => {
    expect(() => checkMigrationList(MIGRATIONS)).not.toThrow();
    expect(MIGRATIONS[0]).toMatchObject({ version: 1, name: 'initial' });
  });

  it('rejects gaps, duplicates and disorder', () => {
    expect(() => checkMigrationList([noop(1), noop(3)])).toThrow(StoreError);
    expect(() => checkMigrationList([noop(1), noop(1)])).toThrow(StoreError);
    expect(() => checkMigrationList([noop(2), noop(1)])).toThrow(StoreError);
    expect(() => checkMigrationList([])).not.toThrow();
  });
});
