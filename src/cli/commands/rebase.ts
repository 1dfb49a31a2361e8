import { rebase } from '../../app/rebase.js';
import { type GlobalOptions, outputFor, withProject } from '../context.js';
import { jsonSchemaVersion, type RebaseOutput } from '../json-output.js';

export async function rebaseCommand(options: GlobalOptions): Promise<number> {
  const out = outputFor(options);
  return withProject(options, async (project) => {
    const result = await rebase(project, { now: new Date() });
    const output: RebaseOutput = {
      schemaVersion: jsonSchemaVersion,
      rebased: result.rebased.map((r) => ({
        from: r.from,
        to: r.to,
        parent: r.parent,
        path: r.path,
        statements: r.statements,
        fromSchema: r.fromSchema,
      })),
    };
    out.result(output);
    if (result.rebased.length === 0) {
      out.line('Nothing to rebase: the migration history is linear.');
      return 0;
    }
    for (const r of result.rebased) {
      const how = r.statements === 'kept' ? 'its statements kept as written' : 're-planned';
      out.line(
        `${out.paint.green('✓')} Rebased ${r.from} as ${r.to} on top of ${r.parent} (${how}): ${r.path}`,
      );
      if (r.fromSchema.length > 0)
        out.line(`  ${r.fromSchema.join(', ')}: taken from ${project.config.schemaPath}`);
    }
    const old = result.rebased.map((r) => r.from).join(', ');
    out.line();
    out.line(
      `Review and commit the new file(s) and the removal of ${old}. On a database that applied ${old}, \`smig push\` applies the other branch's migrations and records the rebased file in place of the old one when both give the same schema; otherwise it stops and names the \`smig rollback\` to run first. Everywhere else, \`smig push\` as usual.`,
    );
    return 0;
  });
}
