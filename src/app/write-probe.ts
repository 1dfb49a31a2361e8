import { sha256 } from '../digest.js';
import type { Queryable, StatementResult } from '../engine/connection.js';
import type { Schema, TableModel } from '../model/schema.js';
import type { Snapshot } from '../model/snapshot.js';
import type { CompiledStatement } from '../model/statement.js';
import { SchemaProblem } from '../schema/index.js';
import { quoteIdent } from '../surql/ident.js';
import {
  fieldPath,
  firstChoices,
  isOptional,
  probeKey,
  type SampleChoices,
  sampleKey,
  sampleRecord,
} from './sample-record.js';

/**
 * Proves that every table of a schema can take a record: on the shadow database the schema was
 * applied to, smig writes a record holding a value of its type in every field (defaults left to the
 * engine), inside a transaction it cancels. A write refused by the user's own ASSERT or THROW is not a
 * fault of the schema: another sample is tried, and when none passes the table is left alone. Any other
 * refusal (an undefined analyzer, a default that does not coerce, nested fields that reject their own
 * parent) fails every write, and is reported with the table and field it belongs to.
 */

/** Samples tried per table before its assertions are taken to reject everything smig can write. */
const attempts = 12;

const notExecuted = /not executed due to a (cancelled|failed) transaction/;
const assertion = /for field `([^`]+)`.*but field must conform to/s;
/** A THROW of the user's, in an event, a function or a value: their own rule, like an ASSERT. */
const thrown = /An error occurred: /;
/** A UNIQUE index over an array sees a sample's repeated elements as duplicates: the sample's doing. */
const duplicate = /Database index `[^`]+` already contains/;

interface Write {
  /** The table whose sample this statement writes. */
  readonly table: TableModel;
  readonly sql: string;
}

type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'refused'; readonly table: TableModel; readonly message: string }
  | { readonly kind: 'assertion'; readonly table: TableModel; readonly path: string }
  | { readonly kind: 'skip' };

class Prover {
  private readonly tables: ReadonlyMap<string, TableModel>;
  private readonly choices = new Map<string, SampleChoices>();

  constructor(
    private readonly db: Queryable,
    schema: Schema,
  ) {
    this.tables = new Map(schema.tables.map((t) => [t.name, t]));
  }

  async prove(table: TableModel): Promise<SchemaProblem | undefined> {
    for (let i = 0; i < attempts; i++) {
      const next = this.after(table, await this.attempt(table));
      if (next !== 'again') return next.problem;
    }
    return undefined;
  }

  /**
   * Proves tables whose samples write only to their own table, many per request: each round writes
   * the current sample of every table not yet decided, each in a transaction of its own (cancelled),
   * and reads the outcome of each as `prove` does for one.
   */
  async proveTogether(tables: readonly TableModel[]): Promise<Map<TableModel, SchemaProblem | undefined>> {
    const decided = new Map<TableModel, SchemaProblem | undefined>();
    let open = [...tables];
    for (let i = 0; i < attempts && open.length > 0; i++) {
      const outcomes = await this.attemptTogether(open);
      for (const table of open) {
        const next = this.after(table, outcomes.get(table) ?? { kind: 'skip' });
        if (next !== 'again') decided.set(table, next.problem);
      }
      open = open.filter((t) => !decided.has(t));
    }
    return decided;
  }

  /** What an attempt's outcome means for the table: decided (with its problem, if any), or try again. */
  private after(table: TableModel, outcome: Outcome): 'again' | { readonly problem?: SchemaProblem } {
    switch (outcome.kind) {
      case 'ok':
      case 'skip':
        return {};
      case 'refused':
        // A table this one needs (a relation's ends) is reported on its own.
        if (outcome.table !== table) return {};
        if (this.fillParent(table, outcome.message)) return 'again';
        return { problem: explain(table, outcome.message, this.sampleOf(table)) };
      case 'assertion':
        return this.vary(outcome.table, outcome.path) ? 'again' : {};
    }
  }

