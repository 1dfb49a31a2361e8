// `diff()` of the programmatic API, called in one process: one call to warm up, then the time of each
// further call (a tool that diffs on every save). Prints `{ min, median }` in ms.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, runs = '5'] = process.argv.slice(2);
const { diff } = await import(pathToFileURL(join(dir, 'node_modules', 'smig', 'dist', 'index.js')).href);
await diff({ cwd: dir });
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const started = performance.now();
  const { result } = await diff({ cwd: dir });
  times.push(performance.now() - started);
  if (result.changes.length > 0) throw new Error('the schema file and the history differ');
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ min: times[0], median: times[Math.floor(times.length / 2)] }));
process.exit(0);
