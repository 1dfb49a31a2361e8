import { isAutomaticField, isElementPath } from '../model/implicit-field.js';
import { reportItem } from '../model/report-item.js';
import { printIdiom, readIdiom } from '../surql/idiom.js';
import { parseType } from '../surql/parse-type.js';
import { type SurrealType, scalar } from '../surql/type.js';
import { unionMembers, unionOf, walkType } from '../surql/type-ops.js';
import type { PullNote, PullNoteKind } from './pull-note.js';
import { chain, tsString, unquoteIdiom } from './ts-text.js';
import { exactType, optionOf, type TypeCode, typeBuilder } from './type-source.js';
import { expressionCode, type Imports, valueCode } from './value-source.js';

/** A permission as INFO … STRUCTURE prints it: `true` (FULL), `false` (NONE) or the WHERE expression. */
export type PermissionValue = boolean | string;

export interface FieldStructure {
  readonly name: string;
  readonly kind?: string;
  readonly flexible?: boolean;
  readonly default?: string;
  readonly default_always?: boolean;
  readonly value?: string;
  readonly assert?: string;
  readonly readonly?: boolean;
  readonly permissions?: Readonly<Record<string, PermissionValue>>;
  readonly reference?: { readonly on_delete?: string };
  readonly comment?: string;
}

export interface GeneratedField {
  /** The key in `fields` (the idiom without the engine's backticks). */
  readonly key: string;
  readonly code: string;
}

/** `true` → `'FULL'`, `false` → `'NONE'`, an expression → `'WHERE …'`. */
export function ruleCode(rule: PermissionValue): string {
  if (rule === true) return "'FULL'";
  if (rule === false) return "'NONE'";
  return tsString(`WHERE ${rule}`);
}

/**
 * The DSL's permissions argument for these rules, leaving out actions at the engine's default; undefined
 * when every action is at its default.
 */
export function permissionsCode(
  rules: Readonly<Record<string, PermissionValue>> | undefined,
  actions: readonly string[],
  fallback: PermissionValue,
): string | undefined {
  if (rules === undefined) return undefined;
  const values = actions.map((a) => rules[a] ?? fallback);
  if (values.every((v) => v === values[0])) {
    return values[0] === fallback ? undefined : ruleCode(values[0] ?? fallback);
  }
  const entries = actions
    .filter((a) => (rules[a] ?? fallback) !== fallback)
    .map((a) => `${a}: ${ruleCode(rules[a] ?? fallback)}`);
  return `{ ${entries.join(', ')} }`;
}

const isNone = (type: SurrealType): boolean => type.kind === 'scalar' && type.name === 'none';

/** A duration field reads `'7d'` defaults as durations. */
function holdsDuration(type: SurrealType): boolean {
  return [...walkType(type)].some((t) => t.kind === 'scalar' && t.name === 'duration');
}

export interface FieldContext {
  /** The table's fields by printed name, to recognise the `x.*` the engine adds for `array<T>`. */
  readonly siblings: ReadonlyMap<string, FieldStructure>;
  /** For relation tables: the IN and OUT tables (empty = any record). */
  readonly relation?: { readonly from: readonly string[]; readonly to: readonly string[] };
}

/**
 * True for a field the engine defined by itself and that nobody changed: `in`/`out` of a relation and
 * `x.*` of an `array<T>` field. The DSL gets them for free, so they are left out of the file.
 */
export function isAutomatic(field: FieldStructure, context: FieldContext): boolean {
  const table = context.relation
    ? { kind: { kind: 'RELATION', in: context.relation.from, out: context.relation.to } }
    : undefined;
  const path = readIdiom(field.name);
  const parent = isElementPath(path) ? context.siblings.get(printIdiom(path.slice(0, -1))) : undefined;
  type Structure = Readonly<Record<string, unknown>>;
  return isAutomaticField(field as unknown as Structure, path, {
    table,
    parent: parent as unknown as Structure | undefined,
  });
}

function referenceCall(onDelete: string | undefined): string {
  const action = (onDelete ?? 'IGNORE').trim();
  if (action === 'IGNORE') return 'reference()';
  if (/^(CASCADE|REJECT|UNSET)$/.test(action)) return `reference({ onDelete: '${action.toLowerCase()}' })`;
  return `reference({ onDelete: ${tsString(action.replace(/^THEN\s+/, ''))} })`;
}

