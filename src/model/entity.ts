/**
 * Every named thing a SurrealDB database schema is made of. Compiled statements, snapshot entries and
 * changes all point at an entity through an `EntityRef`.
 */
export type EntityKind =
  | 'analyzer'
  | 'function'
  | 'param'
  | 'sequence'
  | 'access'
  | 'user'
  | 'config'
  | 'table'
  | 'field'
  | 'index'
  | 'event';

export const entityKinds: readonly EntityKind[] = [
  'analyzer',
  'function',
  'param',
  'sequence',
  'access',
  'user',
  'config',
  'table',
  'field',
  'index',
  'event',
];

/** The kinds that live inside a table. */
export type TableChildKind = 'field' | 'index' | 'event';

export interface EntityRef {
  readonly kind: EntityKind;
  /**
   * For fields, indexes and events: the table's name. For tables and database-level kinds: absent.
   */
  readonly table?: string;
  /**
   * The name as the engine reports it: table names raw (`weird-name`), field names as printed idioms
   * (`` `weird-f` ``, `a.b`, `tags.*`), functions without `fn::`, params without `$`, configs as
   * `GRAPHQL` / `API`.
   */
  readonly name: string;
}

/** A stable string key for maps: `field:user:email`, `table::user`. */
export function entityId(ref: EntityRef): string {
  return `${ref.kind}:${ref.table ?? ''}:${ref.name}`;
}

/** How a reviewer reads an entity: `field user.email`, `function fn::greet`, `param $app`. */
export function describeEntity(ref: EntityRef): string {
  const inTable = ref.kind === 'field' || ref.kind === 'index' || ref.kind === 'event';
  return inTable ? `${entityLabel(ref)} on table ${ref.table}` : entityLabel(ref);
}

/**
 * An entity's kind and name, without its table: `index user_email`, `field email`, `function fn::greet`,
 * `param $app`. Reports give the table on its own.
 */
export function entityLabel(ref: EntityRef): string {
  switch (ref.kind) {
    case 'function':
      return `function fn::${ref.name}`;
    case 'param':
      return `param $${ref.name}`;
    default:
      return `${ref.kind} ${ref.name}`;
  }
}
