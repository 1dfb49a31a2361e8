import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { computeDiff } from '../../src/app/diff.js';
import { ProjectCache } from '../../src/app/project-cache.js';
import { schemaState } from '../../src/app/shadow-state.js';
import { compileSchema } from '../../src/compile/index.js';
import type { Shadow } from '../../src/engine/connection.js';
import {
  type AnyField,
  analyzer,
  any,
  array,
  bool,
  type ComposedSchema,
  composeSchema,
  datetime,
  decimal,
  defineRelation,
  defineSchema,
  duration,
  type EventBuilder,
  event,
  float,
  fn,
  geometry,
  type IndexBuilder,
  index,
  int,
  literal,
  number,
  type ObjectField,
  object,
  option,
  param,
  type RecordField,
  record,
  set,
  string,
  surql,
  type TableSchema,
  uuid,
} from '../../src/schema/index.js';
import { checkStep } from '../helpers/schema-steps.js';

/**
 * A small universe of valid schemas, as plain data (so that fast-check prints and shrinks it, and a
 * counter-example can be pasted into regressions.test.ts as it is), and the DSL calls that build it.
 */

// No CHANGEFEED here (coverage.test.ts has it): SurrealDB 3.0.2 prints a `dbg!` line to stderr for every
// write to a table with a changefeed, and over hundreds of pairs that flood kills vitest's forked worker.
export const tableNames = ['alpha', 'beta', 'gamma', 'delta'] as const;
export const fieldNames = ['name', 'age', 'tags', 'meta', 'score', 'owner', 'meta.note'] as const;

/** Field types: a builder, a default that fits it and an assertion that fits it. */
const types = {
  string: { build: () => string(), dflt: 'x', assert: 'string::len($value) < 100' },
  int: { build: () => int(), dflt: 0, assert: '$value >= 0' },
  float: { build: () => float(), dflt: 1.5, assert: '$value > -1' },
  decimal: { build: () => decimal(), dflt: surql`1.5dec`, assert: '$value != 0dec' },
  number: { build: () => number(), dflt: 2, assert: '$value < 1000' },
  bool: { build: () => bool(), dflt: false, assert: '$value != NULL' },
  datetime: { build: () => datetime(), dflt: 'time::now()', assert: '$value > d"2000-01-01"' },
  duration: { build: () => duration(), dflt: surql`1h`, assert: '$value >= 0s' },
  uuid: { build: () => uuid(), dflt: 'rand::uuid::v7()', assert: '$value != NULL' },
  object: { build: () => object(), dflt: {}, assert: '$value != NULL' },
  any: { build: () => any(), dflt: 1, assert: '$value != NULL' },
  'array<string>': { build: () => array('string'), dflt: [], assert: 'array::len($value) < 10' },
  'array<int, 5>': { build: () => array('int', 5), dflt: [1, 2, 3, 4, 5], assert: '$value != NULL' },
  'set<string>': { build: () => set('string'), dflt: surql`<set>[]`, assert: '$value != NULL' },
  'option<string>': { build: () => option('string'), dflt: undefined, assert: '$value != ""' },
  'record<alpha>': { build: () => record('alpha'), dflt: undefined, assert: '$value != NULL' },
  'record<alpha|beta>': { build: () => record(['alpha', 'beta']), dflt: undefined, assert: '$value != NULL' },
  literal: { build: () => literal('draft', 'done'), dflt: 'draft', assert: '$value != NULL' },
  'geometry<point>': { build: () => geometry('point'), dflt: undefined, assert: '$value != NULL' },
  'option<object>': { build: () => option(object()), dflt: undefined, assert: '$value != NULL' },
  'array<record<beta>>': { build: () => array(record('beta')), dflt: [], assert: '$value != NULL' },
  'array<array<int>>': { build: () => array(array('int')), dflt: undefined, assert: '$value != NULL' },
} satisfies Record<string, { build: () => AnyField; dflt: unknown; assert: string }>;

