import { describeFork } from '../../app/forks.js';
import { type StatusResult, status } from '../../app/status.js';
import { describeLockHolder } from '../../history/lock.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type StatusOutput } from '../json-output.js';
import { forkOutput, lockOutput, unmanagedOutput } from '../json-parts.js';
import { stopProgress } from '../output.js';
import { phaseText } from '../phase-text.js';
import { tableList } from '../table-list.js';
import { unmanagedLines } from '../unmanaged-lines.js';
import { lockState } from './unlock.js';

export interface StatusFlags {
  readonly check?: boolean;
}

export async function statusCommand(options: GlobalOptions & StatusFlags): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    // With --json a database that cannot be reached is an error document, as for every other command:
    // connecting first lets the connection's own error (code, where, hint) through.
    if (out.json) await project.connect();
    const s = await status(project, { onEvent: (e) => out.progress(phaseText(e)) });
    stopProgress();
    const dir = project.config.migrationsDir;
    if (s.connected) out.result(statusOutput(s, dir));
    const { green, red, yellow, bold } = out.paint;
    out.line(bold('Migration Status'));
    out.line('================');
    out.line();
    out.line(`Database: ${s.database}`);
    out.line(`Connected: ${s.connected ? green('✓') : `${red('✗')} ${s.connectionError ?? ''}`}`);
    if (!s.connected) {
      out.note(
        `Error: could not connect to ${s.url}.\n  → Check that the database is reachable (smig ping), or pass --url / --env.`,
      );
      return 1;
    }
    if (s.synced) {
      out.line(
        yellow(
          `Synced from ${s.synced.schema} at ${s.synced.at}, not by migrations (smig sync): push refuses it while its schema differs from its migration history.`,
        ),
      );
    }
    out.line();
    out.line(`Applied Migrations: ${s.applied.length}`);
    s.applied.forEach((m, i) => {
      out.line(`  ${i + 1}. ${m.appliedAt} - ${m.message}`);
    });
    if (s.pending.length > 0) {
      out.line();
      out.line(yellow(`Pending Migrations: ${s.pending.length}`));
      for (const m of s.pending) out.line(`  - ${m.id} - ${m.message}`);
    }
    if (s.rebased.length > 0) {
      out.line();
      out.line(yellow(`Rebased Migrations: ${s.rebased.length}`));
      for (const r of s.rebased)
        out.line(`  - ${r.id} replaces ${r.replaces}, applied here (smig push records it in its place)`);
    }
    if (s.forks.length > 0) {
      out.line();
      out.line(red('Forks:'));
      for (const fork of s.forks) out.line(`  ${describeFork(fork, dir)}`);
    }
    if (s.problems.length > 0) {
      out.line();
      out.line(red('Problems:'));
      for (const p of s.problems) out.line(`  - ${p.message}`);
    }
    if (s.lock) {
      out.line();
      const stale = s.lock.holder.gone || s.lock.expired;
      out.line(
        `${stale ? red('Lock:') : yellow('Lock:')} held by ${describeLockHolder(s.lock.holder)}; ${lockState(s.lock)}${stale ? ' (release it with `smig unlock`)' : ''}.`,
      );
    }
    out.line();
    out.line(tableList(s.tables));
    if (s.schemaError !== undefined) {
      out.line(`Schema: ${yellow('cannot compare')}: ${s.schemaError}`);
    } else if (s.inSync) {
      out.line(`Schema: In sync ${green('✓')}`);
    } else {
      out.line(`Schema: Out of sync ${red('✗')}`);
      for (const d of s.drift) out.line(`  - ${d.message}`);
    }
    const unmanaged = unmanagedLines(s.unmanaged);
    if (unmanaged.length > 0) out.line();
    for (const line of unmanaged) out.line(line);
    const clean =
      s.pending.length === 0 &&
      s.rebased.length === 0 &&
      s.problems.length === 0 &&
      s.forks.length === 0 &&
      s.synced === null &&
      s.inSync === true;
    return options.check && !clean ? 2 : 0;
  });
}

/** The status of a database that was reached, as the `--json` document. */
function statusOutput(s: StatusResult, migrationsDir: string): StatusOutput {
  return {
    schemaVersion: jsonSchemaVersion,
    database: s.database,
    url: s.url,
    connected: true,
    connectionError: null,
    applied: s.applied.map((m) => ({ id: m.id, message: m.message, appliedAt: m.appliedAt })),
    pending: s.pending.map((m) => ({ id: m.id, message: m.message })),
    problems: s.problems,
    forks: s.forks.map((f) => forkOutput(f, migrationsDir)),
    rebased: s.rebased.map((r) => ({ id: r.id, replaces: r.replaces })),
    tables: s.tables,
    counts: s.counts,
    inSync: s.inSync ?? null,
    drift: s.drift,
    schemaError: s.schemaError ?? null,
    unmanaged: unmanagedOutput(s.unmanaged),
    lock: s.lock ? lockOutput(s.lock) : null,
    synced:
      s.synced === null
        ? null
        : {
            schema: s.synced.schema,
            at: s.synced.at,
            statements: s.synced.statements,
            smigVersion: s.synced.smigVersion,
          },
  };
}
