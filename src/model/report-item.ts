import { type EntityRef, entityLabel } from './entity.js';

/**
 * What a reported item is about. `table` and `field` name them as smig shows them; `entity` is the
 * entity's kind and name (`index user_email`, `function fn::greet`, `migration 20240101_init`). Each is
 * `null` when it does not apply, so that a reader finds every key in every item.
 */
export interface ItemSubject {
  readonly table: string | null;
  readonly field: string | null;
  readonly entity: string | null;
}

/**
 * One thing a command reports (a difference, a problem, a risk, a note): what kind of thing it is, as a
 * stable kebab-case word a program can switch on, what it is about, and the sentence people read. The
 * sentence is made from the same facts, so the printed text and the JSON document never disagree.
 */
export interface ReportItem<K extends string = string> extends ItemSubject {
  readonly kind: K;
  readonly message: string;
}

/** An item about nothing in particular (a whole history, a whole database). */
export const noSubject: ItemSubject = { table: null, field: null, entity: null };

/** The subject of an entity of the schema: its table, its field when it is one, and its label. */
export function subjectOf(ref: EntityRef): ItemSubject {
  return {
    table: ref.kind === 'table' ? ref.name : (ref.table ?? null),
    field: ref.kind === 'field' ? ref.name : null,
    entity: entityLabel(ref),
  };
}

/** An item with its keys in the documented order: kind, table, field, entity, message. */
export function reportItem<K extends string>(kind: K, subject: ItemSubject, message: string): ReportItem<K> {
  return { kind, table: subject.table, field: subject.field, entity: subject.entity, message };
}
