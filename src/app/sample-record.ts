import type { FieldModel, TableModel } from '../model/schema.js';
import { quoteIdent } from '../surql/ident.js';
import { parseType } from '../surql/parse-type.js';
import { quoteString } from '../surql/string.js';
import type { GeometryKind, ScalarName, SurrealType } from '../surql/type.js';
import { admitsNone, unionMembers, withoutNone } from '../surql/type-ops.js';

/**
 * Sample records: SurrealQL object literals holding a value of its type in every field, so that a
 * write proves what the schema lets through. Pure: the same table and choices give the same text.
 */

/** The key of the records smig writes and links to while it proves a schema. */
export const sampleKey = 'smig_sample';

/** The key written into an object that declares no fields, to see whether it can hold any. */
export const probeKey = 'sample';

/** Which way a sample goes where there are several: fields left out, and the candidate each path takes. */
export interface SampleChoices {
  readonly omit: ReadonlySet<string>;
  readonly pick: ReadonlyMap<string, number>;
  /** Defaulted fields given a value after all (a default `{}` that its own nested fields refuse). */
  readonly fill: ReadonlySet<string>;
}

export const firstChoices: SampleChoices = { omit: new Set(), pick: new Map(), fill: new Set() };

export interface Sample {
  /** The record's content, e.g. `{ 'name': 'sample', 'tags': ['sample'] }`. */
  readonly content: string;
  /** How many candidates each path had, to know whether another one is left to try. */
  readonly candidates: ReadonlyMap<string, number>;
  /** Paths of objects that declare no fields and were given the key `sample`. */
  readonly probedObjects: ReadonlySet<string>;
}

/** A field's idiom as a path: `tags[*]` → `tags.*`; the engine's `items[0].price` → `items.*.price`. */
export function fieldPath(idiom: string): string {
  return idiom
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[(\*|\d+)\]/g, '.*')
    .replace(/^\./, '');
}

const scalarCandidates: Readonly<Partial<Record<ScalarName, readonly string[]>>> = {
  any: ["'sample'", '1'],
  null: ['NULL'],
  none: ['NONE'],
  bool: ['true', 'false'],
  string: [
    "'sample'",
    "'sample@example.com'",
    "'https://example.com/sample'",
    "'A longer sample text'",
    "'x'",
  ],
  int: ['1', '0', '100', '-1', '1000000'],
  float: ['1.5f', '0f', '100f', '-1.5f'],
  decimal: ['1.5dec', '0dec', '100dec', '-1dec'],
  number: ['1', '0', '100', '1.5', '-1'],
  datetime: ['time::now()', "d'2000-01-01T00:00:00Z'", "d'2100-01-01T00:00:00Z'"],
  duration: ['1h', '1d', '0ns', '30d'],
  uuid: ['rand::uuid::v7()'],
  bytes: ["<bytes>'sample'"],
  regex: ["<regex>'sample'"],
  range: ['1..10'],
};

const geometries: Readonly<Record<GeometryKind, string>> = {
  point: '(0, 0)',
  line: "{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }",
  polygon: "{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }",
  multipoint: "{ type: 'MultiPoint', coordinates: [[0, 0]] }",
  multiline: "{ type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]]] }",
  multipolygon: "{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }",
  collection: "{ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }] }",
  feature: "{ type: 'Point', coordinates: [0, 0] }",
};

/** A field is left out of a record when its value is optional. */
export function isOptional(field: FieldModel): boolean {
  const bare = !field.required && field.default === undefined && field.value === undefined;
  return bare || admitsNone(parseType(field.type));
}

class SampleWriter {
  readonly candidates = new Map<string, number>();
  readonly probedObjects = new Set<string>();
  private readonly fields: ReadonlyMap<string, FieldModel>;
  /** Vectors indexed by HNSW must have the index's dimension. */
  private readonly dimensions: ReadonlyMap<string, number>;

  constructor(
    private readonly table: TableModel,
    private readonly choices: SampleChoices,
  ) {
    this.fields = new Map(table.fields.map((f) => [fieldPath(f.name), f]));
    this.dimensions = new Map(
      table.indexes.flatMap((i) =>
        i.kind.type === 'hnsw'
          ? i.columns.map((c) => [fieldPath(c), (i.kind as { dimension: number }).dimension])
          : [],
      ),
    );
  }

