import { SchemaError } from '../errors.js';
import type { ParamModel, Value } from '../model/schema.js';
import { checkName } from './identifiers.js';
import { type RuleInput, toRule } from './permissions.js';
import { toValue, type ValueInput } from './values.js';

/** A database parameter (`$name`). Immutable. */
export class ParamBuilder {
  readonly model: Omit<ParamModel, 'value'> & { readonly value?: Value };

  constructor(model: ParamBuilder['model']) {
    this.model = Object.freeze(model);
    Object.freeze(this);
  }

  private with(patch: Partial<ParamBuilder['model']>): ParamBuilder {
    return new ParamBuilder({ ...this.model, ...patch });
  }

  /**
   * The value, evaluated once when the param is defined. A string of SurrealQL (`"'blog'"`,
   * `'time::now()'`) is an expression; other JS values are literals.
   * @example param('appName').value("'blog'")  // DEFINE PARAM $appName VALUE 'blog'
   * @example param('limits').value({ posts: 10 })  // DEFINE PARAM $limits VALUE { posts: 10 }
   */
  value(value: ValueInput): ParamBuilder {
    return this.with({ value: toValue(value, `param $${this.model.name}`) });
  }

  permissions(rule: RuleInput): ParamBuilder {
    return this.with({ permissions: toRule(rule, `param $${this.model.name} permissions`) });
  }

  comment(text: string): ParamBuilder {
    return this.with({ comment: text });
  }

  was(names: string | readonly string[]): ParamBuilder {
    const list = (typeof names === 'string' ? [names] : names).map((n) => n.replace(/^\$/, ''));
    return this.with({ was: [...this.model.was, ...list] });
  }

  toModel(): ParamModel {
    const { value } = this.model;
    if (value === undefined) {
      const where = `param $${this.model.name}`;
      throw new SchemaError(`${where} has no value.`, {
        where,
        hint: 'Add .value(…), e.g. .value("\'blog\'").',
      });
    }
    return Object.freeze({ ...this.model, value });
  }
}

/** @example param('appName').value("'blog'")  // DEFINE PARAM $appName VALUE 'blog' */
export function param(name: string): ParamBuilder {
  const bare = typeof name === 'string' ? name.replace(/^\$/, '') : name;
  return new ParamBuilder({ name: checkName(bare, `param ${name}`, 'param'), was: [] });
}
