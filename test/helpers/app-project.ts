import { createNodeEngines } from '@surrealdb/node';
import { Surreal } from 'surrealdb';
import { afterAll, beforeAll } from 'vitest';
import { TempProject } from './project.js';

/**
 * A project whose target is an application's own in-memory database, reached through its open SDK
 * connection (`at`, for the programmatic API). Called inside a describe: the connection lives as long
 * as that describe's tests, and the project folder is removed after them.
 */
export function projectWithApp(prefix: string) {
  const p = new TempProject(prefix);
  const app = new Surreal({ engines: createNodeEngines() });
  const at = { cwd: p.dir, environment: {}, surreal: app, namespace: 'app', database: 'main' };
  const query = async <T>(sql: string) => (await app.query(sql).collect()) as T;
  beforeAll(async () => {
    await app.connect('mem://');
    await app.use({ namespace: 'app', database: 'main' });
  });
  afterAll(async () => {
    await app.close();
    p.remove();
  });
  return { p, app, at, query };
}
