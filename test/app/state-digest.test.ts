import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { parseDatabaseUrl } from '../../src/engine/url.js';
import { IntegrityError } from '../../src/errors.js';
import { diff, getStatus, migrate } from '../../src/index.js';
import { introspect } from '../../src/introspect/introspect.js';
import { stateDigest } from '../../src/model/snapshot.js';
import { projectWithApp } from '../helpers/app-project.js';

/**
 * The last migration of a push notes in its ledger record the digest of the schema it left; a later
 * push without `.smig/cache/` takes a live schema with that digest for the ledger's state instead of
 * replaying the history, and anything else the usual way.
 */
describe('the state digest in the ledger', () => {
  const { p, app, at, query } = projectWithApp('smig-state-digest-');
  const schema = (extra: string) => `import { composeSchema, defineSchema, int, string } from 'smig';
export default composeSchema({ models: {
  a: defineSchema({ table: 'a', fields: { x: int() } }),
  b: defineSchema({ table: 'b', fields: { y: string()${extra} } }),
} });`;
  const noted = async () =>
    (
      await query<[(string | null)[]]>(
        '(SELECT seq, state_digest FROM _smig_migrations ORDER BY seq).state_digest',
      )
    )[0];
  const liveDigest = async () => {
    const db = await Connection.borrow(app, parseDatabaseUrl('mem://', p.dir), 'app', 'main');
    try {
      return stateDigest(await introspect(db));
    } finally {
      await db.close();
    }
  };

  it('is the digest of the schema the push left, noted with its last migration', async () => {
    p.write('schema.js', schema(''));
    await diff({ cwd: p.dir, environment: {}, message: 'one', cache: false });
    await migrate(at);
    expect(await noted()).toEqual([await liveDigest()]);
    // A migration that writes records is not staged; it notes the digest all the same.
    p.write('schema.js', schema(', w: int()'));
    await diff({ cwd: p.dir, environment: {}, message: 'two', cache: false });
    p.write('schema.js', schema(', w: int(), v: int()'));
    await diff({ cwd: p.dir, environment: {}, message: 'three', cache: false });
    await migrate(at);
    const digests = await noted();
    expect(digests).toHaveLength(3);
    expect(digests[1] ?? undefined).toBeUndefined();
    expect(digests[2]).toBe(await liveDigest());
  });

  it('stands for the history: a live schema with it is not replayed (a broken stored history does not matter)', async () => {
    // The stored forward section of the first migration no longer replays: only a replay would notice.
    await app.query('UPDATE _smig_migrations SET up = \'THROW "not replayed";\' WHERE seq = 1').collect();
    p.write('schema.js', schema(', w: int(), v: int(), u: int()'));
    await diff({ cwd: p.dir, environment: {}, message: 'four', cache: false });
    const done = await migrate(at);
    expect(done.migrations.map((m) => m.message)).toEqual(['four']);
    expect((await noted()).at(-1)).toBe(await liveDigest());
  });

  it('anything else is compared the usual way: a change by hand is drift', async () => {
    await app.query('DEFINE FIELD by_hand ON a TYPE option<int>').collect();
    p.write('schema.js', schema(', w: int(), v: int(), u: int(), t: int()'));
    await diff({ cwd: p.dir, environment: {}, message: 'five', cache: false });
    // The history is replayed now, and the broken stored section says so.
    const refused = await migrate(at).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(IntegrityError);
    expect((refused as Error).message).toContain('not replayed');
    await app.query('REMOVE FIELD by_hand ON a').collect();
  });

  it('without a digest (a ledger written by an earlier version), the history is replayed', async () => {
    await app.query('UPDATE _smig_migrations SET state_digest = NONE').collect();
    const refused = await migrate(at).catch((e: Error) => e);
    expect((refused as Error).message).toContain('not replayed');
    const status = await getStatus(at);
    expect(status.pending).toHaveLength(1);
  });
});
