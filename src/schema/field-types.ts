import type { DateTime, Decimal, Duration, Geometry, Range, RecordId, Uuid } from 'surrealdb';
import { SchemaError } from '../errors.js';
import { parseType } from '../surql/parse-type.js';
import { printType } from '../surql/print-type.js';
import { geometryKinds, type GeometryKind as SurrealGeometryKind } from '../surql/type.js';
import { optional } from '../surql/type-ops.js';
import {
  type AnyField,
  type Defaulted,
  FieldBuilder,
  type FieldDef,
  freshDef,
  rebuild,
} from './field-builder.js';
import { NumberField, ObjectField, RecordField, StringField } from './field-kinds.js';
import { renderLiteralType } from './literal-type.js';
import { readSchemaType, type TypeName, type TypeOfName } from './type-names.js';

/** @example string()  // TYPE string (option<string> unless required, defaulted or computed) */
export const string = (): StringField => new StringField(freshDef('string'));
/** @example int().min(0)  // TYPE int … ASSERT $value >= 0 */
export const int = (): NumberField => new NumberField(freshDef('int'));
/** @example float()  // TYPE float */
export const float = (): NumberField => new NumberField(freshDef('float'));
/** @example decimal()  // TYPE decimal */
export const decimal = (): NumberField<Decimal> => new NumberField<Decimal>(freshDef('decimal'));
/** @example number()  // TYPE number */
export const number = (): NumberField => new NumberField(freshDef('number'));
/** @example bool().default(true)  // TYPE bool DEFAULT true */
export const bool = (): FieldBuilder<boolean> => new FieldBuilder<boolean>(freshDef('bool'));
/** @example datetime().default('time::now()')  // TYPE datetime DEFAULT time::now() */
export const datetime = (): FieldBuilder<DateTime> => new FieldBuilder<DateTime>(freshDef('datetime'));
/** A string such as `'7d'` given to `.default()` is read as a duration. @example duration().default('7d') */
export const duration = (): FieldBuilder<Duration> =>
  new FieldBuilder<Duration>(freshDef('duration', 'duration'));
/** @example uuid().default('rand::uuid::v7()')  // TYPE uuid DEFAULT rand::uuid::v7() */
export const uuid = (): FieldBuilder<Uuid> => new FieldBuilder<Uuid>(freshDef('uuid'));
/** @example bytes()  // TYPE bytes */
export const bytes = (): FieldBuilder<Uint8Array> => new FieldBuilder<Uint8Array>(freshDef('bytes'));
/**
 * `object<{ a: number }>()` types the value. (Two signatures rather than a default type argument, which
 * TypeScript would infer from the surrounding context as `any`.)
 * @example object().flexible()  // TYPE object FLEXIBLE
 */
export function object(): ObjectField<Record<string, unknown>>;
export function object<T>(): ObjectField<T>;
// biome-ignore lint/suspicious/noExplicitAny: the implementation serves every value type.
export function object(): ObjectField<any> {
  return new ObjectField(freshDef('object'));
}
/** Admits NONE already, so it is never wrapped in option<…>. @example any()  // TYPE any */
export const any = (): FieldBuilder<unknown> => new FieldBuilder<unknown>(freshDef('any'));
/** @example range()  // TYPE range */
export const range = (...args: readonly never[]): FieldBuilder<Range<unknown, unknown>> => {
  if (args.length > 0) {
    throw new SchemaError(
      `range(${args.map((a) => JSON.stringify(a)).join(', ')}): SurrealDB 3's range type takes no element type.`,
      {
        hint: "Write range(), and .assert(…) on its bounds if they must be of one kind (e.g. .assert('type::is::int($value.begin)')).",
      },
    );
  }
  return new FieldBuilder<Range<unknown, unknown>>(freshDef('range'));
};

/** A geometry kind a field can be limited to (`feature` is not a type the engine accepts). */
export type GeometryKind = Exclude<SurrealGeometryKind, 'feature'>;

