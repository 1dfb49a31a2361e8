#!/usr/bin/env node
// `npm test`: lint, build, then the type check and the test suite side by side (the suite runs the
// built CLI; the type check only reads). Exits non-zero when any of them fails. Arguments go to vitest.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);

function runSync(label, command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${label} failed.`);
    process.exit(r.status ?? 1);
  }
}

function run(command, args, options) {
  return new Promise((done) => {
    const child = spawn(command, args, options);
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

runSync('The lint (biome check)', bin('biome'), ['check', '.']);
runSync('The build', bin('tsc'), ['-p', 'tsconfig.build.json', '--noCheck']);
// The type check's output is held back until the suite is done, so the two do not interleave.
const typecheck = run(bin('tsc'), ['--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
const suite = await run(bin('vitest'), ['run', ...process.argv.slice(2)], { stdio: 'inherit' });
const types = await typecheck;
if (types.code !== 0) console.error(`\nThe type check (tsc --noEmit) failed:\n${types.output}`);
process.exit(suite.code !== 0 ? suite.code : types.code);
