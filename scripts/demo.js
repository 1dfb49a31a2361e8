#!/usr/bin/env node
// The "Your first migration" walkthrough, run for real in a temporary folder on an embedded on-disk
// database: every step's command and what it prints.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seed = join(root, 'scripts', 'seed');
const cli = join(root, 'bin', 'smig.js');
const dir = mkdtempSync(join(tmpdir(), 'smig-demo-'));
const keep = process.argv.includes('--keep');

// The user's project: smig installed in node_modules, a schema.js of their own.
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules', 'smig'), 'dir');

let failed = false;

function smig(...args) {
  console.log(`\n$ smig ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  process.stdout.write(r.stdout);
  process.stdout.write(r.stderr);
  if (r.status !== 0) {
    console.log(`(exit code ${r.status})`);
    failed = true;
  }
  return r;
}

function step(title, schemaFile) {
  console.log(`\n=== ${title} ===`);
  if (schemaFile) {
    copyFileSync(join(seed, schemaFile), join(dir, 'schema.js'));
    console.log(`(schema.js is now scripts/seed/${schemaFile})`);
  }
}

console.log(`smig walkthrough in ${dir}`);
step('Step 1: define the user table', '1-user.js');
smig('validate');
step('Step 2: generate the migration');
smig('diff', '--message', 'Add user table');
step('Step 3: apply the migration');
smig('push');
step('Step 4-5: add posts and comments', '2-posts.js');
smig('diff', '--message', 'Add post and comment tables');
smig('push');
step('Step 6-7: add avatar and role to users', '3-avatar.js');
smig('diff', '--message', 'Add avatar and role to user');
smig('push');
step('Checking status');
smig('status');
console.log(`\nmigrations/: ${readdirSync(join(dir, 'migrations')).join(', ')}`);
step('Rolling back the last migration');
smig('rollback', '--yes');
smig('status');
step('Pushing it again');
smig('push');
smig('diff');
smig('status');

if (!keep) rmSync(dir, { recursive: true, force: true });
console.log(failed ? '\nThe walkthrough had errors (see above).' : '\nThe walkthrough completed.');
process.exit(failed ? 1 : 0);
