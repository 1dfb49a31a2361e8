import { SchemaError } from '../errors.js';
import type { FieldModel, Value } from '../model/schema.js';
import { checkOptionKeys, checkOptionKinds } from './option-keys.js';
import { type FieldPermissionsInput, toFieldPermissions } from './permissions.js';
import type { FieldValueInput } from './value-input.js';
import { type Surql, toExpression, toValue, type ValueHint, type ValueInput } from './values.js';

/**
 * Everything a field builder knows, frozen: the model's field without its name (that comes from its key
 * in `fields`), and what the builder turns into other entities.
 */
export interface FieldDef extends Omit<FieldModel, 'name'> {
  /** `.unique()`: a UNIQUE index on this field, named `<field>_unique`. */
  readonly unique: boolean;
  /** How strings given to `.default()` / `.value()` are read (`'7d'` is a duration on a duration field). */
  readonly valueHint?: ValueHint;
  /** For `array(inner)` / `set(inner)` with a builder that says more than its type: the `x.*` field. */
  readonly element?: FieldDef;
}

export function freshDef(type: string, valueHint?: ValueHint): FieldDef {
  return {
    type,
    required: false,
    defaultAlways: false,
    asserts: [],
    readonly: false,
    flexible: false,
    was: [],
    unique: false,
    valueHint,
  };
}

declare const valueType: unique symbol;
declare const requiredMark: unique symbol;
declare const defaultedMark: unique symbol;

/** Marks a builder whose field must be given (`.required()`); `option(…)` takes the mark away. */
export interface Required {
  readonly [requiredMark]: true;
}

/** Marks a builder whose field the engine fills when it is not given (a default, a value). */
export interface Defaulted {
  readonly [defaultedMark]: true;
}

/** A field that is always present in a stored record: required, defaulted or computed. */
export type Present = Required | Defaulted;

/**
 * The modifiers every field has. Builders are immutable: each modifier returns a new builder over
 * frozen data, so a base builder can be shared. `T` is the TypeScript type of the field's value.
 */
export class FieldBuilder<T> {
  declare readonly [valueType]: T;
  readonly def: FieldDef;

  constructor(def: FieldDef) {
    this.def = Object.freeze({
      ...def,
      asserts: Object.freeze([...def.asserts]),
      was: Object.freeze([...def.was]),
    });
    Object.freeze(this);
  }

  /** A copy of this builder with some of its data replaced. */
  protected with(patch: Partial<FieldDef>): this {
    const Ctor = this.constructor as new (def: FieldDef) => this;
    return new Ctor({ ...this.def, ...patch });
  }

  /**
   * The field must be present: adds `ASSERT $value != NONE` and keeps the plain type.
   * @example string().required()  // DEFINE FIELD email ON TABLE user TYPE string\n  ASSERT $value != NONE
   * @example string().required({ assert: false })  // … TYPE string (the type alone rejects a missing value)
   */
  required(options: { readonly assert?: boolean } = {}): this & Required {
    checkOptionKeys(options, ['assert'], '.required()');
    checkOptionKinds(options, { assert: 'boolean' }, '.required()');
    const requiredBy = options.assert === false ? ('type' as const) : undefined;
    return this.with({ required: true, ...(requiredBy ? { requiredBy } : {}) }) as this & Required;
  }

  /**
   * The value used when a record is created without this field: a value of the field's type, or an
   * expression. Strings that read as expressions (`'time::now()'`) are written as expressions; `lit()` /
   * `surql` force either reading. A value that cannot fit the field is an error when the table is built.
   * @example bool().default(true)  // DEFINE FIELD isActive ON TABLE user TYPE bool DEFAULT true
   * @example decimal().default(0)  // … TYPE decimal DEFAULT 0  (not '0', which is a string)
   */
  default(value: FieldValueInput<T>): this & Defaulted {
    return this.with({ default: this.toValue(value, 'default'), defaultAlways: false }) as this & Defaulted;
  }

