import { SchemaError } from '../errors.js';
import { quoteString } from '../surql/string.js';
import { checkOptionKeys, checkOptionKinds } from './option-keys.js';
import { type Surql, toExpression } from './values.js';

export type EventName = 'CREATE' | 'UPDATE' | 'DELETE';

export interface EventDef {
  readonly name?: string;
  readonly on: readonly EventName[];
  readonly when?: string;
  readonly then: readonly string[];
  readonly async?: { readonly retry?: number; readonly maxDepth?: number };
  readonly comment?: string;
  readonly was: readonly string[];
}

/** A table event; the name is its key in `events` unless given. Immutable. */
export class EventBuilder {
  readonly def: EventDef;

  constructor(def: EventDef) {
    this.def = Object.freeze(def);
    Object.freeze(this);
  }

  private with(patch: Partial<EventDef>): EventBuilder {
    return new EventBuilder({ ...this.def, ...patch });
  }

  /**
   * The events it fires on, as earlier smig wrote them; the same as chaining `onCreate()`, `onUpdate()`…
   * @example event().on('CREATE', 'UPDATE')  // WHEN $event IN ['CREATE', 'UPDATE']
   */
  on(...names: readonly (EventName | Lowercase<EventName> | readonly EventName[])[]): EventBuilder {
    const flat = names.flat() as string[];
    if (flat.length === 0) throw new SchemaError('event().on() needs CREATE, UPDATE or DELETE.');
    let next: EventBuilder = this;
    for (const raw of flat) {
      const name = typeof raw === 'string' ? raw.toUpperCase() : raw;
      if (name !== 'CREATE' && name !== 'UPDATE' && name !== 'DELETE') {
        throw new SchemaError(`event().on('${String(raw)}'): events fire on CREATE, UPDATE or DELETE.`, {
          hint: "Write e.g. event().on('CREATE', 'UPDATE') or event().onCreate().onUpdate().",
        });
      }
      if (!next.def.on.includes(name)) next = next.with({ on: [...next.def.on, name] });
    }
    return next;
  }

  /** @example event().onCreate()  // WHEN $event = 'CREATE' */
  onCreate(): EventBuilder {
    return this.on('CREATE');
  }

  /** @example event().onCreate().onUpdate()  // WHEN $event IN ['CREATE', 'UPDATE'] */
  onUpdate(): EventBuilder {
    return this.on('UPDATE');
  }

  /** @example event().onDelete()  // WHEN $event = 'DELETE' */
  onDelete(): EventBuilder {
    return this.on('DELETE');
  }

  /**
   * A condition, combined with the `on…()` events.
   * @example event().onUpdate().when('$before.email != $after.email')
   * // WHEN ($event = 'UPDATE') AND ($before.email != $after.email)
   */
  when(condition: string | Surql): EventBuilder {
    return this.with({ when: toExpression(condition) });
  }

  /**
   * What runs: one statement or several.
   * @example event().then('UPDATE $after.id SET seen = time::now()')  // THEN (UPDATE $after.id SET seen = time::now())
   */
  // biome-ignore lint/suspicious/noThenProperty: `.then()` is the public DSL name of SurrealQL's THEN clause.
  then(statements: string | Surql | readonly (string | Surql)[]): EventBuilder {
    // Having `then` makes a builder look like a promise; being awaited lands here with a callback.
    if (typeof statements === 'function') {
      throw new SchemaError(
        'An event builder is not a promise: do not await it or return it from an async function.',
      );
    }
    const list = Array.isArray(statements) ? statements : [statements as string | Surql];
    const texts = list.map((s) => toExpression(s).trim()).filter((s) => s !== '');
    if (texts.length === 0) throw new SchemaError('An event needs at least one THEN statement.');
    // biome-ignore lint/suspicious/noThenProperty: the model's THEN statements.
    return this.with({ then: texts });
  }

  /** Earlier smig's name for `.then()`. @example event().onCreate().thenDo('CREATE log') */
  thenDo(statements: string | Surql | readonly (string | Surql)[]): EventBuilder {
    return this.then(statements);
  }

  /**
   * Runs after the transaction, retried on failure.
   * @example event().async({ retry: 2, maxDepth: 5 })  // … ASYNC RETRY 2 MAXDEPTH 5 WHEN …
   */
  async(options: { readonly retry?: number; readonly maxDepth?: number } = {}): EventBuilder {
    checkOptionKeys(options, ['retry', 'maxDepth'], 'event().async()');
    checkOptionKinds(options, { retry: 'number', maxDepth: 'number' }, 'event().async()');
    const { retry, maxDepth } = options;
    return this.with({
      async: { ...(retry === undefined ? {} : { retry }), ...(maxDepth === undefined ? {} : { maxDepth }) },
    });
  }

  /** @example event().then('…').comment('audit')  // … COMMENT 'audit' */
  comment(text: string): EventBuilder {
    return this.with({ comment: text });
  }

  /** Former name(s): the event is redefined under its new name and the old one removed. */
  was(names: string | readonly string[]): EventBuilder {
    return this.with({ was: [...this.def.was, ...(typeof names === 'string' ? [names] : names)] });
  }
}

/**
 * @example event().onUpdate().then('UPDATE $after.id SET seen = time::now()')
 * // DEFINE EVENT touch ON TABLE user WHEN $event = 'UPDATE' THEN (UPDATE $after.id SET seen = time::now())
 */
export function event(name?: string): EventBuilder {
  // biome-ignore lint/suspicious/noThenProperty: the model's THEN statements.
  return new EventBuilder({ ...(name === undefined ? {} : { name }), on: [], then: [], was: [] });
}

/** The WHEN text an event definition stands for. */
export function eventCondition(def: EventDef): string | undefined {
  // A fixed order, so that onUpdate().onCreate() and onCreate().onUpdate() compile alike.
  const events = (['CREATE', 'UPDATE', 'DELETE'] as const).filter((e) => def.on.includes(e));
  const on =
    events.length === 0
      ? undefined
      : events.length === 1
        ? `$event = ${quoteString(events[0] as string)}`
        : `$event IN [${events.map(quoteString).join(', ')}]`;
  if (on === undefined) return def.when;
  if (def.when === undefined) return on;
  return `(${on}) AND (${def.when})`;
}
