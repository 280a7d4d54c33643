import { describe, expect, it } from 'vitest';
import { insertSql, upsertSql } from './sqlite-batch-writer.js';

describe('generated SQL', () => {
  it('binds every column by name', () => {
    expect(insertSql('t', ['a', 'b'])).toBe('insert into "t" ("a", "b") values (@a, @b)');
  });

  it('updates every column but the key on conflict', () => {
    expect(upsertSql('t', ['id', 'a', 'b'], 'id')).toBe(
      'insert into "t" ("id", "a", "b") values (@id, @a, @b) on conflict ("id") do update set "a" = excluded."a", "b" = excluded."b"',
    );
  });
});
