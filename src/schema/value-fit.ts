import { renderLiteral } from '../compile/literal.js';
import type { LiteralValue, Value } from '../model/schema.js';
import { parseType } from '../surql/parse-type.js';
import type { GeometryKind, ScalarName, SurrealType } from '../surql/type.js';
import { unionMembers, withoutNone } from '../surql/type-ops.js';

/**
 * Whether a JS literal can be stored in a field of a type, judged as SurrealDB 3.0.2 coerces
 * (SURREALDB3.md): an integral number fits `int`, any number fits `float`/`decimal`/`number`, a string
 * fits nothing but `string` (not `decimal`, `datetime`, `uuid`, `record`, `bool`…), an array is never a
 * `set`, and NULL is not NONE. Expressions are not judged here: the engine judges them.
 */
export function literalFits(value: LiteralValue, type: SurrealType): boolean {
  switch (type.kind) {
    case 'scalar':
      return scalarFits(value, type.name);
    case 'option':
      return literalFits(value, type.inner);
    case 'array':
      return (
        Array.isArray(value) &&
        (type.size === undefined || value.length === type.size) &&
        value.every((v) => type.element === undefined || literalFits(v, type.element as SurrealType))
      );
    case 'set':
    case 'record':
      return false;
    case 'table':
      return typeof value === 'string' && (type.names.length === 0 || type.names.includes(value));
    case 'geometry':
      return geometryFits(value, type.kinds);
    case 'literal':
      return type.value === undefined || type.value === value;
    case 'file':
    case 'opaque':
      return true;
    case 'union':
      return type.members.some((m) => literalFits(value, m));
  }
}

const isPlainObject = (v: LiteralValue): v is { readonly [key: string]: LiteralValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function scalarFits(value: LiteralValue, name: ScalarName): boolean {
  switch (name) {
    case 'any':
      return true;
    case 'null':
      return value === null;
    case 'bool':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
    case 'float':
    case 'decimal':
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint';
    case 'object':
      return isPlainObject(value);
    default:
      // none, datetime, duration, uuid, bytes, regex, range, function: no JS literal is one.
      return false;
  }
}

const geoJsonTypes: Readonly<Record<GeometryKind, string>> = {
  point: 'Point',
  line: 'LineString',
  polygon: 'Polygon',
  multipoint: 'MultiPoint',
  multiline: 'MultiLineString',
  multipolygon: 'MultiPolygon',
  collection: 'GeometryCollection',
  feature: 'Feature',
};

function geometryFits(value: LiteralValue, kinds: readonly GeometryKind[]): boolean {
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  const allowed = kinds.length === 0 ? Object.values(geoJsonTypes) : kinds.map((k) => geoJsonTypes[k]);
  return allowed.includes(value.type);
}

function kindOf(value: LiteralValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'bigint':
      return 'an integer';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

function has(type: SurrealType, ...names: string[]): boolean {
  return unionMembers(withoutNone(type)).some(
    (m) => (m.kind === 'scalar' && names.includes(m.name)) || names.includes(m.kind),
  );
}

/** The value the user probably meant, written as they would write it in the schema. */
function suggestion(value: LiteralValue, type: SurrealType): string | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    const n = Number(text);
    if (text !== '' && Number.isFinite(n)) {
      if (has(type, 'float', 'decimal', 'number') || (has(type, 'int') && Number.isInteger(n))) return text;
    }
    if ((text === 'true' || text === 'false') && has(type, 'bool')) return text;
    if (has(type, 'datetime') && !Number.isNaN(Date.parse(text))) return `new Date('${text}')`;
    if (has(type, 'uuid')) return `surql\`u'${text}'\``;
    if (has(type, 'duration')) return "a duration such as '7d' or '1h30m'";
    if (has(type, 'record') && /^[^:\s]+:[^:\s]+$/.test(text)) return `surql\`${text}\``;
    if (has(type, 'datetime')) return 'surql`time::now()` or a Date';
    return undefined;
  }
  if (
    (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') &&
    has(type, 'string')
  )
    return `'${String(value)}'`;
  if (typeof value === 'number' && has(type, 'int') && Number.isFinite(value))
    return String(Math.round(value));
  if (Array.isArray(value) && has(type, 'set')) return `surql\`<set>${renderLiteral(value)}\``;
  if (value === null) return 'leaving it out (NULL is not NONE)';
  return undefined;
}

/**
 * Why a DEFAULT or VALUE given as a JS literal cannot be stored in its field, in the words of an error
 * (`default '0' is a string, the field is decimal; did you mean 0?`), or undefined when it fits or is
 * an expression.
 */
export function valueMisfit(clause: 'default' | 'value', value: Value, type: string): string | undefined {
  if (value.kind !== 'literal') return undefined;
  const parsed = parseType(type);
  if (literalFits(value.value, parsed)) return undefined;
  const guess = suggestion(value.value, parsed);
  const shown = renderLiteral(value.value);
  const what = `${clause} ${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}`;
  return `${what} is ${kindOf(value.value)}, the field is ${type}${guess ? `; did you mean ${guess}?` : '.'}`;
}
