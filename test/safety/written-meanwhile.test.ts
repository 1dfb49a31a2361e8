import { describe, expect, it } from 'vitest';
import { DataLossError } from '../../src/errors.js';
import { diff, migrate } from '../../src/index.js';
import { projectWithApp } from '../helpers/app-project.js';

/**
 * The data check reads the records before the migration lock is taken; an application may write more
 * before the migrations' transaction runs. A record written then that does not fit the new schema must
 * not pass in silence.
 */
describe('records written while a push runs', () => {
  const { p, app, at } = projectWithApp('smig-meanwhile-');
  const schema = (type: string) =>
    p.write(
      'schema.js',
      `import { composeSchema, defineSchema, ${type} } from 'smig';
       export default composeSchema({ models: { item: defineSchema({ table: 'item', fields: { n: ${type}() } }) } });`,
    );

  it('a push whose new type a record written after the data check does not fit says so, and names it', async () => {
    schema('string');
    await diff({ ...at, message: 'items' });
    await migrate(at);
    await app.query("CREATE item:1 SET n = '1'; CREATE item:2 SET n = '2';").collect();
    schema('int');
    await diff({ ...at, message: 'n is an int' });
    // Every record there now converts: the check passes. The application writes one more before the lock.
    const pushed = await migrate({
      ...at,
      onEvent: (event) => {
        if (event.kind === 'phase' && event.phase === 'locking') {
          void app.query("CREATE item:late SET n = 'not a number'").collect();
        }
      },
    }).catch((error: unknown) => error);
    expect(pushed).toBeInstanceOf(DataLossError);
    const message = (pushed as Error).message;
    expect(message).toContain('were applied');
    expect(message).toMatch(/table item: 1 record\(s\) \(e\.g\. item:late\)/);
    expect(message).toContain('written while they were checked and applied');
    // The migration itself committed: the records that were there were converted.
    const [values] = await app.query('SELECT VALUE n FROM [item:1, item:2]').collect();
    expect(values).toEqual([1, 2]);
  });
});
