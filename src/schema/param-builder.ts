import { SchemaError } from '../errors.js';
import type { ParamModel, Value } from '../model/schema.js';
import { checkName } from './identifiers.js';
import { type RuleInput, toRule } from './permissions.js';
import { toValue, type ValueInput } from './values.js';

/**
 * Param text that is SurrealQL rather than prose: numbers, booleans, NONE/NULL, durations, and object
 * or array literals. Earlier smig wrote a param's value as SurrealQL text, so `.value('3')` is 3.
 */
const surqlValueText =
  /^(-?\d+(\.\d+)?([eE][+-]?\d+)?(f|dec)?|true|false|NONE|NULL|none|null|(\d+(y|w|d|h|m|s|ms|us|µs|ns))+|\{[\s\S]*\}|\[[\s\S]*\])$/;

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
   * `'time::now()'`, and, as earlier smig read them, `'3'`, `'true'`, `'{ debug: false }'`, `'[1, 2]'`)
   * is an expression; a bare word is a string; other JS values are literals.
   * @example param('appName').value("'blog'")  // DEFINE PARAM $appName VALUE 'blog'
   * @example param('maxRetries').value('3')  // DEFINE PARAM $maxRetries VALUE 3
   * @example param('limits').value({ posts: 10 })  // DEFINE PARAM $limits VALUE { posts: 10 }
   */
  value(value: ValueInput): ParamBuilder {
    const where = `param $${this.model.name}`;
    if (typeof value === 'string' && surqlValueText.test(value.trim())) {
      return this.with({ value: { kind: 'expr', text: value.trim() } });
    }
    return this.with({ value: toValue(typeof value === 'string' ? value.trim() : value, where) });
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
