import { declaredType } from '../compile/types.js';
import type { FieldModel, Schema, TableModel } from '../model/schema.js';
import { printIdiom, rawIdiom, readIdiom, userIdiom } from '../surql/idiom.js';
import { parseType } from '../surql/parse-type.js';
import { printType } from '../surql/print-type.js';
import type { SurrealType } from '../surql/type.js';
import { holdsRecord, unionMembers, withoutNone } from '../surql/type-ops.js';

export type MermaidDetail = 'minimal' | 'full';

export interface MermaidOptions {
  /** `full`: every field with its SurrealQL type; `minimal`: only key and link fields. */
  readonly detail: MermaidDetail;
}

/**
 * The schema as a Mermaid `erDiagram`: one entity per table, then the relationships found in `record<…>`
 * fields. A relation table whose IN and OUT tables are named is drawn as lines between them labelled
 * with its name (and as a box too when it has fields of its own to show); views and relation boxes are
 * labelled and styled as what they are. Types keep their `<…>` (as Mermaid entity codes). Tables and
 * fields keep the schema's order, so the same schema always gives the same text.
 *
 * @example
 * toMermaid(schema, { detail: 'full' })
 * // erDiagram
 * //   user {
 * //     record_user id PK "record#lt;user#gt;"
 * //     string email UK "string"
 * //   }
 * //   post {
 * //     record_post id PK "record#lt;post#gt;"
 * //     record_user author FK "record#lt;user#gt;"
 * //   }
 * //   wrote["wrote (relation)"]:::relation {
 * //     …
 * //   }
 * //   post }o--|| user : author
 * //   user }o--o{ post : wrote
 * //   classDef relation fill:#fff8e6,stroke:#bf8700
 */
