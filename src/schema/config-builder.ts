import { SchemaError } from '../errors.js';
import type { ConfigModel } from '../model/schema.js';

/**
 * A DEFINE CONFIG statement: the text after `DEFINE CONFIG`, starting with GRAPHQL or API.
 * @example config('GRAPHQL AUTO')  // DEFINE CONFIG GRAPHQL AUTO
 * @example config('graphql', 'TABLES INCLUDE user FUNCTIONS NONE')  // DEFINE CONFIG GRAPHQL TABLES INCLUDE user FUNCTIONS NONE
 */
export function config(kindOrDefinition: string, definition?: string): ConfigModel {
  const text = (definition === undefined ? kindOrDefinition : `${kindOrDefinition} ${definition}`).trim();
  const match = /^(graphql|api)\b\s*(.*)$/is.exec(text);
  if (!match) {
    throw new SchemaError(`config '${text}': a config starts with GRAPHQL or API.`, {
      where: 'configs',
      hint: "Write e.g. config('GRAPHQL AUTO').",
    });
  }
  const kind = match[1]!.toLowerCase() as ConfigModel['kind'];
  return Object.freeze({ kind, definition: `${kind.toUpperCase()}${match[2] ? ` ${match[2]}` : ''}` });
}
