import { init } from '../../app/init.js';
import { type GlobalOptions, outputFor } from '../context.js';
import { type InitOutput, jsonSchemaVersion } from '../json-output.js';

export async function initCommand(options: GlobalOptions & { force?: boolean }): Promise<number> {
  const out = outputFor(options);
  const result = init(process.cwd(), { force: options.force ?? false });
  const output: InitOutput = {
    schemaVersion: jsonSchemaVersion,
    created: result.created,
    updated: result.updated,
  };
  out.result(output);
  for (const path of result.created) out.line(`${out.paint.green('created')} ${path}`);
  for (const path of result.updated)
    out.line(`${out.paint.green('updated')} ${path} (.smig/ and .env left out of version control)`);
  out.line();
  out.line('Next: edit schema.ts, then run `smig diff -m "Initial schema"` and `smig push`.');
  return 0;
}
