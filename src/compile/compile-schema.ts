import type { FieldModel, Schema, TableModel } from '../model/schema.js';
import type { CompiledStatement } from '../model/statement.js';
import { fieldKey, parentIdiom } from './idiom.js';
import {
  renderAccess,
  renderAnalyzer,
  renderConfig,
  renderFunction,
  renderParam,
  renderSequence,
  renderUser,
} from './render-database.js';
import { renderEvent } from './render-event.js';
import { isElementField, renderField } from './render-field.js';
import { renderIndex } from './render-index.js';
import { renderTable } from './render-table.js';

/**
 * Fields in the order given, except that a parent always precedes its children (`a` before `a.b`,
 * `tags` before `tags.*`): an explicit `tags.*` defined before `tags` is replaced by the engine's own.
 */
export function orderFields(fields: readonly FieldModel[]): FieldModel[] {
  const key = fieldKey;
  const declared = new Set(fields.map((f) => key(f.name)));
  const waiting = new Map<string, FieldModel[]>();
  const emitted = new Set<string>();
  const out: FieldModel[] = [];
  const emit = (field: FieldModel): void => {
    out.push(field);
    emitted.add(key(field.name));
    const children = waiting.get(key(field.name)) ?? [];
    waiting.delete(key(field.name));
    children.forEach(emit);
  };
  for (const field of fields) {
    let parent = parentIdiom(field.name);
    // The nearest declared ancestor: `a.b.c` waits for `a` when `a.b` is not declared.
    while (parent !== undefined && !declared.has(parent)) parent = parentIdiom(parent);
    if (parent === undefined || emitted.has(parent)) emit(field);
    else waiting.set(parent, [...(waiting.get(parent) ?? []), field]);
  }
  // A cycle is impossible (a parent is strictly shorter), but never lose a field.
  for (const rest of waiting.values()) out.push(...rest);
  return out;
}

function isImplicit(table: TableModel, field: FieldModel): boolean {
  if (isElementField(field.name)) return true;
  return table.type === 'relation' && (field.name === 'in' || field.name === 'out');
}

/** A table followed by its fields, indexes and events. */
export function compileTable(table: TableModel): CompiledStatement[] {
  return [
    renderTable(table),
    ...orderFields(table.fields).map((f) =>
      renderField(f, { table: table.name, implicit: isImplicit(table, f) }),
    ),
    ...table.indexes.map((i) => renderIndex(i, table.name)),
    ...table.events.map((e) => renderEvent(e, table.name)),
  ];
}

/** The table a view selects from (`… FROM post GROUP BY …` → `post`); used for ordering only. */
function viewSources(view: string): string[] {
  const match = /\bFROM\s+(.+?)(?:\s+(?:WHERE|GROUP|SPLIT|ORDER|LIMIT|START|FETCH|TIMEOUT)\b|$)/is.exec(view);
  if (!match?.[1]) return [];
  return match[1].split(',').map((s) => s.trim().replace(/^`|`$/g, ''));
}

/** Views after the tables they read, and after any view they read. */
function orderViews(views: readonly TableModel[]): TableModel[] {
  const byName = new Map(views.map((v) => [v.name, v]));
  const out: TableModel[] = [];
  const visiting = new Set<string>();
  const visit = (view: TableModel): void => {
    if (out.includes(view) || visiting.has(view.name)) return;
    visiting.add(view.name);
    for (const source of viewSources(view.view ?? '')) {
      const dependency = byName.get(source);
      if (dependency) visit(dependency);
    }
    out.push(view);
  };
  views.forEach(visit);
  return out;
}

/**
 * The whole schema as DEFINE statements in an order the engine accepts on an empty database:
 * functions and analyzers (indexes use analyzers, analyzers may call functions), params, sequences,
 * tables with their fields, indexes and events, then views (a view needs its source), accesses, users
 * and configs. Pure and deterministic: the same schema gives byte-identical statements.
 *
 * @example
 * compileSchema(toSchemaModel(schema)).map((s) => s.sql)
 * // ['DEFINE TABLE user TYPE NORMAL SCHEMAFULL', 'DEFINE FIELD email ON TABLE user TYPE string\n  ASSERT …', …]
 */
export function compileSchema(schema: Schema): CompiledStatement[] {
  const tables = schema.tables.filter((t) => t.view === undefined);
  const views = orderViews(schema.tables.filter((t) => t.view !== undefined));
  return [
    ...schema.functions.map(renderFunction),
    ...schema.analyzers.map(renderAnalyzer),
    ...schema.params.map(renderParam),
    ...schema.sequences.map(renderSequence),
    ...tables.flatMap(compileTable),
    ...views.flatMap(compileTable),
    ...schema.accesses.map(renderAccess),
    ...schema.users.map(renderUser),
    ...schema.configs.map(renderConfig),
  ];
}
