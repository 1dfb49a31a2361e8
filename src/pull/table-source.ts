import { type ItemSubject, reportItem } from '../model/report-item.js';
import type { SnapshotEntity } from '../model/snapshot.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';
import {
  type FieldContext,
  type FieldStructure,
  fieldCode,
  isAutomatic,
  type PermissionValue,
  permissionsCode,
} from './field-source.js';
import type { PullNote } from './pull-note.js';
import { chain, tsKey, tsString, unquoteIdiom, unquoteName } from './ts-text.js';
import { expressionCode, type Imports } from './value-source.js';

interface TableStructure {
  readonly name: string;
  readonly kind: {
    readonly kind: 'NORMAL' | 'ANY' | 'RELATION';
    readonly in?: readonly string[];
    readonly out?: readonly string[];
    readonly enforced?: boolean;
  };
  readonly drop: boolean;
  readonly schemafull: boolean;
  readonly permissions?: Readonly<Record<string, PermissionValue>>;
  readonly changefeed?: { readonly expiry: string; readonly original: boolean };
  readonly comment?: string;
  readonly view?: string;
}

interface IndexStructure {
  readonly name: string;
  readonly cols: readonly string[];
  readonly index: string;
  readonly comment?: string;
}

interface EventStructure {
  readonly name: string;
  readonly when: string;
  readonly then: readonly string[];
  readonly async?: boolean;
  readonly retry?: number;
  readonly maxdepth?: number;
  readonly comment?: string;
}

/** One table and what belongs to it, as read from a snapshot. */
export interface TableEntities {
  readonly table: SnapshotEntity;
  readonly fields: readonly SnapshotEntity[];
  readonly indexes: readonly SnapshotEntity[];
  readonly events: readonly SnapshotEntity[];
}

export interface GeneratedTable {
  readonly relation: boolean;
  /** `defineSchema({ … })` / `defineRelation({ … })`. */
  readonly code: string;
}

const hnswDefaults = { dist: 'EUCLIDEAN', type: 'F32', efc: 150, m: 12 };

function hnswCall(spec: string, where: string, subject: ItemSubject, notes: PullNote[]): string | undefined {
  const tokens = spec.split(/\s+/).slice(1);
  const options: string[] = [];
  const flags: string[] = [];
  let m = hnswDefaults.m;
  const values = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (['EXTEND_CANDIDATES', 'KEEP_PRUNED_CONNECTIONS', 'HASHED_VECTOR'].includes(token)) {
      flags.push(token);
    } else if (token === 'DIST' && tokens[i + 1] === 'MINKOWSKI') {
      values.set('DIST', `MINKOWSKI ${tokens[i + 2] ?? ''}`);
      i += 2;
    } else {
      values.set(token, tokens[i + 1] ?? '');
      i++;
    }
  }
  const dimension = Number(values.get('DIMENSION'));
  if (!Number.isInteger(dimension)) {
    notes.push(
      reportItem('unknown-index', subject, `${where}: the HNSW definition '${spec}' was not understood.`),
    );
    return undefined;
  }
  options.push(`dimension: ${dimension}`);
  const dist = values.get('DIST');
  if (dist !== undefined && dist !== hnswDefaults.dist) options.push(`dist: ${tsString(dist.toLowerCase())}`);
  const type = values.get('TYPE');
  if (type !== undefined && type !== hnswDefaults.type) options.push(`type: ${tsString(type.toLowerCase())}`);
  const efc = Number(values.get('EFC') ?? hnswDefaults.efc);
  if (efc !== hnswDefaults.efc) options.push(`efc: ${efc}`);
  m = Number(values.get('M') ?? m);
  if (m !== hnswDefaults.m) options.push(`m: ${m}`);
  // M0 defaults to 2 × M and LM to 1 / ln(M); only other values are written.
  const m0 = Number(values.get('M0') ?? 2 * m);
  if (m0 !== 2 * m) options.push(`m0: ${m0}`);
  const lm = Number((values.get('LM') ?? '').replace(/f$/, ''));
  if (values.has('LM') && Math.abs(lm - 1 / Math.log(m)) > 1e-12) options.push(`lm: ${lm}`);
  if (flags.includes('EXTEND_CANDIDATES')) options.push('extendCandidates: true');
  if (flags.includes('KEEP_PRUNED_CONNECTIONS')) options.push('keepPrunedConnections: true');
  if (flags.includes('HASHED_VECTOR')) options.push('hashedVector: true');
  return `hnsw({ ${options.join(', ')} })`;
}

