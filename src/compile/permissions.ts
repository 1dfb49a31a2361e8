import type { FieldPermissions, Rule, TablePermissions } from '../model/schema.js';

export function renderRule(rule: Rule): string {
  switch (rule.kind) {
    case 'full':
      return 'FULL';
    case 'none':
      return 'NONE';
    case 'where':
      return `WHERE ${rule.expr}`;
  }
}

function sameRule(a: Rule, b: Rule): boolean {
  return a.kind === b.kind && (a.kind !== 'where' || a.expr === (b as typeof a).expr);
}

/**
 * `PERMISSIONS FULL` (or NONE) when every action has that rule, otherwise the engine's grouping:
 * `PERMISSIONS FOR select FULL, FOR create, update NONE`. Actions left out keep the engine's default.
 */
function renderActions<A extends string>(
  actions: readonly A[],
  permissions: Partial<Record<A, Rule>>,
): string {
  const given = actions.filter((a) => permissions[a] !== undefined);
  if (given.length === 0) return '';
  const first = permissions[given[0]!]!;
  // A bare `PERMISSIONS WHERE …` does not parse; only FULL and NONE may stand without FOR.
  if (
    first.kind !== 'where' &&
    given.length === actions.length &&
    given.every((a) => sameRule(permissions[a]!, first))
  ) {
    return `PERMISSIONS ${renderRule(first)}`;
  }
  const groups: { actions: A[]; rule: Rule }[] = [];
  for (const action of given) {
    const rule = permissions[action]!;
    const group = groups.find((g) => sameRule(g.rule, rule));
    if (group) group.actions.push(action);
    else groups.push({ actions: [action], rule });
  }
  return `PERMISSIONS ${groups.map((g) => `FOR ${g.actions.join(', ')} ${renderRule(g.rule)}`).join(', ')}`;
}

export function renderTablePermissions(permissions: TablePermissions): string {
  return renderActions(['select', 'create', 'update', 'delete'] as const, permissions);
}

export function renderFieldPermissions(permissions: FieldPermissions): string {
  return renderActions(['select', 'create', 'update'] as const, permissions);
}
