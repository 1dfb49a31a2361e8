import { afterAll, describe, expect, it } from 'vitest';
import { array, defineSchema, fn, option, set } from '../../src/index.js';
import { TempProject } from '../helpers/project.js';

/**
 * Schemas and databases written elsewhere: each goes through the whole loop on the real engine — diff,
 * push, status in sync, nothing left to diff, pull, and the pulled file diffs clean against the database.
 */
function loop(p: TempProject, schema: string): void {
  p.write('schema.js', schema);
  const steps: [string, string[]][] = [
    ['diff', ['diff', '-m', 'start']],
    ['push', ['push']],
    ['status', ['status', '--check']],
    ['re-diff', ['diff', '--exit-code']],
    ['pull', ['pull', '-o', 'pulled.js']],
  ];
  for (const [name, args] of steps) {
    const r = p.smig(args);
    expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(0);
  }
  p.write('schema.js', p.read('pulled.js'));
  const again = p.smig(['diff', '--exit-code']);
  expect(again.code, `the pulled schema differs: ${again.stdout}${again.stderr}`).toBe(0);
  const status = p.smig(['status', '--check']);
  expect(status.code, `status after pull: ${status.stdout}${status.stderr}`).toBe(0);
}

const header =
  "import { any, array, composeSchema, defineRelation, defineSchema, fn, int, option, record, set, string } from 'smig';";

describe('record, table and file types anywhere a type is taken', () => {
  it('accepts record<…> inside option, array and set, and in function signatures', () => {
    const post = defineSchema({
      table: 'post',
      fields: {
        author: option('record<user>'),
        related: array('record<post>'),
        tags: set('record<tag>'),
        kind: option('table<user>'),
      },
    });
    expect(post.model.fields.map((f) => [f.name, f.type])).toEqual([
      ['author', 'option<record<user>>'],
      ['related', 'array<record<post>>'],
      ['tags', 'set<record<tag>>'],
      ['kind', 'option<table<user>>'],
    ]);
    const owner = fn('fn::owner')
      .param('p', 'record<post>')
      .returns('option<record<user>>')
      .body('RETURN $p.author;');
    expect(owner.model.params).toEqual([{ name: 'p', type: 'record<post>' }]);
    expect(owner.model.returns).toBe('option<record<user>>');
  });
});

describe('foreign schemas round-trip on the engine', () => {
  const projects: TempProject[] = [];
  const project = () => {
    const p = new TempProject('smig-foreign-');
    projects.push(p);
    return p;
  };
  afterAll(() => {
    for (const p of projects) p.remove();
  });

  it('a function with record parameters and file fields', () => {
    loop(
      project(),
      `${header}
const user = defineSchema({ table: 'user', fields: { name: string() } });
const post = defineSchema({ table: 'post', fields: {
  author: option('record<user>'),
  related: array('record<post>'),
  attachment: option('file<docs>'),
  files: array('file<docs | media>'),
} });
export default composeSchema({
  models: { user, post },
  functions: { owner: fn('fn::owner').param('p', 'record<post>').returns('option<record<user>>').body('RETURN $p.author;') },
});
`,
    );
  });

  it('a normal table with fields named in and out', () => {
    loop(
      project(),
      `${header}
const link = defineSchema({ table: 'link', fields: { in: string().required(), out: int() } });
export default composeSchema({ models: { link } });
`,
    );
  });

  it('customised implicit fields: an array element and a relation end', () => {
    loop(
      project(),
      `${header}
const user = defineSchema({ table: 'user', fields: {
  tags: array('string'),
  'tags.*': string().assert('string::len($value) > 0'),
} });
const follows = defineRelation({ name: 'follows', from: 'user', to: 'user', fields: {
  in: record('user').required().comment('src'),
} });
export default composeSchema({ models: { user }, relations: { follows } });
`,
    );
  });

  it('fields named with keywords', () => {
    loop(
      project(),
      `${header}
const trip = defineSchema({ table: 'trip', fields: { from: string(), where: string(), value: int(), type: string() } });
export default composeSchema({ models: { trip } });
`,
    );
  });
});
