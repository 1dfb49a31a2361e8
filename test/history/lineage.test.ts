import { describe, expect, it } from 'vitest';
import { findLineage } from '../../src/history/lineage.js';
import { formatMigration, parseMigration } from '../../src/history/migration-file.js';

const header = (id: string, parent?: string | null) => ({
  id,
  ...(parent === undefined ? {} : { parent: parent === null ? null : { id: parent } }),
});

describe('migration parents in the file header', () => {
  it('are written and read back: the parent, the history checksum and where a rebase came from', () => {
    const text = formatMigration({
      id: '20240116000000_add_bio',
      message: 'Add bio',
      created: new Date('2024-01-16T00:00:00.000Z'),
      parent: { id: '20240115000000_init', history: '0123456789abcdef' },
      rebasedFrom: '20240115120000_add_bio',
      forward: ['DEFINE FIELD bio ON TABLE user TYPE string'],
      rollback: ['REMOVE FIELD bio ON TABLE user'],
    });
    expect(text).toContain(
      '-- parent: 20240115000000_init\n-- history: 0123456789abcdef\n-- rebased-from: 20240115120000_add_bio\n',
    );
    const parsed = parseMigration(text, '20240116000000_add_bio.surql');
    expect(parsed.parent).toEqual({ id: '20240115000000_init', history: '0123456789abcdef' });
    expect(parsed.rebasedFrom).toBe('20240115120000_add_bio');
  });

  it('the first migration says it has none; a file of an earlier version has no parent line at all', () => {
    const first = formatMigration({
      id: '20240115000000_init',
      message: 'init',
      created: new Date('2024-01-15T00:00:00.000Z'),
      parent: null,
      forward: ['DEFINE TABLE user'],
      rollback: ['REMOVE TABLE user'],
    });
    expect(first).toContain('-- parent: none\n');
    expect(parseMigration(first, '20240115000000_init.surql').parent).toBeNull();
    const legacy = first.replace('-- parent: none\n', '');
    expect(parseMigration(legacy, '20240115000000_init.surql').parent).toBeUndefined();
  });
});

describe('findLineage', () => {
  it('a linear history has no forks and keeps its order', () => {
    const lineage = findLineage([
      header('20240101000000_a', null),
      header('20240102000000_b', '20240101000000_a'),
      header('20240103000000_c', '20240102000000_b'),
    ]);
    expect(lineage.forks).toEqual([]);
    expect(lineage.order).toEqual(['20240101000000_a', '20240102000000_b', '20240103000000_c']);
  });

  it('migrations without a parent are a linear history in id order, also before parented ones', () => {
    const lineage = findLineage([
      header('20240101000000_a'),
      header('20240102000000_b'),
      header('20240103000000_c', '20240102000000_b'),
    ]);
    expect(lineage.forks).toEqual([]);
    expect(lineage.parentOf.get('20240102000000_b')).toBe('20240101000000_a');
    expect(lineage.parentOf.get('20240101000000_a')).toBeNull();
  });

  it('two migrations with the same parent are a fork, each with its branch', () => {
    const lineage = findLineage([
      header('20240101000000_a', null),
      header('20240102000000_b', '20240101000000_a'),
      header('20240103000000_c', '20240101000000_a'),
      header('20240104000000_d', '20240103000000_c'),
    ]);
    expect(lineage.forks).toEqual([
      {
        parent: '20240101000000_a',
        branches: [['20240102000000_b'], ['20240103000000_c', '20240104000000_d']],
      },
    ]);
  });

  it('a parent that is not in the folder is named', () => {
    const lineage = findLineage([
      header('20240101000000_a', null),
      header('20240103000000_c', '20240102000000_gone'),
    ]);
    expect(lineage.missingParents).toEqual([{ id: '20240103000000_c', parent: '20240102000000_gone' }]);
  });
});
