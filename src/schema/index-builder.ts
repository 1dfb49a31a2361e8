import { SchemaError } from '../errors.js';
import type { IndexKind } from '../model/schema.js';
import { checkOptionKeys, checkOptionKinds } from './option-keys.js';
import { type Surql, toExpression } from './values.js';

const hnswOptionKeys = [
  'dimension',
  'dist',
  'type',
  'efc',
  'm',
  'm0',
  'lm',
  'extendCandidates',
  'keepPrunedConnections',
  'hashedVector',
];

export interface IndexDef {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly kind: IndexKind;
  readonly concurrently: boolean;
  readonly comment?: string;
  readonly was: readonly string[];
}

export type Distance =
  | 'euclidean'
  | 'cosine'
  | 'manhattan'
  | 'chebyshev'
  | 'hamming'
  | 'jaccard'
  | 'pearson'
  | (string & {});
export type VectorType = 'f64' | 'f32' | 'i64' | 'i32' | 'i16' | (string & {});

export interface HnswOptions {
  readonly dimension?: number;
  readonly dist?: Distance;
  readonly type?: VectorType;
  readonly efc?: number;
  readonly m?: number;
  readonly m0?: number;
  readonly lm?: number;
  readonly extendCandidates?: boolean;
  readonly keepPrunedConnections?: boolean;
  readonly hashedVector?: boolean;
}

type Hnsw = Extract<IndexKind, { type: 'hnsw' }>;
type Fulltext = Extract<IndexKind, { type: 'fulltext' }>;

/** An index over some columns; the name is its key in `indexes` unless given. Immutable. */
export class IndexBuilder {
  readonly def: IndexDef;

  constructor(def: IndexDef) {
    this.def = Object.freeze(def);
    Object.freeze(this);
  }

  private with(patch: Partial<IndexDef>): IndexBuilder {
    return new IndexBuilder({ ...this.def, ...patch });
  }

  private fulltext_(): Fulltext {
    return this.def.kind.type === 'fulltext' ? this.def.kind : { type: 'fulltext', highlights: false };
  }

  private hnsw_(): Hnsw {
    return this.def.kind.type === 'hnsw' ? this.def.kind : { type: 'hnsw', dimension: 0 };
  }

  private setHnsw(patch: Partial<Hnsw>): IndexBuilder {
    return this.with({ kind: { ...this.hnsw_(), ...patch } });
  }

  /** @example index(['email']).unique()  // DEFINE INDEX email ON TABLE user FIELDS email UNIQUE */
  unique(): IndexBuilder {
    return this.with({ kind: { type: 'unique' } });
  }

  /**
   * A COUNT index (no columns).
   * @example index().count('published = true')  // DEFINE INDEX n ON TABLE post COUNT WHERE published = true
   */
  count(where?: string | Surql): IndexBuilder {
    if (this.def.columns.length > 0) {
      throw new SchemaError('A COUNT index takes no columns.', {
        hint: 'Write index().count() without columns.',
      });
    }
    return this.with({
      kind: { type: 'count', ...(where === undefined ? {} : { where: toExpression(where) }) },
    });
  }

  /**
   * A full-text index; `.search()` and `.analyzer()` are aliases.
   * @example index(['body']).fulltext('english').bm25().highlights()
   * // DEFINE INDEX body ON TABLE post FIELDS body FULLTEXT ANALYZER english BM25 HIGHLIGHTS
   */
  fulltext(analyzer?: string): IndexBuilder {
    if (this.def.columns.length !== 1) {
      throw new SchemaError(`A FULLTEXT index covers exactly one column, not ${this.def.columns.length}.`, {
        hint: 'Define one full-text index per column.',
      });
    }
    const kind = this.fulltext_();
    return this.with({ kind: { ...kind, ...(analyzer === undefined ? {} : { analyzer }) } });
  }

  /** Alias of `.fulltext(analyzer)`. */
  search(analyzer?: string): IndexBuilder {
    return this.fulltext(analyzer);
  }

  /** Alias of `.fulltext(analyzer)`. */
  analyzer(name: string): IndexBuilder {
    return this.fulltext(name);
  }

  /** @example index(['body']).fulltext().bm25(1.2, 0.75)  // … FULLTEXT BM25(1.2,0.75) */
  bm25(k1?: number, b?: number): IndexBuilder {
    const bm25 = k1 === undefined ? true : { k1, b: b ?? 0.75 };
    const base = this.fulltext();
    return base.with({ kind: { ...base.fulltext_(), bm25 } });
  }

  /** @example index(['body']).fulltext().highlights()  // … FULLTEXT HIGHLIGHTS */
  highlights(): IndexBuilder {
    const base = this.fulltext();
    return base.with({ kind: { ...base.fulltext_(), highlights: true } });
  }