  private sampleOf(table: TableModel) {
    return sampleRecord(table, this.choices.get(table.name) ?? firstChoices);
  }

  /**
   * A nested field refused inside a parent that was left to its default (`meta: object().default({})`
   * with a required `meta.note`): only writes without the parent fail, so the parent is given a value.
   */
  private fillParent(table: TableModel, message: string): boolean {
    const field = /for field `([^`]+)`/.exec(message)?.[1];
    if (field === undefined) return false;
    const parts = fieldPath(field).split('.');
    const current = this.choices.get(table.name) ?? firstChoices;
    for (let n = parts.length - 1; n > 0; n--) {
      const parent = parts.slice(0, n).join('.');
      const model = table.fields.find((f) => fieldPath(f.name) === parent);
      if (model?.default === undefined || current.fill.has(parent)) continue;
      this.choices.set(table.name, { ...current, fill: new Set([...current.fill, parent]) });
      return true;
    }
    return false;
  }

  /** Another sample that the assertion on `path` may accept: leave an optional field out, or take its next candidate. */
  private vary(table: TableModel, path: string): boolean {
    const current = this.choices.get(table.name) ?? firstChoices;
    const sample = this.sampleOf(table);
    const field = table.fields.find((f) => fieldPath(f.name) === path);
    if (field && isOptional(field) && !current.omit.has(path)) {
      this.choices.set(table.name, { ...current, omit: new Set([...current.omit, path]) });
      return true;
    }
    const next = (current.pick.get(path) ?? 0) + 1;
    if (next >= (sample?.candidates.get(path) ?? 0)) return false;
    this.choices.set(table.name, { ...current, pick: new Map([...current.pick, [path, next]]) });
    return true;
  }

  /** One attempt for each of these tables (see `proveTogether`), in one request. */
  private async attemptTogether(tables: readonly TableModel[]): Promise<Map<TableModel, Outcome>> {
    const outcomes = new Map<TableModel, Outcome>();
    const blocks: Write[] = [];
    const apart: TableModel[] = [];
    for (const table of tables) {
      const writes = this.writesFor(table);
      if (writes === undefined) outcomes.set(table, { kind: 'skip' });
      else if (writes.length === 1) blocks.push(writes[0]!);
      // A sample that writes other records first (a relation's ends) is tried on its own.
      else apart.push(table);
    }
    for (const table of apart) outcomes.set(table, await this.attempt(table));
    const marker = (i: number) => `smig-sample-${i}`;
    let results: StatementResult[];
    try {
      results = await this.db.results(
        blocks.map((b, i) => `BEGIN;\n${b.sql};\nCANCEL;\nRETURN '${marker(i)}';\n`).join(''),
      );
    } catch {
      // One sample the engine cannot parse fails the request: each is tried on its own.
      for (const { table } of blocks) outcomes.set(table, await this.attempt(table));
      return outcomes;
    }
    let block = 0;
    let refusal: string | undefined;
    for (const result of results) {
      if (result.ok && result.value === marker(block)) {
        outcomes.set(blocks[block]!.table, this.outcomeOf(blocks[block]!, refusal));
        refusal = undefined;
        block++;
      } else if (!result.ok && refusal === undefined && !notExecuted.test(result.error.message)) {
        refusal = result.error.message;
      }
    }
    // Blocks the answer does not account for are tried on their own, never taken as proven.
    for (const { table } of blocks.slice(block)) outcomes.set(table, await this.attempt(table));
    return outcomes;
  }

  /** The outcome of a write the engine refused with `message` (or took, when undefined). */
  private outcomeOf(write: Write, message: string | undefined): Outcome {
    if (message === undefined) return { kind: 'ok' };
    if (thrown.test(message) || duplicate.test(message)) return { kind: 'skip' };
    const asserted = assertion.exec(message);
    if (asserted) return { kind: 'assertion', table: write.table, path: fieldPath(asserted[1] as string) };
    return { kind: 'refused', table: write.table, message };
  }

  private async attempt(table: TableModel): Promise<Outcome> {
    const writes = this.writesFor(table);
    if (writes === undefined) return { kind: 'skip' };
    let results: StatementResult[];
    try {
      results = await this.db.results(['BEGIN', ...writes.map((w) => w.sql), 'CANCEL', ''].join(';\n'));
    } catch {
      // A sample the engine cannot parse is smig's limit, not the schema's fault.
      return { kind: 'skip' };
    }
    const index = results.findIndex((r) => !r.ok && !notExecuted.test(r.error.message));
    const failed = results[index];
    if (failed === undefined || failed.ok) return { kind: 'ok' };
    const write = writes[index - 1] ?? writes.at(-1);
    if (write === undefined) return { kind: 'skip' };
    return this.outcomeOf(write, failed.error.message);
  }

  /** The statements that write a sample of `table`: first the records an enforced relation needs. */
  private writesFor(table: TableModel): Write[] | undefined {
    const sample = this.sampleOf(table);
    if (sample === undefined) return undefined;
    const name = quoteIdent(table.name);
    if (table.type !== 'relation') {
      return [{ table, sql: `CREATE ${name} CONTENT ${sample.content} RETURN NONE` }];
    }
    const ends = [table.relation?.from[0] ?? sampleKey, table.relation?.to[0] ?? sampleKey];
    const setup: Write[] = [];
    if (table.relation?.enforced) {
      for (const end of new Set(ends)) {
        const model = this.tables.get(end);
        // A DROP table keeps no record to link, and a relation's record needs ends of its own: not proved here.
        if (model?.drop || model?.type === 'relation') return undefined;
        const content = model ? this.sampleOf(model)?.content : '{}';
        if (content === undefined) return undefined;
        const sql = `CREATE ${quoteIdent(end)}:${sampleKey} CONTENT ${content} RETURN NONE`;
        setup.push({ table: model ?? table, sql });
      }
    }
    const [from, to] = ends.map((e) => `${quoteIdent(e)}:${sampleKey}`);
    return [...setup, { table, sql: `RELATE ${from}->${name}->${to} CONTENT ${sample.content} RETURN NONE` }];
  }
}

/** The engine's message without the random record id it names. */
function plain(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line
    .replace(/ of `[^`]+`/, '')
    .replace(/, with record `[^`]+`/, '')
    .trim();
}

/** A write refused for a reason every write shares, as one paragraph naming the table, field and fix. */
function explain(table: TableModel, message: string, sample: ReturnType<typeof sampleRecord>): SchemaProblem {
  const at = `table ${table.name}`;
  const engine = plain(message);
  const analyzer = /The analyzer '([^']+)' does not exist/.exec(engine);
  if (analyzer) {
    const index = table.indexes.find(
      (i) => i.kind.type === 'fulltext' && (i.kind.analyzer ?? 'like') === analyzer[1],
    );
    const where = index ? `${at}, index ${index.name}` : at;
    return new SchemaProblem(
      `${where}: every write to ${table.name} fails: its FULLTEXT index uses analyzer ${analyzer[1]}, which is not defined (SurrealDB: ${engine}).`,
      { where, hint: `Define analyzer('${analyzer[1]}') in analyzers, or name an analyzer that exists.` },
    );
  }
  const coerce = /Couldn't coerce value for field `([^`]+)`: (.*)$/.exec(engine);
  if (coerce) {
    const path = fieldPath(coerce[1] as string);
    const field = table.fields.find((f) => fieldPath(f.name) === path);
    const where = `${at}, field ${field?.name ?? coerce[1]}`;
    const clause =
      field?.value !== undefined ? 'VALUE' : field?.default !== undefined ? 'DEFAULT' : undefined;
    if (field && clause) {
      return new SchemaProblem(
        `${where}: every write fails: the ${clause} does not give a ${field.type} (SurrealDB: ${coerce[2]}).`,
        {
          where,
          hint: `Make the ${clause.toLowerCase()} a value or an expression of type ${field.type}.`,
        },
      );
    }
    return new SchemaProblem(`${where}: SurrealDB refuses a value of the field's own type (${coerce[2]}).`, {
      where,
      hint: "Make the field's type agree with the types of the fields declared inside it.",
    });
  }
  const undeclared = /Found field '([^']+)', but no such field exists/.exec(engine);
  if (undeclared) {
    const written = undeclared[1] as string;
    const path = fieldPath(written);
    const parent = path.split('.').slice(0, -1).join('.');
    const top = path.split('.')[0] as string;
    const where = `${at}, field ${top}`;
    if (path.endsWith(`.${probeKey}`) && sample?.probedObjects.has(parent)) {
      const element = parent.endsWith('.*');
      const fix = element
        ? `Declare the fields of its elements ('${parent}.price': decimal(), …), or let them hold any key: array(object().flexible()).`
        : `Declare its fields ('${parent}.name': string(), …), or let it hold any key: object().flexible().`;
      return new SchemaProblem(
        `${where}: ${element ? `the objects in ${parent.slice(0, -2)}` : parent} cannot hold any key: in a SCHEMAFULL table an object holds only the fields declared for it, so SurrealDB refuses every key written into it (here ${written}).`,
        { where, hint: fix },
      );
    }
    return new SchemaProblem(
      `${where}: every write fails: SurrealDB refuses ${written}, which no field declares (a default, a value or an event writes it).`,
      {
        where,
        hint: parent
          ? `Declare ${path}, or make ${parent} flexible (object().flexible()).`
          : `Declare ${path} in fields, or stop writing it.`,
      },
    );
  }
  return new SchemaProblem(
    `${at}: SurrealDB refuses a record that holds a value of its type in every field: ${engine}.`,
    {
      where: at,
      hint: 'Fix the rule the message names: smig wrote a sample record (in a transaction it cancelled), and the schema refused it for a reason other than an ASSERT.',
    },
  );
}

