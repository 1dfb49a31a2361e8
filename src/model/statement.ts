import type { EntityRef } from './entity.js';

/**
 * One SurrealQL statement that creates one entity, without its trailing semicolon. It may span several
 * lines (an ASSERT on a continuation line, a function body).
 */
export interface CompiledStatement {
  readonly ref: EntityRef;
  /** `DEFINE FIELD email ON TABLE user TYPE string …` */
  readonly sql: string;
  /** The same statement with OVERWRITE: `DEFINE FIELD OVERWRITE email ON TABLE user …` */
  readonly overwrite: string;
}