function indexCode(table: string, index: IndexStructure, imports: Imports, notes: PullNote[]): string {
  const where = `index ${index.name} on table ${table}`;
  const subject = { table, field: null, entity: `index ${index.name}` };
  const columns = index.cols.map(unquoteIdiom);
  const spec = index.index.trim();
  const calls: string[] = [];
  let base = `${imports.use('index')}([${columns.map(tsString).join(', ')}])`;
  const count = /^COUNT(?:\s+WHERE\s+(.*))?$/s.exec(spec);
  const fulltext = /^FULLTEXT ANALYZER (\S+) BM25\(([\d.]+),([\d.]+)\)( HIGHLIGHTS)?$/.exec(spec);
  if (spec === '') {
    // a plain index
  } else if (spec === 'UNIQUE') {
    calls.push('unique()');
  } else if (count) {
    base = `${imports.use('index')}()`;
    calls.push(count[1] === undefined ? 'count()' : `count(${expressionCode(count[1])})`);
  } else if (fulltext) {
    const analyzer = unquoteName(fulltext[1] ?? 'like');
    calls.push(analyzer === 'like' ? 'fulltext()' : `fulltext(${tsString(analyzer)})`);
    const [k1, b] = [Number(fulltext[2]), Number(fulltext[3])];
    calls.push(k1 === 1.2 && b === 0.75 ? 'bm25()' : `bm25(${k1}, ${b})`);
    if (fulltext[4]) calls.push('highlights()');
  } else if (spec.startsWith('HNSW ')) {
    const call = hnswCall(spec, where, subject, notes);
    if (call) calls.push(call);
  } else {
    notes.push(
      reportItem(
        'unknown-index',
        subject,
        `${where}: the index kind '${spec}' is not known to smig and is written as a plain index.`,
      ),
    );
  }
  if (index.comment !== undefined) calls.push(`comment(${tsString(index.comment)})`);
  return chain(base, calls, '    ');
}

const eventNames = ['CREATE', 'UPDATE', 'DELETE'] as const;
const onMethod = { CREATE: 'onCreate()', UPDATE: 'onUpdate()', DELETE: 'onDelete()' } as const;

/** `$event = 'UPDATE'` → `onUpdate()`; `$event INSIDE ['CREATE', 'UPDATE']` → `onCreate().onUpdate()`. */
function eventCondition(when: string): { on: string[]; rest?: string } {
  const single = /^\$event = '(CREATE|UPDATE|DELETE)'(?: AND (.*))?$/s.exec(when);
  if (single) {
    const name = single[1] as (typeof eventNames)[number];
    return { on: [onMethod[name]], ...(single[2] === undefined ? {} : { rest: single[2] }) };
  }
  const several = /^\$event INSIDE \[([^\]]*)\](?: AND (.*))?$/s.exec(when);
  if (several) {
    const names = (several[1] ?? '').split(',').map((n) => n.trim().replace(/^'|'$/g, ''));
    // The DSL writes them in a fixed order; any other list is kept as a condition.
    const canonical = eventNames.filter((e) => names.includes(e));
    if (names.length > 1 && names.join() === canonical.join()) {
      return {
        on: canonical.map((e) => onMethod[e]),
        ...(several[2] === undefined ? {} : { rest: several[2] }),
      };
    }
  }
  return when === 'true' ? { on: [] } : { on: [], rest: when };
}