/**
 * Writes a sample record into every table that takes writes of the schema applied to `db`, each inside
 * a transaction that is cancelled; returns the problems, one per table. Views are skipped, and so are
 * tables with a CHANGEFEED: in the 3.0.2 embedded engine a write to one prints a debug dump and, with
 * several engines busy in one machine, can bring the whole process down.
 */
export async function proveWrites(
  db: Queryable,
  schema: Schema,
  only?: ReadonlySet<string>,
): Promise<SchemaProblem[]> {
  const prover = new Prover(db, schema);
  const proved = schema.tables.filter(
    (t) => t.view === undefined && t.changefeed === undefined && (only === undefined || only.has(t.name)),
  );
  // Tables whose sample writes only to themselves are proved many per request, a few requests at once;
  // a relation (which writes records of its ends too) and a table with events (which may write
  // anywhere) one at a time, after them, so that no two transactions can conflict over the same record.
  const alone = (t: TableModel) => t.type === 'relation' || t.events.length > 0;
  const plain = proved.filter((t) => !alone(t));
  const found = new Map<TableModel, SchemaProblem | undefined>();
  let next = 0;
  const worker = async () => {
    while (next < plain.length) {
      const some = plain.slice(next, next + tablesPerRequest);
      next += tablesPerRequest;
      for (const [table, problem] of await prover.proveTogether(some)) found.set(table, problem);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrentProofs, plain.length) }, worker));
  for (const table of proved) {
    if (alone(table)) found.set(table, await prover.prove(table));
  }
  return proved.flatMap((t) => found.get(t) ?? []);
}