export function toMermaid(schema: Schema, options: MermaidOptions): string {
  const lines = ['erDiagram'];
  const boxed = schema.tables.filter((t) => hasBox(t, options.detail));
  for (const table of boxed) lines.push(...renderEntity(table, options.detail));
  const seen = new Set<string>();
  for (const table of schema.tables) {
    for (const line of relationships(table, hasBox(table, options.detail))) {
      if (seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  // Classes are attached in the entity lines (`name:::view`): a `class` statement cannot take quoted names.
  if (boxed.some((t) => boxKind(t) === 'view')) lines.push(`  classDef view ${viewStyle}`);
  if (boxed.some((t) => boxKind(t) === 'relation')) lines.push(`  classDef relation ${relationStyle}`);
  return `${lines.join('\n')}\n`;
}

const viewStyle = 'fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:4 4';
const relationStyle = 'fill:#fff8e6,stroke:#bf8700';

function boxKind(table: TableModel): 'view' | 'relation' | undefined {
  return table.view !== undefined ? 'view' : table.type === 'relation' ? 'relation' : undefined;
}

/** Both ends named: such a relation is drawn as edges between them, labelled with its name. */
function drawnAsEdges(table: TableModel): boolean {
  const { from = [], to = [] } = table.relation ?? {};
  return table.type === 'relation' && from.length > 0 && to.length > 0;
}

/**
 * Whether a table gets a box. A relation drawn as edges gets one only when it has fields of its own to
 * show (full detail).
 */
function hasBox(table: TableModel, detail: MermaidDetail): boolean {
  if (!drawnAsEdges(table)) return true;
  const own = table.fields.filter((f) => !['id', 'in', 'out'].includes(f.name));
  return detail === 'full' && own.length > 0;
}

interface Attribute {
  readonly type: string;
  readonly name: string;
  readonly keys: readonly ('PK' | 'FK' | 'UK')[];
  /** The real SurrealQL type (and the real name when it had to be changed). */
  readonly comment: string;
}

function renderEntity(table: TableModel, detail: MermaidDetail): string[] {
  const rows = attributes(table)
    .filter((a) => detail === 'full' || a.keys.length > 0)
    .map((a) => {
      const keys = a.keys.length > 0 ? ` ${a.keys.join(', ')}` : '';
      const comment = detail === 'full' ? ` "${commentText(a.comment)}"` : '';
      return `    ${a.type} ${attributeName(a.name)}${keys}${comment}`;
    });
  const kind = boxKind(table);
  // An alias shows what the box is; the name stays the entity's key in relationship lines.
  const alias = kind === undefined ? '' : `["${table.name.replace(/["%\\]/g, '_')} (${kind})"]:::${kind}`;
  return [`  ${entityName(table.name)}${alias} {`, ...rows, '  }'];
}

function attributes(table: TableModel): Attribute[] {
  const unique = uniqueColumns(table);
  const attribute = (name: string, type: string, pk: boolean): Attribute => {
    const keys: Attribute['keys'][number][] = [];
    if (pk) keys.push('PK');
    if (!pk && isLink(type)) keys.push('FK');
    if (unique.has(normaliseIdiom(name))) keys.push('UK');
    const renamed = attributeName(name) !== name;
    return { type: typeWord(type), name, keys, comment: renamed ? `${name}: ${type}` : type };
  };
  const declared = new Map(table.fields.map((f) => [f.name, f]));
  const id = declared.get('id');
  const rows = [attribute('id', id ? declaredType(id) : recordType([table.name]), true)];
  if (table.type === 'relation') {
    for (const [name, tables] of [
      ['in', table.relation?.from ?? []],
      ['out', table.relation?.to ?? []],
    ] as const) {
      const field = declared.get(name);
      rows.push(attribute(name, field ? declaredType(field) : recordType(tables), false));
    }
  }
  for (const field of table.fields) {
    if (field.name === 'id' || (table.type === 'relation' && (field.name === 'in' || field.name === 'out'))) {
      continue;
    }
    rows.push(attribute(field.name, declaredType(field), false));
  }
  return rows;
}

/** Fields that a UNIQUE index covers (alone or with others). */
function uniqueColumns(table: TableModel): Set<string> {
  const columns = new Set<string>();
  for (const index of table.indexes) {
    if (index.kind.type === 'unique') for (const c of index.columns) columns.add(normaliseIdiom(c));
  }
  return columns;
}

/** Fields indexed UNIQUE on their own: at most one row points at a given record through them. */
function soleUniqueColumns(table: TableModel): Set<string> {
  const columns = new Set<string>();
  for (const index of table.indexes) {
    const [only] = index.columns;
    if (index.kind.type === 'unique' && index.columns.length === 1 && only) columns.add(normaliseIdiom(only));
  }
  return columns;
}

function recordType(tables: readonly string[]): string {
  return printType({ kind: 'record', names: tables });
}

/** Whether a type holds a record link, to a named table or to any (`record`, `option<record>`). */
function isLink(type: string): boolean {
  return holdsRecord(parseType(type));
}

/**
 * Relationship lines for one table. Crow's-foot ends read from the table outwards: `post }o--|| user`
 * says a post has exactly one author and a user any number of posts. A link that may be absent, or that
 * may point at one of several tables (`record<a | b>`), is zero-or-one towards each of them.
 */
function relationships(table: TableModel, boxed: boolean): string[] {
  const lines: string[] = [];
  const self = entityName(table.name);
  if (drawnAsEdges(table)) {
    // A relation links any number of records on each side.
    const { from = [], to = [] } = table.relation ?? {};
    for (const f of from)
      for (const t of to) lines.push(`  ${entityName(f)} }o--o{ ${entityName(t)} : ${label(table.name)}`);
    if (!boxed) return lines;
  } else if (table.type === 'relation') {
    const { from = [], to = [] } = table.relation ?? {};
    const fromEnd = from.length === 1 ? '||' : '|o';
    const toEnd = to.length === 1 ? '||' : 'o|';
    for (const t of from) lines.push(`  ${entityName(t)} ${fromEnd}--o{ ${self} : in`);
    for (const t of to) lines.push(`  ${self} }o--${toEnd} ${entityName(t)} : out`);
  }
  const sole = soleUniqueColumns(table);
  for (const field of table.fields) {
    if (table.type === 'relation' && (field.name === 'in' || field.name === 'out')) continue;
    const link = fieldLink(field);
    if (!link) continue;
    const near = sole.has(normaliseIdiom(field.name)) && !link.many ? '|o' : '}o';
    const far = link.many ? 'o{' : link.exactlyOne ? '||' : 'o|';
    for (const t of link.targets)
      lines.push(`  ${self} ${near}--${far} ${entityName(t)} : ${label(link.name)}`);
  }
  return lines;
}

interface FieldLink {
  /** The label: the field, or the array field for an element field (`tags.*` → `tags`). */
  readonly name: string;
  readonly targets: readonly string[];
  readonly many: boolean;
  /** Always present and always the one table. */
  readonly exactlyOne: boolean;
}

function fieldLink(field: FieldModel): FieldLink | undefined {
  const type = parseType(declaredType(field));
  const refs = recordTargets(type);
  const targets = [...new Set(refs.flatMap((r) => r.tables))];
  if (targets.length === 0) return undefined;
  const parts = normaliseIdiom(field.name).split('.');
  const element = parts.at(-1) === '*';
  const name = element ? parts.slice(0, parts.lastIndexOf('*')).join('.') || field.name : field.name;
  const many = element || refs.some((r) => r.many);
  const members = unionMembers(type);
  const exactlyOne =
    members.length === 1 && targets.length === 1 && refs.length === 1 && !refs.some((r) => r.optional);
  return { name, targets, many, exactlyOne };
}

interface RecordRef {
  readonly tables: readonly string[];
  /** Inside `array<…>` or `set<…>`. */
  readonly many: boolean;
  /** Inside `option<…>`. */
  readonly optional: boolean;
}

/**
 * Every `record<…>` in a type, with what encloses it: `option<array<record<tag>>>` gives
 * `{ tables: ['tag'], many: true, optional: true }`. A bare `record` names no table and links nothing.
 */
function recordTargets(type: SurrealType, many = false, optional = false): RecordRef[] {
  switch (type.kind) {
    case 'record':
      return type.names.length === 0 ? [] : [{ tables: type.names, many, optional }];
    case 'option':
      return recordTargets(type.inner, many, true);
    case 'array':
    case 'set':
      return type.element ? recordTargets(type.element, true, optional) : [];
    case 'union':
      return type.members.flatMap((m) => recordTargets(m, many, optional));
    default:
      return [];
  }
}

/** `tags[*]` and `tags.*` are one idiom; quoting does not change which field is meant. */
function normaliseIdiom(idiom: string): string {
  return rawIdiom(readIdiom(printIdiom(userIdiom(idiom))));
}

// --- Mermaid lexical rules (erDiagram grammar of mermaid 11) ---

/**
 * Words the erDiagram lexer reads as keywords or cardinalities (`one`, `to`, `end`, …) wherever a name
 * may stand; such names are quoted.
 */
const keywords = new Set([
  'erdiagram',
  'style',
  'classdef',
  'class',
  'subgraph',
  'end',
  'direction',
  'acctitle',
  'accdescr',
  'one',
  'only',
  'many',
  'zero',
  'to',
  'optionally',
  'u',
  'o',
]);

const bare = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An entity: bare when it is a plain identifier, otherwise in quotes (which cannot hold `"`, `%` or `\`). */
function entityName(name: string): string {
  if (bare.test(name) && !keywords.has(name.toLowerCase())) return name;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end a quoted name
  return `"${name.replace(/["%\\\u0000-\u001f\u007f]/g, '_') || '_'}"`;
}