function eventCode(event: EventStructure, imports: Imports): string {
  const calls: string[] = [];
  if (event.async) {
    const options = [
      event.retry === undefined ? undefined : `retry: ${event.retry}`,
      event.maxdepth === undefined ? undefined : `maxDepth: ${event.maxdepth}`,
    ].filter((o) => o !== undefined);
    calls.push(`async(${options.length === 0 ? '' : `{ ${options.join(', ')} }`})`);
  }
  const { on, rest } = eventCondition(event.when);
  calls.push(...on);
  if (rest !== undefined) calls.push(`when(${expressionCode(rest)})`);
  const then = event.then.map(expressionCode);
  calls.push(`then(${then.length === 1 ? then[0] : `[${then.join(', ')}]`})`);
  if (event.comment !== undefined) calls.push(`comment(${tsString(event.comment)})`);
  return chain(`${imports.use('event')}()`, calls, '    ');
}

function block(name: string, entries: readonly (readonly [string, string])[]): string[] {
  if (entries.length === 0) return [];
  return [`  ${name}: {`, ...entries.map(([key, code]) => `    ${tsKey(key)}: ${code},`), '  },'];
}

/** `defineSchema({ table: 'user', fields: { … }, … })`, or `defineRelation({ name: 'wrote', … })`. */
export function tableCode(entities: TableEntities, imports: Imports, notes: PullNote[]): GeneratedTable {
  const t = entities.table.structure as unknown as TableStructure;
  const relation = t.kind.kind === 'RELATION';
  const isView = t.view !== undefined;
  const lines: string[] = [];
  if (relation) {
    lines.push(`  name: ${tsString(t.name)},`);
    const from = (t.kind.in ?? []).map(unquoteName);
    const to = (t.kind.out ?? []).map(unquoteName);
    const list = (names: string[]) =>
      names.length === 1 ? tsString(names[0] ?? '') : `[${names.map(tsString).join(', ')}]`;
    if (from.length > 0) lines.push(`  from: ${list(from)},`);
    if (to.length > 0) lines.push(`  to: ${list(to)},`);
    if (t.kind.enforced) lines.push('  enforced: true,');
  } else {
    lines.push(`  table: ${tsString(t.name)},`);
    // Views default to TYPE ANY SCHEMALESS, other tables to TYPE NORMAL SCHEMAFULL.
    if (isView && t.kind.kind === 'NORMAL') lines.push("  type: 'normal',");
    if (!isView && t.kind.kind === 'ANY') lines.push("  type: 'any',");
  }
  const defaultSchemafull = !isView;
  if (t.schemafull !== defaultSchemafull)
    lines.push(t.schemafull ? '  schemafull: true,' : '  schemaless: true,');
  if (t.drop) lines.push('  drop: true,');
  if (t.comment !== undefined) lines.push(`  comment: ${tsString(t.comment)},`);
  if (isView) lines.push(`  view: ${tsString((t.view ?? '').replace(/^AS\s+/i, ''))},`);
  if (t.changefeed) {
    const { expiry, original } = t.changefeed;
    lines.push(
      original
        ? `  changefeed: { expiry: ${tsString(expiry)}, includeOriginal: true },`
        : `  changefeed: ${tsString(expiry)},`,
    );
  }
  const permissions = permissionsCode(t.permissions, ['select', 'create', 'update', 'delete'], false);
  if (permissions !== undefined) lines.push(`  permissions: ${permissions},`);

  const structures = entities.fields.map((f) => f.structure as unknown as FieldStructure);
  const context: FieldContext = {
    siblings: new Map(structures.map((s) => [printIdiom(readIdiom(s.name)), s])),
    ...(relation ? { relation: { from: t.kind.in ?? [], to: t.kind.out ?? [] } } : {}),
  };
  const fields = structures
    .filter((f) => !isAutomatic(f, context))
    .map((f) => {
      const generated = fieldCode(t.name, f, imports, notes, '    ');
      return [generated.key, generated.code] as const;
    });
  lines.push(...block('fields', fields));
  const indexes = entities.indexes.map((i) => {
    const s = i.structure as unknown as IndexStructure;
    return [s.name, indexCode(t.name, s, imports, notes)] as const;
  });
  lines.push(...block('indexes', indexes));
  const events = entities.events.map((e) => {
    const s = e.structure as unknown as EventStructure;
    return [s.name, eventCode(s, imports)] as const;
  });
  lines.push(...block('events', events));
  const fn = imports.use(relation ? 'defineRelation' : 'defineSchema');
  return { relation, code: `${fn}({\n${lines.join('\n')}\n})` };
}