  /** The object of the fields directly under `path` ('' for the record), or undefined if one cannot be written. */
  objectOf(path: string): string | undefined {
    const prefix = path === '' ? '' : `${path}.`;
    const keys = new Set<string>();
    for (const childPath of this.fields.keys()) {
      if (!childPath.startsWith(prefix)) continue;
      const key = childPath.slice(prefix.length).split('.')[0] as string;
      if (key !== '*') keys.add(key);
    }
    const entries: string[] = [];
    for (const key of keys) {
      const childPath = `${prefix}${key}`;
      const field = this.fields.get(childPath);
      if (this.choices.omit.has(childPath)) continue;
      // Fields declared only under it (`meta.note` without `meta`): the object that holds them.
      const value = field ? this.fieldValue(path, key, field) : this.objectOf(childPath);
      if (value === null) continue;
      if (value === undefined) return undefined;
      entries.push(`${quoteString(key)}: ${value}`);
    }
    return `{ ${entries.join(', ')} }`;
  }

  /** The value of a declared field; null to leave it out, undefined when it has none and needs one. */
  private fieldValue(parent: string, key: string, field: FieldModel): string | null | undefined {
    if (parent === '' && this.engineMade(key, field)) return null;
    // A default is what is being proved: leave the field out so that the engine fills it.
    const path = fieldPath(field.name);
    if (field.default !== undefined && field.value === undefined && !this.choices.fill.has(path)) return null;
    const value = this.valueAt(path, parseType(field.type));
    if (value === undefined && isOptional(field)) return null;
    return value;
  }

  private engineMade(key: string, field: FieldModel): boolean {
    if (this.table.type === 'relation' && (key === 'in' || key === 'out')) return true;
    return key === 'id' && unionMembers(withoutNone(parseType(field.type))).some((m) => m.kind === 'record');
  }

  private valueAt(path: string, type: SurrealType): string | undefined {
    const options = unionMembers(withoutNone(type)).flatMap((m) => this.candidatesOf(path, m));
    if (options.length === 0) return undefined;
    this.candidates.set(path, options.length);
    const pick = this.choices.pick.get(path) ?? 0;
    return options[Math.min(pick, options.length - 1)]?.();
  }

  private candidatesOf(path: string, type: SurrealType): (() => string | undefined)[] {
    switch (type.kind) {
      case 'scalar':
        if (type.name === 'object') return this.objectCandidates(path);
        return (scalarCandidates[type.name] ?? []).map((text) => () => text);
      case 'option':
        return this.candidatesOf(path, type.inner);
      case 'array':
      case 'set': {
        const declared = this.fields.get(`${path}.*`);
        const elementType = declared ? parseType(declared.type) : (type.element ?? parseType('any'));
        const wrap = (items: string) => (type.kind === 'set' ? `<set>${items}` : items);
        // A set of n distinct values is more than one sample can promise.
        if (type.kind === 'set' && type.size !== undefined && type.size > 1) return [];
        const length = type.size ?? this.dimensions.get(path) ?? 1;
        const filled = () => {
          const one = this.valueAt(`${path}.*`, elementType);
          if (one === undefined) return undefined;
          return wrap(`[${Array.from({ length }, () => one).join(', ')}]`);
        };
        return type.size === undefined || type.size === 0 ? [filled, () => wrap('[]')] : [filled];
      }
      case 'record': {
        const names = type.names.length === 0 ? [sampleKey] : type.names;
        return names.map((name) => () => `${quoteIdent(name)}:${sampleKey}`);
      }
      case 'table':
        return [() => quoteString(type.names[0] ?? sampleKey)];
      case 'geometry': {
        const kinds = type.kinds.length === 0 ? (['point'] as const) : type.kinds;
        return kinds.map((k) => () => geometries[k]);
      }
      case 'literal':
        return [() => type.text];
      case 'union':
        return type.members.flatMap((m) => this.candidatesOf(path, m));
      case 'file':
      case 'opaque':
        return [];
    }
  }

  /**
   * Declared fields make the object. The elements of an array that declare none get one key, to see
   * whether they may hold any (`array('object')` in a SCHEMAFULL table refuses every key).
   */
  private objectCandidates(path: string): (() => string | undefined)[] {
    const prefix = `${path}.`;
    const declares = [...this.fields.keys()].some((p) => p.startsWith(prefix) && !p.startsWith(`${prefix}*`));
    if (declares || !path.endsWith('.*')) return [() => this.objectOf(path)];
    return [
      () => {
        this.probedObjects.add(path);
        return `{ ${probeKey}: 'sample' }`;
      },
      () => '{}',
    ];
  }
}

/** A record for `table`, or undefined when a field it needs has no value smig can write (`file<…>`, an object type literal). */
export function sampleRecord(table: TableModel, choices: SampleChoices = firstChoices): Sample | undefined {
  const writer = new SampleWriter(table, choices);
  const content = writer.objectOf('');
  if (content === undefined) return undefined;
  return { content, candidates: writer.candidates, probedObjects: writer.probedObjects };
}
