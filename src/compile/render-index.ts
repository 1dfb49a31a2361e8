import type { IndexKind, IndexModel } from '../model/schema.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteIdent } from '../surql/ident.js';
import { renderIdiom } from './idiom.js';
import { clauses, commentClause, defineStatement } from './statement.js';

function renderKind(kind: IndexKind): string | undefined {
  switch (kind.type) {
    case 'plain':
      return undefined;
    case 'unique':
      return 'UNIQUE';
    case 'count':
      return clauses('COUNT', kind.where !== undefined && `WHERE ${kind.where}`);
    case 'fulltext':
      return clauses(
        'FULLTEXT',
        kind.analyzer !== undefined && `ANALYZER ${quoteIdent(kind.analyzer)}`,
        kind.bm25 === true && 'BM25',
        typeof kind.bm25 === 'object' && `BM25(${kind.bm25.k1},${kind.bm25.b})`,
        kind.highlights && 'HIGHLIGHTS',
      );
    case 'hnsw':
      return clauses(
        `HNSW DIMENSION ${kind.dimension}`,
        kind.dist !== undefined && `DIST ${kind.dist.toUpperCase()}`,
        kind.vectorType !== undefined && `TYPE ${kind.vectorType.toUpperCase()}`,
        kind.efc !== undefined && `EFC ${kind.efc}`,
        kind.m !== undefined && `M ${kind.m}`,
        kind.m0 !== undefined && `M0 ${kind.m0}`,
        kind.lm !== undefined && `LM ${kind.lm}`,
        kind.extendCandidates && 'EXTEND_CANDIDATES',
        kind.keepPrunedConnections && 'KEEP_PRUNED_CONNECTIONS',
        kind.hashedVector && 'HASHED_VECTOR',
      );
  }
}

/**
 * `DEFINE INDEX email ON TABLE user FIELDS email UNIQUE`,
 * `DEFINE INDEX search ON TABLE post FIELDS body FULLTEXT ANALYZER english BM25 HIGHLIGHTS`.
 * A COUNT index has no FIELDS (the engine rejects them).
 */
export function renderIndex(index: IndexModel, table: string): CompiledStatement {
  const rest = clauses(
    `${quoteIdent(index.name)} ON TABLE ${quoteIdent(table)}`,
    index.kind.type !== 'count' && `FIELDS ${index.columns.map(renderIdiom).join(', ')}`,
    renderKind(index.kind),
    index.concurrently && 'CONCURRENTLY',
    commentClause(index.comment),
  );
  return defineStatement({ kind: 'index', table, name: index.name }, 'INDEX', rest);
}
