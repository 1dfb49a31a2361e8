import { Argument, Command, CommanderError, Option } from 'commander';
import { InterruptedError, UsageError } from '../errors.js';
import { smigVersion } from '../version.js';
import { type CompletionShell, completionShells } from './completion.js';
import type { GlobalOptions } from './context.js';
import { errorOutput } from './error-output.js';
import { formatError } from './format-error.js';

type Handler = (options: never) => Promise<number>;

function build(setExit: (code: number) => void): Command {
  const program = new Command('smig')
    .description('Schema-as-code and automatic migrations for SurrealDB 3')
    .version(smigVersion, '--version')
    .option('--config <file>', 'config file (default: smig.config.{ts,mts,js,mjs,json})')
    .option('--env <name>', 'environment from the config file')
    .option(
      '--url <url>',
      'database URL: surrealkv://path, rocksdb://path, mem://, ws(s)://host, http(s)://host',
    )
    .option('-n, --namespace <ns>', 'namespace')
    .option('-d, --database <db>', 'database')
    .option('-u, --username <user>', 'username to sign in with')
    .option('-p, --password <password>', 'password to sign in with (prefer SMIG_PASSWORD)')
    .addOption(
      new Option('--auth-level <level>', 'what the user is defined on').choices([
        'root',
        'namespace',
        'database',
      ]),
    )
    .option('-s, --schema <file>', 'schema file (default: schema.ts)')
    .option('--migrations <dir>', 'migrations folder (default: ./migrations)')
    .option('--json', 'machine-readable output on stdout')
    .option('-y, --yes', 'never prompt; confirm what would be asked')
    .option('--no-color', 'no colours')
    .option('--connect-timeout <seconds>', 'how long to wait for the database', '10')
    .option(
      '--load-timeout <seconds>',
      'how long the schema and config files may take to load (default 30; 0: no limit)',
    )
    .option('--debug', 'show stack traces')
    .showSuggestionAfterError(true)
    // Commander's own errors are rethrown (exitOverride) and printed by `run` like every other error.
    .configureOutput({ outputError: () => undefined })
    .exitOverride();

  // A command's module (and what it needs: the engine, the SDK, the loader) is imported only when that
  // command runs, so that `smig --version` or `smig --help` loads none of it.
  const action =
    (load: () => Promise<Handler>) =>
    async (_opts: unknown, command: Command): Promise<void> => {
      const handler = await load();
      setExit(await handler(command.optsWithGlobals() as never));
    };

  program
    .command('init')
    .description('write a starter schema.ts, smig.config.ts and migrations/')
    .option('--force', 'overwrite existing files')
    .action(action(() => import('./commands/init.js').then((m) => m.initCommand)));
  program
    .command('diff')
    .description('show the migration from the migration history to the schema file; with -m, write it')
    .option('-m, --message <message>', 'write the migration with this message')
    .option('--exit-code', 'exit with 2 when there are changes')
    .action(action(() => import('./commands/diff.js').then((m) => m.diffCommand)));
  // Earlier smig's name for writing a migration.
  program
    .command('generate')
    .description('write the migration from the migration history to the schema file (diff -m)')
    .requiredOption('-m, --message <message>', 'the migration message')
    .action(action(() => import('./commands/diff.js').then((m) => m.diffCommand)));
  program
    .command('new')
    .description(
      'write an empty migration for hand-written statements (data changes), proven at push like any other',
    )
    .requiredOption('-m, --message <message>', 'the migration message')
    .action(action(() => import('./commands/new.js').then((m) => m.newCommand)));
  program
    .command('push')
    .alias('migrate')
    .description('apply pending migrations (alias: migrate)')
    .option('--dry-run', 'show what would run, change nothing')
    .option('--allow-drift', 'apply even though the database differs from its migration history')
    .option('--allow-out-of-order', 'apply a pending migration older than the newest applied one')
    .option('--allow-data-loss', 'apply changes that remove or invalidate data')
    .option('--allow-ephemeral', 'allow an in-memory target (mem://), whose changes are discarded at exit')
    .option('--lock-timeout <seconds>', 'how long to wait for another migration to finish', '30')
    .action(action(() => import('./commands/push.js').then((m) => m.pushCommand)));
  program
    .command('sync')
    .description(
      'apply the schema file straight to a development database, without a migration file; --watch: again on every save',
    )
    .option('--watch', 'sync again whenever the schema file (or a file it imports) is saved, until Ctrl-C')
    .option('--dry-run', 'show the statements, change nothing')
    .option('--allow-data-loss', 'apply changes that remove or invalidate data')
    .option('--allow-ephemeral', 'allow an in-memory target (mem://), whose changes are discarded at exit')
    .option('--force', 'sync a database that is not on this machine (not embedded, not on localhost)')
    .option('--lock-timeout <seconds>', 'how long to wait for another migration or sync to finish', '30')
    .action(action(() => import('./commands/sync.js').then((m) => m.syncCommand)));
  program
    .command('rollback')
    .description('run the stored rollback of the newest applied migration(s)')
    .option('--to <id>', 'roll back every migration applied after this one')
    .option('--steps <n>', 'how many migrations to roll back')
    .option('--dry-run', 'show what would run, change nothing')
    .option('--allow-data-loss', 'roll back even though it removes data')
    .option('--allow-ephemeral', 'allow an in-memory target (mem://), whose changes are discarded at exit')
    .option('--lock-timeout <seconds>', 'how long to wait for another migration to finish', '30')
    .action(action(() => import('./commands/rollback.js').then((m) => m.rollbackCommand)));
  program
    .command('squash')
    .description(
      'fold the applied migrations (up to --to) into one, recorded in place of them in the database',
    )
    .requiredOption('-m, --message <message>', 'the squashed migration message')
    .option('--to <id>', 'the newest migration to fold (default: every applied one)')
    .option('--lock-timeout <seconds>', 'how long to wait for another migration to finish', '30')
    .action(action(() => import('./commands/squash.js').then((m) => m.squashCommand)));
  program
    .command('rebase')
    .description('re-plan migrations made on another branch on top of the current history')
    .action(action(() => import('./commands/rebase.js').then((m) => m.rebaseCommand)));
  program
    .command('status')
    .description('applied and pending migrations, and whether the database matches the schema file')
    .option('--check', 'exit with 2 when anything is pending or out of sync')
    .action(action(() => import('./commands/status.js').then((m) => m.statusCommand)));
  program
    .command('validate')
    .description('check the schema file and prove it on the engine')
    .action(action(() => import('./commands/validate.js').then((m) => m.validateCommand)));
  program
    .command('config')
    .description('show the resolved settings and where each comes from')
    .option('--show-secrets', 'show passwords')
    .action(action(() => import('./commands/config.js').then((m) => m.configCommand)));
  program
    .command('ping')
    .description('check the connection to the database')
    .action(action(() => import('./commands/ping.js').then((m) => m.pingCommand)));
  program
    .command('pull')
    .description('write a schema file that reproduces the existing database')
    .option('-o, --output <file>', 'the file to write (default: the configured schema file)')
    .option('--force', 'overwrite an existing file')
    .action(action(() => import('./commands/pull.js').then((m) => m.pullCommand)));
  program
    .command('baseline')
    .description('record the existing database as the first migration, without running it')
    .requiredOption('-m, --message <message>', 'the migration message')
    .option('--lock-timeout <seconds>', 'how long to wait for another migration to finish', '30')
    .action(action(() => import('./commands/baseline.js').then((m) => m.baselineCommand)));
  program
    .command('resolve')
    .description(
      'repair the ledger without running anything, after checking that the database matches: --applied records a migration (and every pending one before it), --rolled-back removes one',
    )
    .option('--applied <id>', 'record this pending migration as applied')
    .option('--rolled-back <id>', 'remove this applied migration from the ledger')
    .option('--lock-timeout <seconds>', 'how long to wait for another migration to finish', '30')
    .action(action(() => import('./commands/resolve.js').then((m) => m.resolveCommand)));
  program
    .command('unlock')
    .description('show the migration lock and release it (after confirmation, or with --yes)')
    .option('--lock-timeout <seconds>', 'how long to wait for the database store', '30')
    .action(action(() => import('./commands/unlock.js').then((m) => m.unlockCommand)));
  program
    .command('mermaid')
    .description(
      'entity-relationship diagram of the schema (Mermaid erDiagram); --html for a page that renders it',
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addOption(
      new Option('--detail <level>', 'minimal: keys and links only; full: every field and type')
        .choices(['minimal', 'full'])
        .default('full'),
    )
    .option('--html', 'write a self-contained HTML page that renders the diagram offline (needs -o)')
    .action(action(() => import('./commands/mermaid.js').then((m) => m.mermaidCommand)));
  program
    .command('completion')
    .description('print a shell completion script: source <(smig completion bash), or zsh, or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices(completionShells))
    .action(async (shell: CompletionShell) => {
      const { completionCommand } = await import('./commands/completion.js');
      setExit(completionCommand(program, shell, { json: program.opts<{ json?: boolean }>().json ?? false }));
    });
  return program;
}

/**
 * Commander's parse errors (`error: unknown option '--x'\n(Did you mean --y?)`) as a usage error with
 * the command it concerns and a hint.
 */
function usageError(error: CommanderError, program: Command, argv: readonly string[]): UsageError {
  const [first = error.message, ...rest] = error.message.split('\n');
  const what = first.replace(/^error:\s*/, '');
  const suggestion = rest.join(' ').replace(/[()]/g, '').trim();
  const names = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const command = argv.find((a) => names.has(a));
  const invocation = command === undefined ? 'smig' : `smig ${command}`;
  return new UsageError(`${what.charAt(0).toUpperCase()}${what.slice(1)}`.replace(/\.?$/, '.'), {
    where: invocation,
    hint: `${suggestion === '' ? '' : `${suggestion} `}Run \`${invocation} --help\` to see what it accepts.`,
    cause: error,
  });
}

/** Runs one command line and returns its exit code; never throws. */
export async function run(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = build((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (thrown) {
    let error = thrown;
    if (error instanceof CommanderError) {
      // Help and version are printed by commander and are not errors.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      // `smig` alone prints the help on stderr: nothing more to say to people, but --json promised a document.
      if (error.code === 'commander.help') {
        if (argv.includes('--json')) printErrorDocument(noCommand());
        return 1;
      }
      error = usageError(error, program, argv);
    }
    printError(error, argv);
    return error instanceof InterruptedError ? 130 : 1;
  }
}

/** Prints an error as one paragraph on stderr (and, with --json, as a JSON document on stdout). */
function printError(error: unknown, argv: readonly string[]): void {
  const debug = argv.includes('--debug');
  const color = !argv.includes('--no-color') && Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  process.stderr.write(`${formatError(error, { debug, color })}\n`);
  if (argv.includes('--json')) printErrorDocument(error);
}

/** The `--json` document of an error, on stdout. */
function printErrorDocument(error: unknown): void {
  process.stdout.write(`${JSON.stringify(errorOutput(error), null, 2)}\n`);
}

function noCommand(): UsageError {
  return new UsageError('No command given.', {
    where: 'smig',
    hint: 'Run `smig --help` to see the commands.',
  });
}

/**
 * Node exits with code 0 when nothing is left to run, even while a promise is still pending — a command
 * waiting on something that can never happen would look like a success. This reports it as an error.
 */
function failIfAbandoned(argv: readonly string[]): () => void {
  const abandoned = () => {
    printError(
      new UsageError(
        'smig stopped before the command finished: it was left waiting for something that can never happen (Node.js had nothing left to run), so no result was computed.',
        {
          hint: 'The usual cause is a top-level `await` in the schema or config file that never settles: fix it, or bound it with --load-timeout <seconds>. Otherwise run again with --debug and report it.',
        },
      ),
      argv,
    );
    process.exit(1);
  };
  process.once('beforeExit', abandoned);
  return () => process.off('beforeExit', abandoned);
}

/** The CLI entry point. The embedded engine keeps the process alive after some statements, so exit explicitly. */
export async function main(argv: readonly string[]): Promise<never> {
  // `smig diff | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const finished = failIfAbandoned(argv);
  const code = await run(argv);
  finished();
  // Let stdout drain before exiting (pipes are asynchronous).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

export type { GlobalOptions };