/** @example geometry('point')  // TYPE geometry<point>;  geometry(['point', 'polygon'])  // geometry<point | polygon> */
export function geometry(kind?: GeometryKind | readonly GeometryKind[]): FieldBuilder<Geometry> {
  const kinds = kind === undefined ? [] : typeof kind === 'string' ? [kind] : [...kind];
  for (const k of kinds) {
    if (!(geometryKinds as readonly string[]).includes(k) || (k as string) === 'feature') {
      throw new SchemaError(`geometry(): unknown geometry kind '${String(k)}'.`, {
        hint: `Use one of ${geometryKinds.filter((g) => g !== 'feature').join(', ')}.`,
      });
    }
  }
  return new FieldBuilder<Geometry>(freshDef(printType({ kind: 'geometry', kinds })));
}

export type LiteralMember = string | number | boolean;

/** @example literal('draft', 'published')  // TYPE 'draft' | 'published' */
export function literal<const V extends readonly [LiteralMember, ...LiteralMember[]]>(
  ...values: V
): FieldBuilder<V[number]> {
  if (values.length === 0) {
    throw new SchemaError('literal() needs at least one value.', {
      hint: "Write e.g. literal('draft', 'published').",
    });
  }
  return new FieldBuilder<V[number]>(freshDef(values.map(renderLiteralType).join(' | ')));
}

/**
 * A record link to one or several tables, or to any table.
 * @example record('user')  // TYPE record<user>
 * @example record(['post', 'comment'])  // TYPE record<post | comment>
 */
export function record(): RecordField<RecordId>;
export function record<const N extends string>(table: N | readonly N[]): RecordField<RecordId<N>>;
export function record(table?: string | readonly string[]): RecordField<RecordId> {
  const tables = table === undefined ? [] : typeof table === 'string' ? [table] : [...table];
  for (const t of tables) {
    if (typeof t !== 'string' || t.trim() === '') {
      throw new SchemaError('record() needs table names.', {
        hint: "Write e.g. record('user') or record(['a', 'b']).",
      });
    }
  }
  return new RecordField<RecordId>(freshDef(printType({ kind: 'record', names: tables })));
}

/** An element given by builder or by type name. */
export type FieldInput = AnyField | TypeName;

export type ValueOf<I> = I extends FieldBuilder<infer T> ? T : TypeOfName<I>;

/** The builder a type name stands for, so `option('object')` can still be `.flexible()`. */
export type BuilderOfName<N> = N extends 'string'
  ? StringField
  : N extends 'int' | 'float' | 'number'
    ? NumberField
    : N extends 'decimal'
      ? NumberField<Decimal>
      : N extends 'object'
        ? ObjectField
        : N extends `record${string}`
          ? RecordField<RecordId>
          : FieldBuilder<TypeOfName<N>>;

function builderOfName(name: string, where: string): AnyField {
  const parsed = readSchemaType(name, where);
  const type = printType(parsed);
  if (parsed.kind === 'record') return new RecordField(freshDef(type));
  if (parsed.kind !== 'scalar') return new FieldBuilder(freshDef(type));
  switch (parsed.name) {
    case 'string':
      return new StringField(freshDef(type));
    case 'int':
    case 'float':
    case 'number':
    case 'decimal':
      return new NumberField(freshDef(type));
    case 'object':
      return new ObjectField(freshDef(type));
    case 'duration':
      return new FieldBuilder(freshDef(type, 'duration'));
    default:
      return new FieldBuilder(freshDef(type));
  }
}

function toBuilder(input: FieldInput, where: string): AnyField {
  if (input instanceof FieldBuilder || (typeof input === 'object' && input !== null && 'def' in input)) {
    return input as AnyField;
  }
  return builderOfName(input as string, where);
}

/** Whether an element builder says more than its type (then it becomes an `x.*` field). */
function saysMore(def: FieldDef): boolean {
  return (
    def.asserts.length > 0 ||
    def.value !== undefined ||
    def.default !== undefined ||
    def.comment !== undefined ||
    def.permissions !== undefined ||
    def.readonly ||
    def.flexible ||
    def.reference !== undefined
  );
}

type Collection<I, C> = I extends RecordField<infer _T> ? RecordField<C> : FieldBuilder<C>;

function checkLength(kind: string, n: number | undefined, what: string): void {
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw new SchemaError(`${kind}(…): the ${what} must be a whole number ≥ 0, not ${String(n)}.`, {
      hint: `Write e.g. ${kind}('string', 10).`,
    });
  }
}

