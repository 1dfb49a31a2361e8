import { describe, expect, it } from 'vitest';
import { idiomRoot, printIdiom, readIdiom } from '../../src/surql/idiom.js';

describe('field idioms as the engine prints them', () => {
  it.each([
    ['name', 'name', 'name'],
    ['address.city', 'address', 'address.city'],
    ['`x.y`', 'x.y', '`x.y`'],
    ['`x.y`.z', 'x.y', '`x.y`.z'],
    ['tags.*', 'tags', 'tags.*'],
    ['tags[*]', 'tags', 'tags.*'],
    ['ab[0]', 'ab', 'ab[0]'],
    ['value', 'value', '`value`'],
    ['⟨a b⟩', 'a b', '`a b`'],
    ['`we\\`ird`', 'we`ird', '`we\\`ird`'],
  ])('%s: root %s, printed for a statement as %s', (idiom, root, printed) => {
    expect(idiomRoot(idiom)).toBe(root);
    expect(printIdiom(readIdiom(idiom))).toBe(printed);
  });
});
