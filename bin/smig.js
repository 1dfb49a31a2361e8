#!/usr/bin/env node
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  // Answered without loading the command line parser: scripts call it to check what is installed.
  const { smigVersion } = await import('../dist/version.js');
  process.stdout.write(`${smigVersion}\n`);
} else {
  const { main } = await import('../dist/cli/main.js');
  main(args);
}