function collection(
  kind: 'array' | 'set',
  inner: FieldInput,
  sizes: readonly (number | undefined)[],
): AnyField {
  const element = toBuilder(inner, `${kind}()`);
  if (sizes.length > 2) {
    throw new SchemaError(`${kind}() takes a type and at most a minimum and a maximum length.`, {
      hint: `Write ${kind}('string', 1, 10) for 1 to 10 elements.`,
    });
  }
  const [first, second] = sizes;
  checkLength(kind, first, second === undefined ? 'length' : 'minimum length');
  checkLength(kind, second, 'maximum length');
  // Earlier smig's `array(T, min, max)` meant 1 to 10 elements. SurrealDB 3.0.2's `array<T, n>` is an
  // exact length and has no minimum, so the bounds become assertions on the length.
  const bounded = second !== undefined;
  const size = bounded || first === undefined ? {} : { size: first };
  const type = printType({ kind, element: parseType(element.def.type), ...size });
  const def: FieldDef = { ...freshDef(type), ...(saysMore(element.def) ? { element: element.def } : {}) };
  // REFERENCE is allowed on arrays of records too.
  const built = element instanceof RecordField ? new RecordField(def) : new FieldBuilder(def);
  if (!bounded) return built;
  if ((first as number) > second) {
    throw new SchemaError(`${kind}(…, ${first}, ${second}): the minimum is above the maximum.`);
  }
  // A set is not an array to `array::len` ("Expected `array` but found `{'a'}`"); each has its own.
  const len = `${kind}::len($value)`;
  const min = first === undefined || first === 0 ? [] : [`${len} >= ${first}`];
  return rebuild(built, { asserts: [...min, `${len} <= ${second}`] });
}

/**
 * With one size, it is the `n` of `array<T, n>`: SurrealDB 3.0.2 accepts only arrays of exactly that
 * length (a fixed-size vector, say), not up to it. With two (earlier smig's form), they are the least
 * and the most elements, checked by an assertion.
 *
 * @example array('string')  // TYPE array<string>
 * @example array('float', 384)  // TYPE array<float, 384>: exactly 384 numbers
 * @example array('string', 1, 10)  // TYPE array<string> ASSERT (array::len($value) >= 1) AND (array::len($value) <= 10)
 * @example array(string().email())  // TYPE array<string>, plus `emails.*` … ASSERT string::is_email($value)
 */
export function array<const I extends FieldInput>(
  inner: I,
  ...sizes: [length?: number] | [min: number, max: number]
): Collection<I, ValueOf<I>[]> {
  return collection('array', inner, sizes) as Collection<I, ValueOf<I>[]>;
}

/**
 * Like `array`, without duplicates (one size is exact here too; two are a minimum and a maximum).
 * @example set('string')  // TYPE set<string>
 * @example set('string', 0, 5)  // TYPE set<string> ASSERT set::len($value) <= 5
 */
export function set<const I extends FieldInput>(
  inner: I,
  ...sizes: [length?: number] | [min: number, max: number]
): Collection<I, Set<ValueOf<I>>> {
  return collection('set', inner, sizes) as Collection<I, Set<ValueOf<I>>>;
}

/** The builder of the same kind and value type, without `.required()`'s mark (a default stays). */
type Unrequired<B> = (B extends RecordField<infer T>
  ? RecordField<T>
  : B extends StringField<infer T>
    ? StringField<T>
    : B extends NumberField<infer T>
      ? NumberField<T>
      : B extends ObjectField<infer T>
        ? ObjectField<T>
        : B extends FieldBuilder<infer T>
          ? FieldBuilder<T>
          : never) &
  (B extends Defaulted ? Defaulted : unknown);

/**
 * Explicitly optional (NONE allowed), keeping the inner builder's kind and modifiers; a `.required()`
 * inside is dropped, so the record type's key is optional too.
 * @example option('string')  // TYPE option<string>
 * @example option(object()).flexible()  // TYPE option<object> FLEXIBLE
 */
export function option<B extends AnyField>(inner: B): Unrequired<B>;
export function option<const N extends TypeName>(inner: N): BuilderOfName<N>;
export function option(inner: FieldInput): AnyField {
  const builder = toBuilder(inner, 'option()');
  const type = printType(optional(parseType(builder.def.type)));
  return rebuild(builder, { type, required: false });
}