export type TypeKey = keyof typeof types;
const typeKeys = Object.keys(types) as TypeKey[];

export interface FieldSpec {
  readonly name: (typeof fieldNames)[number];
  readonly type: TypeKey;
  readonly required: boolean;
  readonly default: boolean;
  readonly assert: boolean;
  readonly readonly: boolean;
  readonly comment?: string;
  /** FLEXIBLE (object types in SCHEMAFULL tables only), a VALUE, field PERMISSIONS. */
  readonly extra?: 'flexible' | 'value' | 'permissions' | 'reference';
  /** A former name (a rename when the history has it and not this one). */
  readonly was?: (typeof fieldNames)[number];
}

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly kind: 'plain' | 'unique' | 'fulltext';
}

export interface TableSpec {
  readonly name: (typeof tableNames)[number];
  readonly schemaless: boolean;
  readonly type?: 'any';
  readonly was?: (typeof tableNames)[number];
  readonly drop?: boolean;
  readonly comment?: string;
  readonly permissions?: 'FULL' | 'NONE' | 'owner';
  readonly fields: readonly FieldSpec[];
  readonly indexes: readonly IndexSpec[];
  readonly event?: { readonly when: boolean; readonly body: number };
}

export interface SchemaSpec {
  readonly tables: readonly TableSpec[];
  readonly relation?: {
    /** `delta` replaces a table of that name, so that a table can turn into a relation and back. */
    readonly name: 'link' | 'delta';
    readonly from: string;
    readonly to: string;
    readonly enforced: boolean;
    /** A customised `in` field (an ASSERT the engine's automatic one lacks). */
    readonly customIn?: boolean;
  };
  readonly fn?: { readonly body: number; readonly returns: boolean };
  readonly param?: number;
  readonly view?: { readonly source: string };
}

const rareOf = (freq: number) => ({ nil: undefined, freq }) as const;

const comment = fc.option(fc.constantFrom('first', 'second', "it's"), { nil: undefined });

const fieldSpec: fc.Arbitrary<FieldSpec> = fc.record(
  {
    name: fc.constantFrom(...fieldNames),
    type: fc.constantFrom(...typeKeys),
    required: fc.boolean(),
    default: fc.boolean(),
    assert: fc.boolean(),
    readonly: fc.boolean(),
    comment,
    extra: fc.option(
      fc.constantFrom('flexible' as const, 'value' as const, 'permissions' as const),
      rareOf(3),
    ),
  },
  { requiredKeys: ['name', 'type', 'required', 'default', 'assert', 'readonly'] },
);

const indexSpec: fc.Arbitrary<IndexSpec> = fc.record({
  name: fc.constantFrom('i1', 'i2'),
  columns: fc.uniqueArray(fc.constantFrom(...fieldNames.filter((f) => !f.includes('.'))), {
    minLength: 1,
    maxLength: 2,
  }),
  kind: fc.constantFrom('plain' as const, 'unique' as const, 'fulltext' as const),
});

const tableSpec: fc.Arbitrary<TableSpec> = fc.record(
  {
    name: fc.constantFrom(...tableNames),
    schemaless: fc.boolean(),
    type: fc.option(fc.constant('any' as const), rareOf(4)),
    was: fc.option(fc.constantFrom(...tableNames), rareOf(6)),
    drop: fc.option(fc.constant(true), rareOf(8)),
    comment,
    permissions: fc.option(fc.constantFrom('FULL' as const, 'NONE' as const, 'owner' as const), {
      nil: undefined,
    }),
    fields: fc.uniqueArray(fieldSpec, { selector: (f) => f.name, maxLength: 4 }),
    indexes: fc.uniqueArray(indexSpec, { selector: (i) => i.name, maxLength: 2 }),
    event: fc.option(fc.record({ when: fc.boolean(), body: fc.nat(2) }), { nil: undefined, freq: 4 }),
  },
  { requiredKeys: ['name', 'schemaless', 'fields', 'indexes'] },
);

