import { SmigError } from '../errors.js';
import { type ErrorOutput, jsonSchemaVersion } from './json-output.js';

/** An error as the `--json` contract's error document. */
export function errorOutput(error: unknown): ErrorOutput {
  const e = error instanceof Error ? error : new Error(String(error));
  const known = e instanceof SmigError ? e : undefined;
  return {
    schemaVersion: jsonSchemaVersion,
    error: {
      code: known?.code ?? 'UNEXPECTED',
      message: e.message,
      where: known?.where ?? null,
      hint: known?.hint ?? null,
    },
  };
}
