/**
 * The Schema model: plain, frozen data produced by the DSL (`src/schema/`) and consumed by the compiler
 * (`src/compile/`). Nothing here knows about builders or about the engine.
 */

/** A JSON-like value written as a SurrealQL literal (`'user'`, `true`, `[1, 2]`, `{ a: 1 }`). */
export type LiteralValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

/**
 * A value in a DEFAULT, VALUE or PARAM clause. Literals and expressions are kept apart: the DSL's string
 * heuristic (`'time::now()'` is an expression, `'user'` a string) is applied once, at the edge.
 */
export type Value =
  | { readonly kind: 'literal'; readonly value: LiteralValue }
  | { readonly kind: 'expr'; readonly text: string };

/** A permission rule: `FULL`, `NONE`, or a `WHERE …` expression (stored without the `WHERE`). */
export type Rule =
  | { readonly kind: 'full' }
  | { readonly kind: 'none' }
  | { readonly kind: 'where'; readonly expr: string };

export type TableAction = 'select' | 'create' | 'update' | 'delete';
export type FieldAction = 'select' | 'create' | 'update';

/** Per-action rules; an action that is absent takes the engine's default (NONE for tables, FULL for fields). */
export type TablePermissions = Readonly<Partial<Record<TableAction, Rule>>>;
export type FieldPermissions = Readonly<Partial<Record<FieldAction, Rule>>>;

export type ReferenceOnDelete =
  | { readonly kind: 'reject' | 'cascade' | 'ignore' | 'unset' }
  | { readonly kind: 'then'; readonly expr: string };

export interface FieldModel {
  /** The field's idiom as the user wrote it: `email`, `address.city`, `tags.*`. */
  readonly name: string;
  /** The SurrealQL type as written, before optionality is applied (`string`, `array<record<user>, 10>`). */
  readonly type: string;
  readonly required: boolean;
  /**
   * How a required field is enforced: by `ASSERT $value != NONE` (the default) or by its type alone
   * (`TYPE string` already rejects a missing value; `.required({ assert: false })`).
   */
  readonly requiredBy?: 'assert' | 'type';
  readonly default?: Value;
  readonly defaultAlways: boolean;
  readonly value?: Value;
  /** Assertions in the order given; `.required()` is not among them (the compiler adds `$value != NONE`). */
  readonly asserts: readonly string[];
  readonly readonly: boolean;
  readonly flexible: boolean;
  readonly permissions?: FieldPermissions;
  readonly comment?: string;
  readonly reference?: ReferenceOnDelete;
  /** Former names of this field, most recent first. */
  readonly was: readonly string[];
}

export type IndexKind =
  | { readonly type: 'plain' }
  | { readonly type: 'unique' }
  | { readonly type: 'count'; readonly where?: string }
  | {
      readonly type: 'fulltext';
      readonly analyzer?: string;
      readonly bm25?: { readonly k1: number; readonly b: number } | true;
      readonly highlights: boolean;
    }
  | {
      readonly type: 'hnsw';
      readonly dimension: number;
      readonly dist?: string;
      readonly vectorType?: string;
      readonly efc?: number;
      readonly m?: number;
      readonly m0?: number;
      readonly lm?: number;
      readonly extendCandidates?: boolean;
      readonly keepPrunedConnections?: boolean;
      readonly hashedVector?: boolean;
    };

export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly kind: IndexKind;
  readonly concurrently: boolean;
  readonly comment?: string;
  readonly was: readonly string[];
}

export interface EventModel {
  readonly name: string;
  /** The WHEN condition; absent means always (`WHEN true`). */
  readonly when?: string;
  /** One or more statements run by THEN. */
  readonly then: readonly string[];
  readonly async?: { readonly retry?: number; readonly maxDepth?: number };
  readonly comment?: string;
  readonly was: readonly string[];
}

export interface TableModel {
  readonly name: string;
  readonly type: 'normal' | 'any' | 'relation';
  /** Only for `type: 'relation'`: the IN and OUT tables (empty = any record). */
  readonly relation?: {
    readonly from: readonly string[];
    readonly to: readonly string[];
    readonly enforced: boolean;
  };
  readonly schemafull: boolean;
  readonly drop: boolean;
  readonly changefeed?: { readonly expiry: string; readonly includeOriginal: boolean };
  /** The `SELECT …` of a view table, without the `AS`. */
  readonly view?: string;
  readonly permissions?: TablePermissions;
  readonly comment?: string;
  readonly was: readonly string[];
  readonly fields: readonly FieldModel[];
  readonly indexes: readonly IndexModel[];
  readonly events: readonly EventModel[];
}

export interface FunctionModel {
  /** The name without the `fn::` prefix: `greet`, `auth::check`. */
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: string }[];
  readonly returns?: string;
  /** The body, with or without its surrounding braces. */
  readonly body: string;
  readonly permissions?: Rule;
  readonly comment?: string;
  readonly was: readonly string[];
}

export interface AnalyzerModel {
  readonly name: string;
  readonly tokenizers: readonly string[];
  readonly filters: readonly string[];
  /** A function name without the `fn::` prefix. */
  readonly function?: string;
  readonly comment?: string;
  readonly was: readonly string[];
}

export interface ParamModel {
  /** The name without `$`. */
  readonly name: string;
  readonly value: Value;
  readonly permissions?: Rule;
  readonly comment?: string;
  readonly was: readonly string[];
}

export interface AccessDurations {
  readonly grant?: string;
  readonly token?: string;
  readonly session?: string;
}

export type AccessKind =
  | {
      readonly type: 'record';
      readonly signup?: string;
      readonly signin?: string;
      readonly jwt?: { readonly algorithm?: string; readonly key?: string; readonly url?: string };
    }
  | { readonly type: 'jwt'; readonly algorithm?: string; readonly key?: string; readonly url?: string }
  | { readonly type: 'bearer'; readonly subject: 'user' | 'record' };

export interface AccessModel {
  readonly name: string;
  readonly kind: AccessKind;
  readonly authenticate?: string;
  readonly duration: AccessDurations;
  readonly comment?: string;
  readonly was: readonly string[];
}

export interface SequenceModel {
  readonly name: string;
  readonly start?: number;
  readonly batch?: number;
  readonly timeout?: string;
  readonly was: readonly string[];
}

export interface UserModel {
  readonly name: string;
  /** A plain password (hashed by the engine with a random salt) or a fixed argon2 hash. */
  readonly password?: string;
  readonly passhash?: string;
  readonly roles: readonly string[];
  readonly duration: { readonly token?: string; readonly session?: string };
  readonly comment?: string;
  readonly was: readonly string[];
}

/** `DEFINE CONFIG …` text after the `DEFINE CONFIG` keywords, e.g. `GRAPHQL AUTO`. */
export interface ConfigModel {
  readonly kind: 'graphql' | 'api';
  readonly definition: string;
}

export interface Schema {
  readonly tables: readonly TableModel[];
  readonly functions: readonly FunctionModel[];
  readonly analyzers: readonly AnalyzerModel[];
  readonly params: readonly ParamModel[];
  readonly accesses: readonly AccessModel[];
  readonly sequences: readonly SequenceModel[];
  readonly users: readonly UserModel[];
  readonly configs: readonly ConfigModel[];
}

export const emptySchema: Schema = Object.freeze({
  tables: [],
  functions: [],
  analyzers: [],
  params: [],
  accesses: [],
  sequences: [],
  users: [],
  configs: [],
});
