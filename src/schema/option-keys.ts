import { SchemaError } from '../errors.js';

/** Edit distance between two short names (insertions, deletions, substitutions, swaps). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The known name closest to `name`, when it is close enough to be a likely typo (or differs only in
 * case or by a plural `s`).
 *
 * @example closestName('coment', ['comment', 'drop'])  // 'comment'
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (best === undefined || d < best.d) best = { name: k, d };
  }
  if (best === undefined) return undefined;
  const close = best.d <= Math.max(1, Math.floor(Math.min(name.length, best.name.length) / 3));
  if (close) return best.name;
  // `retries` for `retry`, `includeOrig` for `includeOriginal`: a long shared start is a likely slip.
  const shared = known
    .map((k) => ({ name: k, n: sharedStart(lower, k.toLowerCase()) }))
    .sort((a, b) => b.n - a.n);
  const [first, second] = shared;
  return first !== undefined && first.n >= 4 && first.n !== second?.n ? first.name : undefined;
}

/** `did you mean \`comment\`?` or the list of what is known. */
export function suggestion(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  return near === undefined
    ? `Known keys: ${known.map((k) => `\`${k}\``).join(', ')}.`
    : `Did you mean \`${near}\`?`;
}

/**
 * Refuses keys an options object does not know, so that a typo never goes unnoticed: smig would
 * otherwise build a schema without the option and say nothing.
 *
 * @example checkOptionKeys({ table: 'user', coment: 'x' }, ['table', 'comment'], 'table user')
 * // SchemaError: table user: unknown option `coment`. Did you mean `comment`?
 */
export function checkOptionKeys(options: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    throw new SchemaError(`${where}: unknown option \`${key}\`. ${suggestion(key, known)}`, {
      where,
      hint: `${where} takes ${known.map((k) => `\`${k}\``).join(', ')}.`,
    });
  }
}

type Kind = 'string' | 'boolean' | 'number' | 'object' | 'strings';

function hasKind(value: unknown, kind: Kind): boolean {
  if (kind === 'strings') {
    return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  }
  if (kind === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === kind;
}

const kindNames: Record<Kind, string> = {
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  object: 'an object',
  strings: 'a string or an array of strings',
};

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? `the string '${value}'` : `${typeof value} ${String(value)}`;
}

/**
 * Refuses an option whose value is of the wrong kind (`schemafull: 'yes'`), which would otherwise be
 * read as something else or ignored. Absent (undefined) options pass.
 *
 * @example checkOptionKinds({ drop: 'yes' }, { drop: 'boolean' }, 'table user')
 * // SchemaError: table user: `drop` must be true or false, not the string 'yes'.
 */
export function checkOptionKinds(
  options: Readonly<Record<string, unknown>>,
  kinds: Readonly<Record<string, Kind | readonly Kind[]>>,
  where: string,
): void {
  for (const [key, kind] of Object.entries(kinds)) {
    const value = options[key];
    if (value === undefined) continue;
    const allowed: readonly Kind[] = typeof kind === 'string' ? [kind] : kind;
    if (allowed.some((k) => hasKind(value, k))) continue;
    throw new SchemaError(
      `${where}: \`${key}\` must be ${allowed.map((k) => kindNames[k]).join(' or ')}, not ${describe(value)}.`,
      { where },
    );
  }
}
