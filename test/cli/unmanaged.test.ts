import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/**
 * Definitions smig does not manage (DEFINE API, namespace- and root-level users and accesses, other
 * databases and namespaces) are named by status and pull, in words and in --json, and never drift or
 * get removed.
 */
const schema = (extra: string) => `
import { composeSchema, defineSchema, string } from 'smig';
const user = defineSchema({ table: 'user', fields: { name: string()${extra} } });
export default composeSchema({ models: { user } });
`;

describe('definitions smig does not manage', () => {
  const p = new TempProject('smig-unmanaged-');
  afterAll(() => p.remove());

  it('are listed by status, and the schema stays in sync', () => {
    p.write('schema.js', schema(''));
    expect(p.smig(['diff', '-m', 'users']).code).toBe(0);
    expect(p.smig(['push']).code).toBe(0);
    p.query(
      [
        "DEFINE API '/ping' FOR get THEN { RETURN { status: 200, body: 'pong' } };",
        "DEFINE USER ops ON NAMESPACE PASSWORD 'secret' ROLES OWNER;",
        "DEFINE ACCESS admin ON ROOT TYPE JWT ALGORITHM HS256 KEY 'k';",
        "DEFINE DATABASE other COMMENT 'not ours';",
      ].join('\n'),
    );
    const status = p.smig(['status', '--check']);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/In sync/);
    expect(status.stdout).toMatch(/Not managed by smig/);
    for (const name of ['api /ping', 'namespace user ops', 'root access admin', 'database other']) {
      expect(status.stdout).toContain(`  - ${name}`);
    }
    // The databases and namespaces smig selects itself, and the engine's own `main`, are not listed.
    expect(status.stdout).not.toMatch(/namespace (test|main)\b|database test\b/);

    const json = JSON.parse(p.smig(['status', '--json']).stdout) as {
      unmanaged: { definitions: { level: string; kind: string; name: string }[]; unchecked: unknown[] };
    };
    expect(json.unmanaged.definitions).toEqual([
      { level: 'database', kind: 'api', name: '/ping' },
      { level: 'namespace', kind: 'database', name: 'other' },
      { level: 'namespace', kind: 'user', name: 'ops' },
      { level: 'root', kind: 'access', name: 'admin' },
    ]);
    expect(json.unmanaged.unchecked).toEqual([]);
  });

  it('neither block a push nor are removed by it', () => {
    p.write('schema.js', schema(".comment('display name')"));
    expect(p.smig(['diff', '-m', 'comment']).code).toBe(0);
    const push = p.smig(['push']);
    expect(push.code, push.stderr).toBe(0);
    const [db, ns] = p.query('INFO FOR DB; INFO FOR NS;') as {
      apis: Record<string, string>;
      users: Record<string, string>;
    }[];
    expect(Object.keys(db!.apis)).toEqual(['/ping']);
    expect(Object.keys(ns!.users)).toEqual(['ops']);
  });

  it('are named by pull, which writes only what smig manages', () => {
    const pull = p.smig(['pull', '-o', 'pulled.ts', '--json']);
    expect(pull.code, pull.stderr).toBe(0);
    const result = JSON.parse(pull.stdout) as {
      exact: boolean;
      unmanaged: { definitions: { kind: string; name: string }[] };
    };
    expect(result.exact).toBe(true);
    expect(result.unmanaged.definitions.map((d) => `${d.kind} ${d.name}`)).toContain('api /ping');
    expect(pull.stderr).toMatch(/Not managed by smig/);
    expect(pull.stderr).toContain('  - api /ping');
  });
});