  /**
   * A vector index; options may also be chained (`.dimension(384).dist('cosine')`).
   * @example index(['embedding']).hnsw({ dimension: 384, dist: 'cosine' })
   * // DEFINE INDEX embedding ON TABLE doc FIELDS embedding HNSW DIMENSION 384 DIST COSINE
   */
  hnsw(options: HnswOptions | number = {}): IndexBuilder {
    // Earlier smig's `.hnsw(1536)` gave the dimension.
    if (typeof options === 'number') return this.setHnsw({}).dimension(options);
    checkOptionKeys(options, hnswOptionKeys, 'index().hnsw()');
    checkOptionKinds(
      options as Readonly<Record<string, unknown>>,
      {
        dist: 'string',
        type: 'string',
        extendCandidates: 'boolean',
        keepPrunedConnections: 'boolean',
        hashedVector: 'boolean',
        dimension: 'number',
        efc: 'number',
        m: 'number',
        m0: 'number',
        lm: 'number',
      },
      'index().hnsw()',
    );
    const { type, ...rest } = options;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    return this.setHnsw({ ...defined, ...(type === undefined ? {} : { vectorType: type }) });
  }

  /** Earlier smig's HASH and BTREE kinds: SurrealDB 3 has one plain index for both. @example index(['apiKey']).hash() */
  hash(): IndexBuilder {
    return this.plain('hash');
  }

  /** @example index(['createdAt']).btree()  // DEFINE INDEX … FIELDS createdAt */
  btree(): IndexBuilder {
    return this.plain('btree');
  }

  private plain(method: string): IndexBuilder {
    if (this.def.kind.type === 'plain') return this;
    throw new SchemaError(`index().${method}() on a ${this.def.kind.type.toUpperCase()} index.`, {
      hint: `A ${method.toUpperCase()} index is a plain index in SurrealDB 3: write index([...]) alone.`,
    });
  }

  /** @example index(['emb']).hnsw().dimension(384)  // … HNSW DIMENSION 384 */
  dimension(n: number): IndexBuilder {
    if (!Number.isInteger(n) || n <= 0)
      throw new SchemaError(`An HNSW dimension must be a positive integer, not ${n}.`);
    return this.setHnsw({ dimension: n });
  }

  /** @example .dist('cosine')  // … DIST COSINE */
  dist(distance: Distance): IndexBuilder {
    return this.setHnsw({ dist: distance });
  }

  /** The vector element type. @example .type('f32')  // … TYPE F32 */
  type(vectorType: VectorType): IndexBuilder {
    return this.setHnsw({ vectorType });
  }

  /** Candidate list size while building. @example .efc(150)  // … EFC 150 */
  efc(n: number): IndexBuilder {
    return this.setHnsw({ efc: n });
  }

  /** Connections per node. @example .m(12)  // … M 12 */
  m(n: number): IndexBuilder {
    return this.setHnsw({ m: n });
  }

  /** Connections per node on the ground layer. @example .m0(24)  // … M0 24 */
  m0(n: number): IndexBuilder {
    return this.setHnsw({ m0: n });
  }

  /** Level multiplier. @example .lm(0.5)  // … LM 0.5 */
  lm(n: number): IndexBuilder {
    return this.setHnsw({ lm: n });
  }

  /** Builds in the background; the engine does not store this flag. @example … UNIQUE CONCURRENTLY */
  concurrently(): IndexBuilder {
    return this.with({ concurrently: true });
  }

  /** @example index(['a']).comment('lookup')  // … COMMENT 'lookup' */
  comment(text: string): IndexBuilder {
    return this.with({ comment: text });
  }

  /** Former name(s): renamed rather than dropped and rebuilt under a new name. */
  was(names: string | readonly string[]): IndexBuilder {
    return this.with({ was: [...this.def.was, ...(typeof names === 'string' ? [names] : names)] });
  }
}

/**
 * An index over one or more columns (idioms such as `email`, `address.city`, `tags.*`).
 * @example index(['isActive', 'createdAt'])  // DEFINE INDEX active ON TABLE user FIELDS isActive, createdAt
 */
export function index(columns: string | readonly string[] = [], name?: string): IndexBuilder {
  const list = typeof columns === 'string' ? [columns] : [...columns];
  for (const column of list) {
    if (typeof column !== 'string' || column.trim() === '') {
      throw new SchemaError('An index column must be a non-empty field name.', {
        hint: "Write e.g. index(['email']).",
      });
    }
  }
  return new IndexBuilder({
    ...(name === undefined ? {} : { name }),
    columns: list,
    kind: { type: 'plain' },
    concurrently: false,
    was: [],
  });
}