const rare = { nil: undefined, freq: 3 } as const;

export const schemaSpec: fc.Arbitrary<SchemaSpec> = fc.record(
  {
    tables: fc.uniqueArray(tableSpec, { selector: (t) => t.name, minLength: 1, maxLength: 4 }),
    relation: fc.option(
      fc.record(
        {
          name: fc.constantFrom('link' as const, 'delta' as const),
          from: fc.constantFrom(...tableNames),
          to: fc.constantFrom(...tableNames),
          enforced: fc.boolean(),
          customIn: fc.boolean(),
        },
        { requiredKeys: ['name', 'from', 'to', 'enforced'] },
      ),
      rare,
    ),
    fn: fc.option(fc.record({ body: fc.nat(2), returns: fc.boolean() }), rare),
    param: fc.option(fc.nat(2), rare),
    view: fc.option(fc.record({ source: fc.constantFrom(...tableNames) }), { nil: undefined, freq: 5 }),
  },
  { requiredKeys: ['tables'] },
);

function buildField(spec: FieldSpec, schemafull: boolean): AnyField {
  const type = types[spec.type];
  let f: AnyField = type.build();
  if (spec.required) f = f.required();
  if (spec.default && type.dflt !== undefined) f = f.default(type.dflt);
  if (spec.assert) f = f.assert(type.assert);
  if (spec.readonly) f = f.readonly();
  if (spec.comment !== undefined) f = f.comment(spec.comment);
  if (spec.extra === 'flexible' && schemafull && spec.type.includes('object'))
    f = (f as ObjectField).flexible();
  if (spec.extra === 'value') f = f.value('$value');
  if (spec.extra === 'permissions') f = f.permissions({ select: 'FULL', update: 'WHERE $auth.id != NONE' });
  if (spec.extra === 'reference' && spec.type.includes('record')) f = (f as RecordField<unknown>).reference();
  if (spec.was !== undefined && spec.was !== spec.name) f = f.was(spec.was);
  return f;
}

const eventBodies = [
  'CREATE audit SET at = time::now()',
  ['CREATE audit SET n = 1', 'CREATE audit SET n = 2'],
  // A block; it writes into audit: `seen` on the table itself is no field of a SCHEMAFULL table.
  '{ CREATE audit SET seen = true; CREATE audit SET seen = false; }',
];

function buildTable(spec: TableSpec): TableSchema {
  const fields: Record<string, AnyField> = {};
  for (const f of spec.fields) {
    // `meta.note` needs `meta` to be an object (or absent): under a string the engine rejects it.
    if (f.name === 'meta.note' && spec.fields.some((p) => p.name === 'meta' && p.type !== 'object')) continue;
    fields[f.name] = buildField(f, !spec.schemaless);
  }
  const indexes: Record<string, IndexBuilder> = {};
  for (const i of spec.indexes) {
    const columns = i.columns.filter((c) => c in fields);
    if (columns.length === 0) continue;
    if (i.kind === 'fulltext') indexes[i.name] = index(columns.slice(0, 1)).fulltext('words').bm25();
    else indexes[i.name] = i.kind === 'unique' ? index(columns).unique() : index(columns);
  }
  const events: Record<string, EventBuilder> = {};
  if (spec.event) {
    const e = event().then(eventBodies[spec.event.body]!);
    events.touch = spec.event.when ? e.when('$event = "CREATE"') : e;
  }
  return defineSchema({
    table: spec.name,
    schemaless: spec.schemaless,
    ...(spec.type !== undefined ? { type: spec.type } : {}),
    ...(spec.was !== undefined && spec.was !== spec.name ? { was: spec.was } : {}),
    ...(spec.drop ? { drop: true } : {}),
    fields,
    indexes,
    events,
    ...(spec.comment !== undefined ? { comment: spec.comment } : {}),
    ...(spec.permissions === 'owner'
      ? { permissions: { select: 'FULL', update: 'WHERE $auth.id = id', delete: 'FULL' } }
      : spec.permissions !== undefined
        ? { permissions: spec.permissions }
        : {}),
  });
}

