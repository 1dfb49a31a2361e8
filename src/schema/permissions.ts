import { SchemaError } from '../errors.js';
import type { FieldAction, FieldPermissions, Rule, TableAction, TablePermissions } from '../model/schema.js';
import { suggestion } from './option-keys.js';

/** `'FULL'`, `'NONE'`, `'WHERE $auth.id != NONE'` or a bare condition (`'$auth.admin = true'`), or a boolean. */
export type RuleInput = string | boolean;

export function toRule(input: RuleInput, where: string): Rule {
  if (input === true) return { kind: 'full' };
  if (input === false) return { kind: 'none' };
  if (typeof input !== 'string' || input.trim() === '') {
    throw new SchemaError(`${where}: a permission must be 'FULL', 'NONE' or a WHERE condition.`, {
      where,
      hint: "Write e.g. 'FULL', 'NONE' or 'WHERE $auth.id = id'.",
    });
  }
  const text = input.trim();
  if (/^full$/i.test(text)) return { kind: 'full' };
  if (/^none$/i.test(text)) return { kind: 'none' };
  const expr = text.replace(/^where\s+/i, '');
  return { kind: 'where', expr };
}

export type TablePermissionsInput = RuleInput | Partial<Record<TableAction, RuleInput>>;
export type FieldPermissionsInput = RuleInput | Partial<Record<FieldAction, RuleInput>>;

const clauseStart =
  /\bFOR\s+((?:select|create|update|delete)(?:\s*,\s*(?:select|create|update|delete))*)\s+/gi;

/**
 * A whole PERMISSIONS clause as earlier smig took it (`'FOR select WHERE a FOR update, delete NONE'`),
 * split into one rule per action. Actions it does not name keep the engine's default, as in SurrealQL.
 *
 * @example forClauses('FOR select FULL FOR update WHERE owner = $auth.id')
 * // { select: 'FULL', update: 'WHERE owner = $auth.id' }
 */
function forClauses(text: string, where: string): Record<string, string> {
  const starts = [...text.matchAll(clauseStart)];
  const first = starts[0];
  if (first === undefined || text.slice(0, first.index).trim() !== '') {
    throw new SchemaError(`${where}: cannot read the permissions '${text.trim()}'.`, {
      where,
      hint: "Write e.g. { select: 'FULL', update: 'WHERE owner = $auth.id' }.",
    });
  }
  const out: Record<string, string> = {};
  starts.forEach((match, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    const rule = text
      .slice((match.index ?? 0) + match[0].length, end)
      .trim()
      .replace(/,$/, '')
      .trim();
    for (const action of (match[1] ?? '').split(',')) out[action.trim().toLowerCase()] = rule;
  });
  return out;
}

function toPermissions<A extends string>(
  actions: readonly A[],
  input: RuleInput | Partial<Record<A, RuleInput>>,
  where: string,
): Partial<Record<A, Rule>> {
  if (typeof input === 'string' && /^\s*FOR\s/i.test(input)) {
    return toPermissions(actions, forClauses(input, where) as Partial<Record<A, RuleInput>>, where);
  }
  if (typeof input === 'string' || typeof input === 'boolean') {
    const rule = toRule(input, where);
    return Object.fromEntries(actions.map((a) => [a, rule])) as Partial<Record<A, Rule>>;
  }
  const out: Partial<Record<A, Rule>> = {};
  for (const [action, rule] of Object.entries(input) as [string, RuleInput | undefined][]) {
    if (!actions.includes(action as A)) {
      throw new SchemaError(`${where}: '${action}' is not a permission action here.`, {
        where,
        hint: `${suggestion(action, actions)} Use ${actions.join(', ')}.`,
      });
    }
    if (rule !== undefined) out[action as A] = toRule(rule, `${where} (${action})`);
  }
  return out;
}

export function toTablePermissions(input: TablePermissionsInput, where: string): TablePermissions {
  return Object.freeze(toPermissions(['select', 'create', 'update', 'delete'] as const, input, where));
}

export function toFieldPermissions(input: FieldPermissionsInput, where: string): FieldPermissions {
  return Object.freeze(toPermissions(['select', 'create', 'update'] as const, input, where));
}