  /**
   * Like `.default()`, but also applied when the field is set to NONE later.
   * @example int().defaultAlways(0)  // DEFINE FIELD n ON TABLE t TYPE int DEFAULT ALWAYS 0
   */
  defaultAlways(value: FieldValueInput<T>): this & Defaulted {
    return this.with({ default: this.toValue(value, 'defaultAlways'), defaultAlways: true }) as this &
      Defaulted;
  }

  /**
   * Computed on every write.
   * @example datetime().value('time::now()')  // DEFINE FIELD updatedAt ON TABLE user TYPE datetime VALUE time::now()
   */
  value(expr: FieldValueInput<T>): this & Defaulted {
    return this.with({ value: this.toValue(expr, 'value') }) as this & Defaulted;
  }

  /**
   * Earlier smig's name for `.value()`: the text is always SurrealQL, computed on every write. Several
   * statements (`LET $x = …; RETURN …`) become one block, as earlier smig wrote them.
   * @example string().computed('string::slice(content, 0, 200)')  // … VALUE string::slice(content, 0, 200)
   */
  computed(expr: string | Surql): this & Defaulted {
    const text = toExpression(expr).trim();
    if (text === '')
      throw new SchemaError('.computed() needs an expression.', {
        hint: "Write e.g. .computed('time::now()').",
      });
    const block = text.includes(';') && !text.startsWith('{') ? `{ ${text} }` : text;
    return this.with({ value: { kind: 'expr', text: block } }) as this & Defaulted;
  }

  /**
   * A condition on `$value`; several are joined as `(a) AND (b)`.
   * @example string().assert('string::is_email($value)')  // … TYPE option<string>\n  ASSERT string::is_email($value)
   */
  assert(condition: string | Surql): this {
    const text = toExpression(condition).trim();
    if (text === '')
      throw new SchemaError('An assertion cannot be empty.', { hint: "Write e.g. '$value > 0'." });
    return this.with({ asserts: [...this.def.asserts, text] });
  }

  /** @example datetime().default('time::now()').readonly()  // … DEFAULT time::now() READONLY */
  readonly(): this {
    return this.with({ readonly: true });
  }

  /**
   * @example string().permissions({ select: 'WHERE $auth.admin = true', update: 'NONE' })
   * // … PERMISSIONS FOR select WHERE $auth.admin = true, FOR update NONE
   */
  permissions(permissions: FieldPermissionsInput): this {
    return this.with({ permissions: toFieldPermissions(permissions, 'field permissions') });
  }

  /** @example string().comment('Shown on the profile')  // … COMMENT 'Shown on the profile' */
  comment(text: string): this {
    return this.with({ comment: text });
  }

  /**
   * Former name(s), most recent first: the field is renamed (data copied) instead of dropped and re-added.
   * @example string().was('mail')
   */
  was(names: string | readonly string[]): this {
    return this.with({ was: [...this.def.was, ...(typeof names === 'string' ? [names] : names)] });
  }

  /**
   * A real UNIQUE index on this field (named `<field>_unique`), not an assertion.
   * @example string().unique()  // DEFINE INDEX email_unique ON TABLE user FIELDS email UNIQUE
   */
  unique(): this {
    return this.with({ unique: true });
  }

  private toValue(input: unknown, method: string): Value {
    return toValue(input as ValueInput, `.${method}()`, this.def.valueHint);
  }
}

/** Any field builder, whatever its value type. */
// biome-ignore lint/suspicious/noExplicitAny: the value type is irrelevant here and must accept every builder.
export type AnyField = FieldBuilder<any>;

/** A copy of `builder` of the same class with some of its data replaced. */
export function rebuild<B extends AnyField>(builder: B, patch: Partial<FieldDef>): B {
  const Ctor = builder.constructor as new (def: FieldDef) => B;
  return new Ctor({ ...builder.def, ...patch });
}
