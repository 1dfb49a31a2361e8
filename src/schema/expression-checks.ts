import { SchemaError } from '../errors.js';
import type { ItemSubject } from '../model/report-item.js';
import type { Rule, Schema, TableModel, Value } from '../model/schema.js';
import { describeTextFault, findTextFault, type TextFault, type TextRule } from '../surql/expression.js';

/** One piece of user-given SurrealQL, where it goes, and which rule keeps it inside its clause. */
export interface ClauseText {
  readonly where: string;
  /** The same place as a report's subject. */
  readonly subject: ItemSubject;
  /** The clause as a reader finds it in the statement: `ASSERT`, `PERMISSIONS FOR update WHERE`. */
  readonly clause: string;
  readonly text: string;
  readonly rule: TextRule;
}

const hints: Readonly<Record<TextRule, string>> = {
  expression:
    'Write one expression; to run several statements, use an event (event().then([…])) or a function (fn(…).body(…)) and call it.',
  statement: "Give each statement as an item of its own: .then(['UPDATE …', 'CREATE …']).",
  block:
    'Keep the brackets balanced, and write the body either without braces or as one { … } block with nothing after it.',
};

const nouns: Readonly<Record<TextRule, string>> = {
  expression: 'one expression',
  statement: 'one statement',
  block: 'one block',
};

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function hintFor(text: string, rule: TextRule, fault: TextFault): string {
  if (fault.kind === 'line-comment') return 'Remove the comment, or write it as /* … */.';
  if (fault.kind === 'empty') return 'Write the condition or value, or leave the clause out.';
  const regex = text.includes('/')
    ? ' A regex literal /…/ holding quotes, `#`, `--` or `;` can be written as <regex> "…" instead.'
    : '';
  return `${hints[rule]}${regex}`;
}

/**
 * The error for one clause text, or undefined when it stays inside its clause. The text is checked as
 * the compiler places it: trimmed (the renderers of bodies and THEN trim, and a trailing newline that
 * would end a line comment does not survive them).
 *
 * @example clauseProblem('table user, field name', 'ASSERT', "$value != 'root'; DELETE user", 'expression')
 * // SchemaError: table user, field name: ASSERT `$value != 'root'; DELETE user` is not one expression: …
 */
export function clauseProblem(
  where: string,
  clause: string,
  text: string,
  rule: TextRule,
): SchemaError | undefined {
  const fault = findTextFault(text.trim(), rule);
  if (fault === undefined) return undefined;
  const what =
    fault.kind === 'empty'
      ? `${clause} is empty.`
      : `${clause} \`${snippet(text.trim())}\` is not ${nouns[rule]}: ${describeTextFault(fault)}.`;
  return new SchemaError(`${where}: ${what}`, { where, hint: hintFor(text, rule, fault) });
}

function expr(value: Value | undefined): string | undefined {
  return value?.kind === 'expr' ? value.text : undefined;
}

/** Where a clause text is: as error messages name it, and as a report's subject. */
interface Place {
  readonly where: string;
  readonly subject: ItemSubject;
}

/** An entity of the database level (`function fn::greet`), named the same way in both. */
function databasePlace(entity: string): PlaceOf {
  const place = { where: entity, subject: { table: null, field: null, entity } };
  return () => place;
}

/** A place made only when a clause text is found there: most fields have no clause text at all. */
type PlaceOf = () => Place;

function lazily(make: () => Place): PlaceOf {
  let place: Place | undefined;
  return () => {
    place ??= make();
    return place;
  };
}

/** Gathers clause texts; absent clauses and non-WHERE rules are skipped. */
function collector() {
  const texts: ClauseText[] = [];
  const add = (placeOf: PlaceOf, clause: string, text: string | undefined, rule: TextRule = 'expression') => {
    if (text === undefined) return;
    const { where, subject } = placeOf();
    texts.push({ where, subject, clause, text, rule });
  };
  /** `PERMISSIONS FOR update WHERE …` per action, or `PERMISSIONS WHERE …` for a single rule. */
  const permissions = (where: PlaceOf, rules: Readonly<Partial<Record<string, Rule>>> | Rule | undefined) => {
    if (rules === undefined) return;
    if ('kind' in rules) {
      if (rules.kind === 'where') add(where, 'PERMISSIONS WHERE', rules.expr);
      return;
    }
    for (const [action, rule] of Object.entries(rules)) {
      if (rule?.kind === 'where') add(where, `PERMISSIONS${action ? ` FOR ${action}` : ''} WHERE`, rule.expr);
    }
  };
  return { texts, add, permissions };
}

