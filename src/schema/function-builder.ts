import { SchemaError } from '../errors.js';
import type { FunctionModel } from '../model/schema.js';
import { checkName } from './identifiers.js';
import { type RuleInput, toRule } from './permissions.js';
import { checkType, type TypeName } from './type-names.js';
import { type Surql, toExpression } from './values.js';

/** A database function (`fn::…`). Immutable. */
export class FunctionBuilder {
  readonly model: Omit<FunctionModel, 'body'> & { readonly body?: string };

  constructor(model: FunctionBuilder['model']) {
    this.model = Object.freeze(model);
    Object.freeze(this);
  }

  private with(patch: Partial<FunctionBuilder['model']>): FunctionBuilder {
    return new FunctionBuilder({ ...this.model, ...patch });
  }

  private get where(): string {
    return `function fn::${this.model.name}`;
  }

  /** @example fn('fn::double').param('a', 'int')  // DEFINE FUNCTION fn::double($a: int) … */
  param(name: string, type: TypeName = 'any'): FunctionBuilder {
    const clean = checkName(name.replace(/^\$/, ''), this.where, 'parameter');
    if (this.model.params.some((p) => p.name === clean)) {
      throw new SchemaError(`${this.where}: the parameter $${clean} is declared twice.`, {
        where: this.where,
      });
    }
    return this.with({
      params: [...this.model.params, { name: clean, type: checkType(type, `${this.where}, $${clean}`) }],
    });
  }

  /**
   * Several parameters at once, in order, as earlier smig took them.
   * @example fn('fn::add').params({ a: 'int', b: 'int' })  // DEFINE FUNCTION fn::add($a: int, $b: int) …
   */
  params(params: Readonly<Record<string, TypeName>>): FunctionBuilder {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new SchemaError(`${this.where}: .params() takes an object of names and types.`, {
        where: this.where,
        hint: ".params({ a: 'int', b: 'string' }), or .param('a', 'int').",
      });
    }
    return Object.entries(params).reduce<FunctionBuilder>((f, [name, type]) => f.param(name, type), this);
  }

  /** @example fn('fn::double').returns('int')  // … -> int { … } */
  returns(type: TypeName): FunctionBuilder {
    return this.with({ returns: checkType(type, `${this.where}, return type`) });
  }

  /** The body, with or without braces. @example .body('RETURN $a * 2;')  // … { RETURN $a * 2; } */
  body(text: string | Surql): FunctionBuilder {
    return this.with({ body: toExpression(text) });
  }

  /** @example .permissions('WHERE $auth.admin = true')  // … PERMISSIONS WHERE $auth.admin = true */
  permissions(rule: RuleInput): FunctionBuilder {
    return this.with({ permissions: toRule(rule, `${this.where} permissions`) });
  }

  comment(text: string): FunctionBuilder {
    return this.with({ comment: text });
  }

  was(names: string | readonly string[]): FunctionBuilder {
    const list = (typeof names === 'string' ? [names] : names).map((n) => n.replace(/^fn::/, ''));
    return this.with({ was: [...this.model.was, ...list] });
  }

  toModel(): FunctionModel {
    const { body } = this.model;
    if (body === undefined || body.trim() === '') {
      throw new SchemaError(`${this.where} has no body.`, {
        where: this.where,
        hint: "Add .body('RETURN …;').",
      });
    }
    return Object.freeze({ ...this.model, body });
  }
}

/**
 * @example fn('fn::greet').param('name', 'string').returns('string').body('RETURN "Hi " + $name;')
 * // DEFINE FUNCTION fn::greet($name: string) -> string { RETURN "Hi " + $name; }
 */
export function fn(name: string): FunctionBuilder {
  const bare = checkName(
    typeof name === 'string' ? name.replace(/^fn::/, '') : name,
    `function ${name}`,
    'function',
  );
  return new FunctionBuilder({ name: bare, params: [], was: [] });
}
