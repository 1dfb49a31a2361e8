import type { EntityKind } from '../model/entity.js';
import type { Snapshot, SnapshotEntity } from '../model/snapshot.js';
import {
  accessCode,
  analyzerCode,
  configCode,
  functionCode,
  type GeneratedEntity,
  paramCode,
  sequenceCode,
  userCode,
} from './database-source.js';
import type { PullNote } from './pull-note.js';
import { tableCode } from './table-source.js';
import { NameAllocator, tsKey } from './ts-text.js';
import { Imports } from './value-source.js';

export interface GeneratedSchema {
  /** The TypeScript source of the schema file. */
  readonly source: string;
  /** What the DSL could only approximate, one item each (empty when the file is exact). */
  readonly notes: readonly PullNote[];
}

export interface GenerateOptions {
  /** A comment line for the top of the file, e.g. where the schema was read from. */
  readonly header?: string;
}

/** The entities of one kind, their STRUCTURE reduced to JSON (the SDK gives durations as objects). */
function ofKind(snapshot: Snapshot, kind: EntityKind): SnapshotEntity[] {
  return [...snapshot.entities.values()]
    .filter((e) => e.ref.kind === kind)
    .map((e) => ({ ...e, structure: JSON.parse(JSON.stringify(e.structure)) as Record<string, unknown> }));
}

function group(name: string, entries: readonly GeneratedEntity[]): string[] {
  if (entries.length === 0) return [];
  return [`  ${name}: {`, ...entries.map((e) => `    ${tsKey(e.key)}: ${e.code},`), '  },'];
}

/**
 * A schema file in the DSL that compiles to the snapshot's schema: one `defineSchema` or
 * `defineRelation` per table, then `composeSchema` with the database-level entities. Pure: the same
 * snapshot gives the same text.
 *
 * @example
 * generateSchema(await introspect(db)).source
 * // import { composeSchema, defineSchema, string } from 'smig';
 * // const user = defineSchema({ table: 'user', fields: { email: string().required() } });
 * // export default composeSchema({ models: { user } });
 */
export function generateSchema(snapshot: Snapshot, options: GenerateOptions = {}): GeneratedSchema {
  const imports = new Imports();
  const notes: PullNote[] = [];
  const tables = ofKind(snapshot, 'table').map((table) => {
    const children = (kind: EntityKind) =>
      ofKind(snapshot, kind).filter((e) => e.ref.table === table.ref.name);
    const generated = tableCode(
      { table, fields: children('field'), indexes: children('index'), events: children('event') },
      imports,
      notes,
    );
    return { name: table.ref.name, ...generated };
  });
  const functions = ofKind(snapshot, 'function').map((e) => functionCode(e, imports));
  const analyzers = ofKind(snapshot, 'analyzer').map((e) => analyzerCode(e, imports));
  const params = ofKind(snapshot, 'param').map((e) => paramCode(e, imports));
  const accesses = ofKind(snapshot, 'access').map((e) => accessCode(e, imports, notes));
  const sequences = ofKind(snapshot, 'sequence').map((e) => sequenceCode(e, imports));
  const users = ofKind(snapshot, 'user').map((e) => userCode(e, imports));
  const configs = ofKind(snapshot, 'config').map((e) => configCode(e, imports));
  imports.use('composeSchema');

  // Variable names are chosen once every import is known, so that a table called `user` or `index`
  // does not shadow the builder of that name.
  const names = new NameAllocator(imports.list());
  const declared = tables.map((t) => ({ ...t, variable: names.allocate(t.name, 'Table') }));
  const reference = (t: (typeof declared)[number]) =>
    t.variable === t.name ? t.variable : `${tsKey(t.name)}: ${t.variable}`;
  const models = declared.filter((t) => !t.relation);
  const relations = declared.filter((t) => t.relation);

  const lines: string[] = [];
  if (options.header) lines.push(`// ${options.header}`);
  lines.push(`import { ${imports.list().join(', ')} } from 'smig';`, '');
  for (const t of declared) lines.push(`const ${t.variable} = ${t.code};`, '');
  const compose = [
    ...(models.length > 0 ? [`  models: { ${models.map(reference).join(', ')} },`] : []),
    ...(relations.length > 0 ? [`  relations: { ${relations.map(reference).join(', ')} },`] : []),
    ...group('functions', functions),
    ...group('analyzers', analyzers),
    ...group('params', params),
    ...group('accesses', accesses),
    ...group('sequences', sequences),
    ...group('users', users),
    ...group('configs', configs),
  ];
  lines.push(
    compose.length === 0
      ? 'export default composeSchema({});'
      : `export default composeSchema({\n${compose.join('\n')}\n});`,
  );
  return { source: `${lines.join('\n')}\n`, notes };
}