/** Every clause text of a table, its fields, indexes and events, with the rule that applies to it. */
function tableTexts(table: TableModel): ClauseText[] {
  const { texts, add, permissions } = collector();
  const entity = (label: string, field: string | null = null): PlaceOf =>
    lazily(() => ({
      where: `table ${table.name}${label === '' ? '' : `, ${label}`}`,
      subject: { table: table.name, field, entity: label === '' ? `table ${table.name}` : label },
    }));
  const at = entity('');
  add(at, 'AS', table.view);
  add(at, 'CHANGEFEED', table.changefeed?.expiry);
  permissions(at, table.permissions);
  for (const field of table.fields) {
    const where = entity(`field ${field.name}`, field.name);
    for (const condition of field.asserts) add(where, 'ASSERT', condition);
    add(where, 'DEFAULT', expr(field.default));
    add(where, 'VALUE', expr(field.value));
    permissions(where, field.permissions);
    if (field.reference?.kind === 'then') {
      const text = field.reference.expr;
      // `{ … }` is placed as it is, so it must be one block; anything else must be one expression.
      add(where, 'REFERENCE ON DELETE THEN', text, text.trim().startsWith('{') ? 'block' : 'expression');
    }
  }
  for (const index of table.indexes) {
    const where = entity(`index ${index.name}`);
    if (index.kind.type === 'count') add(where, 'COUNT WHERE', index.kind.where);
    if (index.kind.type === 'hnsw') {
      add(where, 'DIST', index.kind.dist);
      add(where, 'TYPE', index.kind.vectorType);
    }
  }
  for (const event of table.events) {
    const where = entity(`event ${event.name}`);
    add(where, 'WHEN', event.when);
    // Each THEN item is placed in parentheses (or as its own block): one statement each.
    for (const then of event.then) add(where, 'THEN', then, 'statement');
  }
  return texts;
}

/** Every clause text of the database-level entities. */
function databaseTexts(schema: Schema): ClauseText[] {
  const { texts, add, permissions } = collector();
  for (const fn of schema.functions) {
    const where = databasePlace(`function fn::${fn.name}`);
    // A body goes inside `{ … }`: statements and their `;` are its purpose, escaping the braces is not.
    add(where, 'body', fn.body, 'block');
    permissions(where, fn.permissions);
  }
  for (const analyzer of schema.analyzers) {
    const where = databasePlace(`analyzer ${analyzer.name}`);
    for (const tokenizer of analyzer.tokenizers) add(where, 'TOKENIZERS', tokenizer);
    for (const filter of analyzer.filters) add(where, 'FILTERS', filter);
  }
  for (const param of schema.params) {
    const where = databasePlace(`param $${param.name}`);
    add(where, 'VALUE', expr(param.value));
    permissions(where, param.permissions);
  }
  for (const access of schema.accesses) {
    const where = databasePlace(`access ${access.name}`);
    const { kind } = access;
    if (kind.type === 'record') {
      add(where, 'SIGNUP', kind.signup);
      add(where, 'SIGNIN', kind.signin);
    }
    add(
      where,
      'ALGORITHM',
      kind.type === 'record' ? kind.jwt?.algorithm : kind.type === 'jwt' ? kind.algorithm : undefined,
    );
    add(where, 'AUTHENTICATE', access.authenticate);
    for (const [k, d] of Object.entries(access.duration)) add(where, `DURATION FOR ${k.toUpperCase()}`, d);
  }
  for (const sequence of schema.sequences)
    add(databasePlace(`sequence ${sequence.name}`), 'TIMEOUT', sequence.timeout);
  for (const user of schema.users) {
    const where = databasePlace(`user ${user.name}`);
    for (const role of user.roles) add(where, 'ROLES', role);
    for (const [k, d] of Object.entries(user.duration)) add(where, `DURATION FOR ${k.toUpperCase()}`, d);
  }
  for (const config of schema.configs)
    add(databasePlace(`config ${config.kind}`), 'DEFINE CONFIG', config.definition);
  return texts;
}

/**
 * Every piece of SurrealQL the user gave as one expression (or one statement, or one body), proved to
 * stay inside its clause: a `;` that would start a second statement, a bracket that would close part of
 * the statement around it, an open string or comment, or an empty clause is an error naming the entity
 * and the clause. Returns the problems instead of throwing. `texts` are the schema's clause texts, when
 * the caller has them already.
 *
 * @example expressionProblems(schema).map((e) => e.message)
 * // ["table user, field name: ASSERT `$value != 'root'; DELETE user` is not one expression: the `;` at character 17 …"]
 */
export function expressionProblems(
  schema: Schema,
  texts: readonly ClauseText[] = clauseTexts(schema),
): SchemaError[] {
  return texts.flatMap((t) => clauseProblem(t.where, t.clause, t.text, t.rule) ?? []);
}

/** Every piece of SurrealQL the schema gives, with the entity and clause it belongs to. */
export function clauseTexts(schema: Schema): ClauseText[] {
  return [...schema.tables.flatMap(tableTexts), ...databaseTexts(schema)];
}
