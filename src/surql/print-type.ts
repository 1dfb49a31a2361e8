import { quoteIdent } from './ident.js';
import type { SurrealType } from './type.js';

/**
 * Writes a type back as SurrealQL. Names are quoted by the one identifier quoter, so
 * `record<weird-name>` can never be written unquoted.
 *
 * @example printType({ kind: 'array', element: { kind: 'record', names: ['post'] }, size: 10 })
 *   // 'array<record<post>, 10>'
 */
export function printType(type: SurrealType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'option':
      return `option<${printType(type.inner)}>`;
    case 'array':
    case 'set': {
      if (type.element === undefined) return type.kind;
      const size = type.size === undefined ? '' : `, ${type.size}`;
      return `${type.kind}<${printType(type.element)}${size}>`;
    }
    case 'record':
    case 'table':
    case 'file':
      return type.names.length === 0 ? type.kind : `${type.kind}<${type.names.map(quoteIdent).join(' | ')}>`;
    case 'geometry':
      return type.kinds.length === 0 ? 'geometry' : `geometry<${type.kinds.join(' | ')}>`;
    case 'literal':
    case 'opaque':
      return type.text;
    case 'union':
      return type.members.map(printType).join(' | ');
  }
}
