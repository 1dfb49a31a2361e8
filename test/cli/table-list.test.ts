import { describe, expect, it } from 'vitest';
import { tableList } from '../../src/cli/table-list.js';

describe('the Tables: line of status', () => {
  it('lists every table when they fit, as the walkthrough shows', () => {
    expect(tableList(['user', 'post', 'comment'])).toBe('Tables: user, post, comment');
    expect(tableList([])).toBe('Tables: (none)');
  });

  it('gives the count and as many names as fit in the width when there are many', () => {
    const names = Array.from({ length: 500 }, (_, i) => `table_${i}`);
    const line = tableList(names, 100);
    expect(line.length).toBeLessThanOrEqual(100);
    expect(line).toMatch(/^Tables \(500\): table_0, table_1, .*, … and \d+ more$/);
    const shown = line.slice('Tables (500): '.length).split(', ').length - 1;
    expect(line.endsWith(`… and ${500 - shown} more`)).toBe(true);
  });

  it('shows at least one name even when it is longer than the width', () => {
    expect(tableList(['a'.repeat(150), 'b'], 100)).toBe(`Tables (2): ${'a'.repeat(150)}, … and 1 more`);
  });
});