/**
 * An attribute comment: Mermaid drops anything that looks like an HTML tag (`record<user>` would show as
 * `record`), so `<`, `>` and `#` are written as its entity codes; `"` cannot appear at all.
 */
function commentText(text: string): string {
  return text.replace(/#/g, '#35;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/"/g, "'");
}

/** A relationship label: bare when plain, otherwise quoted. */
function label(name: string): string {
  if (bare.test(name) && !keywords.has(name.toLowerCase())) return name;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a label is one line
  return `"${name.replace(/["\u0000-\u001f\u007f]/g, "'")}"`;
}

/**
 * An attribute name: the lexer's word (letters, digits, `-_[]().,*`, starting with a letter, `_` or `*`);
 * `PK`, `FK` and `UK` alone would be read as keys.
 */
function attributeName(name: string): string {
  let word = name.replace(/[^A-Za-z0-9\-_[\]().,*\u00C0-\uFFFF]/g, '_');
  if (!/^[*A-Za-z_\u00C0-\uFFFF]/.test(word)) word = `_${word}`;
  if (/^(pk|fk|uk)$/i.test(word)) word = `${word}_`;
  return word;
}

/** An attribute type: `option<record<user>>` → `record_user`, `array<string, 10>` → `array_string_10`. */
function typeWord(type: string): string {
  const t = printType(withoutNone(parseType(type)));
  const word = t.replace(/[^A-Za-z0-9_\u00C0-\uFFFF]+/g, '_').replace(/^_+|_+$/g, '');
  return word === '' ? 'any' : attributeName(word);
}