/**
 * The builder expression that compiles to this field exactly, where the DSL can say it. `notes` gets a
 * line for each part that the DSL can only approximate.
 */
export function fieldCode(
  table: string,
  field: FieldStructure,
  imports: Imports,
  notes: PullNote[],
  indent: string,
): GeneratedField {
  const key = unquoteIdiom(field.name);
  const where = `field ${key} on table ${table}`;
  const note = (kind: PullNoteKind, message: string) =>
    notes.push(reportItem(kind, { table, field: key, entity: `field ${key}` }, message));
  const kind = field.kind;
  const parsed = kind === undefined ? undefined : parseType(kind);
  const members = parsed === undefined ? [] : unionMembers(parsed);
  const hasNone = members.some(isNone);
  const present = field.default !== undefined || field.value !== undefined;
  // `tags.*`, `ab[0]`: an array element, which the compiler never wraps in option<…>.
  const element = /(\.\*|\])$/.test(key);
  const calls: string[] = [];

  let assert = field.assert;
  let required = false;
  if (!hasNone && assert !== undefined && !element) {
    if (assert === '$value != NONE') {
      required = true;
      assert = undefined;
    } else if (assert.startsWith('$value != NONE AND ')) {
      required = true;
      assert = assert.slice('$value != NONE AND '.length);
    }
  }

  let type: TypeCode | undefined;
  let byType = false;
  if (kind === undefined) {
    note('no-type', `${where} has no TYPE; the DSL always declares one, so it is written as any().`);
    type = typeBuilder(scalar('any'), imports);
  } else if (element || present) {
    type = exactType(parsed as SurrealType, imports);
    if (!type) {
      note(
        'inexact-type',
        `${where}: TYPE ${kind} with a default or value cannot be written exactly in the DSL.`,
      );
      type = optionOf(parsed as SurrealType, imports);
    }
  } else if (required) {
    type = typeBuilder(parsed as SurrealType, imports) ?? optionOf(parsed as SurrealType, imports);
  } else if (hasNone) {
    // The compiler writes a field that may be absent as option<T>, printed `none | T`.
    const rest = members.filter((m) => !isNone(m));
    const leading = members[0] !== undefined && isNone(members[0]) && rest.length > 0;
    type =
      (leading ? typeBuilder(unionOf(rest), imports) : undefined) ??
      exactType(parsed as SurrealType, imports);
  } else if (members.some((m) => m.kind === 'scalar' && m.name === 'any')) {
    type = typeBuilder(parsed as SurrealType, imports) ?? optionOf(parsed as SurrealType, imports);
  } else {
    // `TYPE string` with no default, value or `$value != NONE`: present by its type alone.
    required = true;
    byType = true;
    type = typeBuilder(parsed as SurrealType, imports) ?? optionOf(parsed as SurrealType, imports);
  }
  const base = type ?? optionOf(parsed ?? scalar('any'), imports);

  if (required) calls.push(byType ? 'required({ assert: false })' : 'required()');
  if (field.flexible) {
    if (base.builder === 'object') calls.push('flexible()');
    else note('inexpressible', `${where}: FLEXIBLE on TYPE ${kind} cannot be written in the DSL.`);
  }
  if (field.default !== undefined) {
    const duration = parsed !== undefined && holdsDuration(parsed);
    const method = field.default_always ? 'defaultAlways' : 'default';
    calls.push(`${method}(${valueCode(field.default, imports, { duration })})`);
  }
  if (field.value !== undefined) {
    const duration = parsed !== undefined && holdsDuration(parsed);
    calls.push(`value(${valueCode(field.value, imports, { duration })})`);
  }
  if (assert !== undefined) calls.push(`assert(${expressionCode(assert)})`);
  if (field.readonly) calls.push('readonly()');
  if (field.reference !== undefined) {
    if (base.builder === 'record') calls.push(referenceCall(field.reference.on_delete));
    else note('inexpressible', `${where}: REFERENCE on TYPE ${kind} cannot be written in the DSL.`);
  }
  const permissions = permissionsCode(field.permissions, ['select', 'create', 'update'], true);
  if (permissions !== undefined) calls.push(`permissions(${permissions})`);
  if (field.comment !== undefined) calls.push(`comment(${tsString(field.comment)})`);
  return { key, code: chain(base.code, calls, indent) };
}
