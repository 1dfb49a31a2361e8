import { afterAll, describe, expect, it } from 'vitest';
import { diff } from '../../src/index.js';
import { TempProject } from '../helpers/project.js';

const schema = (fields: string) => `
import { composeSchema, datetime, defineSchema, event, string } from 'smig';
export default composeSchema({ models: {
  note: defineSchema({ table: 'note', fields: { ${fields}, updatedAt: datetime().value('time::now()') },
    events: {
      audit: event().onUpdate().then('CREATE audit SET at = time::now()'),
      welcome: event().onCreate().then('CREATE audit SET at = time::now()'),
    } }),
} });`;

/** A statement that writes existing records says so, naming what writing them runs. */
describe('notes on statements that write existing records', () => {
  const p = new TempProject('smig-writes-');
  afterAll(() => p.remove());

  it('a field rename names the events it fires and the VALUE clauses it recomputes', async () => {
    p.write('schema.js', schema('title: string()'));
    await diff({ cwd: p.dir, environment: {}, message: 'notes' });
    p.write('schema.js', schema("heading: string().was('title')"));
    const made = await diff({ cwd: p.dir, environment: {}, message: 'rename title' });
    const text = made.written?.text ?? '';
    expect(text).toMatch(
      /-- moves the values of title to heading in every record of note; writing them fires event audit and recomputes the VALUE of updatedAt\nUPDATE note SET heading = title, title = NONE;/,
    );
    // The create-only event does not fire on an update.
    expect(text).not.toMatch(/fires events? .*welcome/);
  });

  it('a backfill says the same', async () => {
    p.write('schema.js', schema("heading: string().was('title'), kind: string().default('plain')"));
    const made = await diff({ cwd: p.dir, environment: {} });
    const forward = made.result.forward.find((s) => s.sql.startsWith('UPDATE note SET kind'));
    expect(forward?.comment).toMatch(/fires event audit and recomputes the VALUE of updatedAt/);
  });
});
