/**
 * The `Tables:` line of `status`: every name when they fit in `width` characters, otherwise the count
 * and as many names as fit (`Tables (500): t0, t1, … and 488 more`).
 *
 * @example tableList(['user', 'post']) // 'Tables: user, post'
 */
export function tableList(names: readonly string[], width = 100): string {
  if (names.length === 0) return 'Tables: (none)';
  const all = `Tables: ${names.join(', ')}`;
  if (all.length <= width) return all;
  const head = `Tables (${names.length}): `;
  const shown: string[] = [];
  for (const name of names) {
    const rest = names.length - shown.length - 1;
    const candidate = `${head}${[...shown, name].join(', ')}, … and ${rest} more`;
    if (candidate.length > width && shown.length > 0) break;
    shown.push(name);
  }
  const rest = names.length - shown.length;
  return rest === 0 ? `${head}${shown.join(', ')}` : `${head}${shown.join(', ')}, … and ${rest} more`;
}
