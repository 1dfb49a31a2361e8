import { SchemaError } from '../errors.js';
import type { SequenceModel } from '../model/schema.js';
import { checkName } from './identifiers.js';

function integer(n: number, what: string, where: string): number {
  if (!Number.isSafeInteger(n))
    throw new SchemaError(`${where}: ${what} must be an integer, not ${n}.`, { where });
  return n;
}

/** A sequence (`sequence::nextval('name')`). Immutable. */
export class SequenceBuilder {
  readonly model: SequenceModel;

  constructor(model: SequenceModel) {
    this.model = Object.freeze(model);
    Object.freeze(this);
  }

  private with(patch: Partial<SequenceModel>): SequenceBuilder {
    return new SequenceBuilder({ ...this.model, ...patch });
  }

  /** @example sequence('orderNo').start(1000)  // DEFINE SEQUENCE orderNo START 1000 */
  start(n: number): SequenceBuilder {
    return this.with({ start: integer(n, 'start', `sequence ${this.model.name}`) });
  }

  /** @example sequence('orderNo').batch(100)  // DEFINE SEQUENCE orderNo BATCH 100 */
  batch(n: number): SequenceBuilder {
    if (integer(n, 'batch', `sequence ${this.model.name}`) <= 0) {
      throw new SchemaError(`sequence ${this.model.name}: batch must be positive.`);
    }
    return this.with({ batch: n });
  }

  /** @example sequence('orderNo').timeout('5s')  // DEFINE SEQUENCE orderNo TIMEOUT 5s */
  timeout(duration: string): SequenceBuilder {
    return this.with({ timeout: duration });
  }

  /**
   * Earlier smig took comments on a sequence; SurrealDB 3.0.2 stores none (`DEFINE SEQUENCE s COMMENT`
   * is a parse error), so this refuses rather than drop them.
   */
  comments(_lines: readonly string[]): never {
    const where = `sequence ${this.model.name}`;
    throw new SchemaError(`${where}: SurrealDB 3 cannot store a comment on a sequence.`, {
      where,
      hint: `Remove .comments([…]) and keep the note as a code comment: sequence('${this.model.name}').start(…) // …`,
    });
  }

  was(names: string | readonly string[]): SequenceBuilder {
    return this.with({ was: [...this.model.was, ...(typeof names === 'string' ? [names] : names)] });
  }

  toModel(): SequenceModel {
    return this.model;
  }
}

/** @example sequence('orderNo').start(1000).batch(100)  // DEFINE SEQUENCE orderNo BATCH 100 START 1000 */
export function sequence(name: string): SequenceBuilder {
  return new SequenceBuilder({ name: checkName(name, `sequence ${name}`, 'sequence'), was: [] });
}
