import type { EntityKind } from '../model/entity.js';
import type { Schema } from '../model/schema.js';
import type { Snapshot } from '../model/snapshot.js';
import { isRelation } from '../plan/order.js';

/**
 * How many entities of each kind a schema has: one key per kind smig manages, in the plural, always all
 * of them (zero when there are none). `tables` counts the tables that are not relations, `relations`
 * the relation tables, so that the two add up to every table.
 */
export interface Counts {
  readonly tables: number;
  readonly relations: number;
  readonly fields: number;
  readonly indexes: number;
  readonly events: number;
  readonly functions: number;
  readonly analyzers: number;
  readonly params: number;
  readonly accesses: number;
  readonly sequences: number;
  readonly users: number;
  readonly configs: number;
}

/** The key of each entity kind other than tables (which split into tables and relations). */
const keyOf: Readonly<Record<Exclude<EntityKind, 'table'>, keyof Counts>> = {
  field: 'fields',
  index: 'indexes',
  event: 'events',
  function: 'functions',
  analyzer: 'analyzers',
  param: 'params',
  access: 'accesses',
  sequence: 'sequences',
  user: 'users',
  config: 'configs',
};

function zero(): Record<keyof Counts, number> {
  return {
    tables: 0,
    relations: 0,
    fields: 0,
    indexes: 0,
    events: 0,
    functions: 0,
    analyzers: 0,
    params: 0,
    accesses: 0,
    sequences: 0,
    users: 0,
    configs: 0,
  };
}

/** The counts of a schema file's model. */
export function schemaCounts(schema: Schema): Counts {
  const { tables } = schema;
  return {
    ...zero(),
    tables: tables.filter((t) => t.type !== 'relation').length,
    relations: tables.filter((t) => t.type === 'relation').length,
    fields: tables.reduce((n, t) => n + t.fields.length, 0),
    indexes: tables.reduce((n, t) => n + t.indexes.length, 0),
    events: tables.reduce((n, t) => n + t.events.length, 0),
    functions: schema.functions.length,
    analyzers: schema.analyzers.length,
    params: schema.params.length,
    accesses: schema.accesses.length,
    sequences: schema.sequences.length,
    users: schema.users.length,
    configs: schema.configs.length,
  };
}

/** The counts of a database's schema as the engine reports it. */
export function snapshotCounts(snapshot: Snapshot): Counts {
  const counts = zero();
  for (const entity of snapshot.entities.values()) {
    const { kind } = entity.ref;
    const key = kind === 'table' ? (isRelation(entity) ? 'relations' : 'tables') : keyOf[kind];
    counts[key]++;
  }
  return counts;
}