/** How many requests prove tables at once. */
const concurrentProofs = 4;
/** How many tables' first samples one request writes. */
const tablesPerRequest = 50;

/** Calls that reach a table named only when they run: whatever uses them may touch any table. */
const tableAtRunTime = /\btype::(table|thing|record)\s*\(/i;

/** The identifiers a text names (bare or backticked). */
function namesIn(texts: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    for (const [token] of text.matchAll(/`(?:[^`\\]|\\.)*`|[A-Za-z_][A-Za-z0-9_]*/g)) {
      names.add(token.startsWith('`') ? token.slice(1, -1) : token);
    }
  }
  return names;
}

/** What proving one table depends on (see `proofInputs`). */
export interface ProofInputs {
  readonly texts: readonly string[];
  readonly tables: ReadonlySet<string> | 'all';
}

/**
 * What proving each table depends on, as statement texts (see `proveWrites`): its own statements, the
 * database-level ones (functions, params, analyzers, … that its values and assertions may call), those
 * of every table they name (a record link, a subquery) and of every view over it, or over such a view (a
 * write updates them; which tables a view reads is taken from `state`, the schema as the engine linked it). A relation, a table with events, and anything that names tables at run time may write
 * anywhere: its proof depends on every statement. A proof kept under these inputs holds as long as
 * none of them changes, so an edit to one table proves that table (and its neighbours) again, not all.
 * `tables` are the tables those statements belong to: what a database must hold to prove the table
 * (`all` for one that depends on every statement).
 */