const fnBodies = ['RETURN $a * 2;', 'RETURN $a + 1;', 'LET $b = $a; RETURN $b;'];
const paramValues = ["'blog'", 42, { a: 1 }];

/** The composed schema a spec stands for. */
export function buildSchema(spec: SchemaSpec): ComposedSchema {
  const tables = spec.tables.filter((t) => t.name !== spec.relation?.name);
  const present = new Set<string>(tables.map((t) => t.name));
  const models: Record<string, TableSchema> = {};
  for (const t of tables) models[t.name] = buildTable(t);
  if (spec.view && present.has(spec.view.source)) {
    models.summary = defineSchema({
      table: 'summary',
      view: `SELECT count() AS n FROM ${spec.view.source} GROUP ALL`,
    });
  }
  const relations: Record<string, TableSchema> = {};
  if (spec.relation) {
    const { name, from, to, enforced, customIn } = spec.relation;
    const fields: Record<string, AnyField> = customIn
      ? { since: datetime(), in: record(from).required().comment('source') }
      : { since: datetime() };
    relations[name] = defineRelation({ name, from, to, enforced, fields });
  }
  const fulltext = tables.some((t) => t.indexes.some((i) => i.kind === 'fulltext'));
  return composeSchema({
    models,
    relations,
    analyzers: fulltext ? { words: analyzer('words').tokenizers(['blank']).filters(['lowercase']) } : {},
    functions: spec.fn
      ? {
          f: (() => {
            const f = fn('fn::double').param('a', 'int').body(fnBodies[spec.fn.body]!);
            return spec.fn.returns ? f.returns('int') : f;
          })(),
        }
      : {},
    params: spec.param !== undefined ? { p: param('p').value(paramValues[spec.param]!) } : {},
  });
}

/** The property for one pair; regressions.test.ts runs the shrunk counter-examples through it too. */
export async function roundTrip(shadow: Shadow, a: SchemaSpec, b: SchemaSpec): Promise<void> {
  // ∅ → A: computeDiff proves that the forward gives A (and the rollback gives ∅) or throws.
  const first = await computeDiff({
    shadow,
    schema: buildSchema(a).model,
    schemaPath: 'a.ts',
    migrations: [],
  });
  const history = [{ id: 'a', forward: first.forward.map((s) => s.sql).join(';\n') }];
  // A → B: applied after A gives B, diff after B is empty, rollback gives A.
  await checkStep(shadow, history, buildSchema(b), 'A → B');
  // A with its first table made as B's first: an edit to one table of A.
  const { was: _was, ...changed } = b.tables[0]!;
  const edit = { ...a, tables: a.tables.map((t, i) => (i === 0 ? { ...changed, name: t.name } : t)) };
  await checkEditedState(shadow, a, edit);
}

/**
 * B's state made after A's was kept (an edit from A to B, which applies and reads only the tables it
 * reached) is exactly the state B's statements give on their own.
 */
async function checkEditedState(shadow: Shadow, a: SchemaSpec, b: SchemaSpec): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'smig-edited-state-'));
  try {
    const cache = new ProjectCache(folder, 'property');
    const statements = compileSchema(buildSchema(b).model);
    await schemaState(shadow, compileSchema(buildSchema(a).model), 'a.ts', cache);
    const edited = (await schemaState(shadow, statements, 'b.ts', cache)).snapshot;
    const whole = (await schemaState(shadow, statements, 'b.ts', undefined)).snapshot;
    if (!isDeepStrictEqual(edited, whole)) {
      const differ = [...new Set([...edited.entities.keys(), ...whole.entities.keys()])].filter(
        (id) => !isDeepStrictEqual(edited.entities.get(id), whole.entities.get(id)),
      );
      throw new Error(`B's state made after A's differs from B's own in: ${differ.join(', ')}`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
