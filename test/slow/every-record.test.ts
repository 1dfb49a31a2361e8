import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataLossError } from '../../src/errors.js';
import { diff, migrate } from '../../src/index.js';
import { projectWithApp } from '../helpers/app-project.js';

/**
 * The invariant: after any command that reports success, every record in the target can be written
 * again. Checked with more records than any sampling would look at, each test re-writing every record.
 */
const records = 25_000;

function project(prefix: string) {
  const { p, app, at, query } = projectWithApp(prefix);
  const schema = (fields: string) =>
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, int, literal, option, record, string } from 'smig';
       export default composeSchema({ models: {
         user: defineSchema({ table: 'user', fields: {} }),
         person: defineSchema({ table: 'person', fields: {} }),
         item: defineSchema({ table: 'item', fields: { ${fields} } }),
       } });`,
    );
  return { p, app, at, schema, query };
}

describe('every record stays writable', () => {
  const { at, schema, query } = project('smig-every-');

  it('checks every record of a type change, refuses, and with allowDataLoss removes exactly the values that cannot be kept', async () => {
    schema("n: option('int | string')");
    await diff({ ...at, message: 'items' });
    await migrate(at);
    await query(
      `FOR $i IN 0..${records} { CREATE type::record('item', $i) SET n = IF $i >= ${records - 1000} THEN 'bad' ELSE $i END }`,
    );
    schema("n: option('int')");
    await diff({ ...at, message: 'n is an int' });
    const refused = await migrate(at).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(DataLossError);
    expect((refused as Error).message).toMatch(/table item, field n: 1000 record\(s\)/);

    const done = await migrate({ ...at, allowDataLoss: true });
    expect(done.migrations).toHaveLength(1);
    expect(done.dataLoss.map((d) => d.message).join('\n')).toMatch(
      /table item, field n: 1000 record\(s\).*removed/,
    );
    const [left] = await query<[number[]]>(
      'SELECT VALUE count() FROM item WHERE n = NONE GROUP ALL; UPDATE item RETURN NONE;',
    );
    expect(left).toEqual([1000]);
  }, 900_000);

  it('backfills a new field with a DEFAULT on every record', async () => {
    schema("n: option('int'), role: string().default('user')");
    const made = await diff({ ...at, message: 'role' });
    expect(made.written?.text).toContain("UPDATE item SET role = 'user' WHERE role = NONE");
    const done = await migrate(at);
    expect(done.dataLoss).toEqual([]);
    const [roles] = await query<[string[]]>(
      'SELECT VALUE role FROM item GROUP BY role; UPDATE item RETURN NONE;',
    );
    expect(roles).toEqual(['user']);
  }, 900_000);
});

describe('allowDataLoss never leaves a record that no longer fits', () => {
  const { p, at, schema, query } = project('smig-loss-');

  it('converts, removes or deletes per table and field, and says how many', async () => {
    schema(
      "size: string().required(), status: literal('a', 'b', 'c'), owner: record('user'), note: string()",
    );
    await diff({ ...at, message: 'items' });
    await migrate(at);
    await query(
      `FOR $i IN 0..${records} { CREATE type::record('item', $i) SET
         size = IF $i % 100 = 7 THEN 'big' ELSE <string> $i END,
         status = IF $i % 10 = 3 THEN 'c' ELSE 'a' END,
         owner = IF $i % 2 = 0 THEN user:one ELSE NONE END,
         note = IF $i % 5 = 0 THEN NONE ELSE 'x' END }`,
    );
    // Narrowed literal and changed record target: the values that no longer fit are removed.
    schema("size: string().required(), status: literal('a', 'b'), owner: record('person'), note: string()");
    await diff({ ...at, message: 'narrower' });
    await expect(migrate(at)).rejects.toThrow(DataLossError);
    const narrowed = (await migrate({ ...at, allowDataLoss: true })).dataLoss
      .map((d) => d.message)
      .join('\n');
    expect(narrowed).toMatch(new RegExp(`table item, field status: ${records / 10} record\\(s\\).*removed`));
    expect(narrowed).toMatch(new RegExp(`table item, field owner: ${records / 2} record\\(s\\).*removed`));

    // A type change converts what the engine can convert; a required value it cannot is deleted with its record.
    schema("size: int().required(), status: literal('a', 'b'), owner: record('person'), note: string()");
    const made = await diff({ ...at, message: 'size is an int' });
    expect(made.written?.text).toMatch(/UPDATE item SET size = IF .* THEN <int> size ELSE size END WHERE /);
    const sized = (await migrate({ ...at, allowDataLoss: true })).dataLoss.map((d) => d.message).join('\n');
    expect(sized).toMatch(new RegExp(`table item, field size: ${records / 100} record\\(s\\).*deleted`));

    // A required value that nothing can supply is refused even so, with the statement to add.
    schema(
      "size: int().required(), status: literal('a', 'b'), owner: record('person'), note: string().required()",
    );
    await diff({ ...at, message: 'note is required' });
    const refused = await migrate({ ...at, allowDataLoss: true }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(DataLossError);
    expect((refused as Error).message).toMatch(
      new RegExp(`table item, field note: ${records / 5} record\\(s\\)`),
    );
    expect(String((refused as DataLossError).hint)).toContain(
      'UPDATE item SET note = <a value> WHERE note = NONE;',
    );
    rmSync(join(p.dir, 'migrations', p.migrations().at(-1)!));

    // With a DEFAULT, the records that lack the value get it.
    schema(
      "size: int().required(), status: literal('a', 'b'), owner: record('person'), note: string().default('-')",
    );
    await diff({ ...at, message: 'note has a default' });
    expect((await migrate(at)).dataLoss).toEqual([]);
    const [count, sizes, statuses, owners, notes] = await query<[number, number, number, number, number]>(
      `RETURN count(SELECT id FROM item);
       RETURN count(SELECT id FROM item WHERE type::is_int(size));
       RETURN count(SELECT id FROM item WHERE status = 'c');
       RETURN count(SELECT id FROM item WHERE owner != NONE);
       RETURN count(SELECT id FROM item WHERE note = '-');
       UPDATE item RETURN NONE;`,
    );
    expect(count).toBe(records - records / 100);
    expect(sizes).toBe(records - records / 100);
    expect(statuses).toBe(0);
    expect(owners).toBe(0);
    expect(notes).toBe(records / 5);
  }, 900_000);
});