export function proofInputs(
  schema: Schema,
  statements: readonly CompiledStatement[],
  state: Snapshot,
): Map<string, ProofInputs> {
  const own = new Map<string, string[]>();
  const shared: string[] = [];
  for (const { ref, sql } of statements) {
    const table = ref.kind === 'table' ? ref.name : ref.table;
    if (table === undefined) shared.push(sql);
    else own.set(table, [...(own.get(table) ?? []), sql]);
  }
  // Every statement, as one digest: a table whose proof depends on all of them is keyed by it.
  const all = `every statement: ${sha256(JSON.stringify(statements.map((s) => s.sql)))}`;
  const tables = new Set(schema.tables.map((t) => t.name));
  const namedByShared = [...namesIn(shared)].filter((n) => tables.has(n));
  const anywhere = shared.some((sql) => tableAtRunTime.test(sql));
  const views = [...state.entities.values()].flatMap((e) =>
    e.ref.kind === 'table' && e.readsFrom ? [{ name: e.ref.name, reads: new Set(e.readsFrom) }] : [],
  );
  /** The views a write to the table updates: those over it, and those over them. */
  const viewsOver = (name: string): string[] => {
    const found = new Set<string>();
    for (let next = [name]; next.length > 0; ) {
      next = views.filter((v) => !found.has(v.name) && next.some((n) => v.reads.has(n))).map((v) => v.name);
      for (const v of next) found.add(v);
    }
    return [...found];
  };
  const inputs = new Map<string, ProofInputs>();
  for (const table of schema.tables) {
    const mine = own.get(table.name) ?? [];
    if (
      anywhere ||
      table.type === 'relation' ||
      table.events.length > 0 ||
      mine.some((sql) => tableAtRunTime.test(sql))
    ) {
      inputs.set(table.name, { texts: [`table ${table.name}`, all], tables: 'all' });
      continue;
    }
    const named = [...namesIn(mine)].filter((n) => tables.has(n));
    const over = viewsOver(table.name);
    const neighbours = [...new Set([...named, ...namedByShared, ...over])]
      .filter((n) => n !== table.name)
      .sort();
    inputs.set(table.name, {
      texts: [
        `table ${table.name}`,
        ...mine,
        ...shared,
        ...neighbours.flatMap((n) => [`table ${n}`, ...(own.get(n) ?? [])]),
      ],
      tables: new Set([table.name, ...neighbours]),
    });
  }
  return inputs;
}
