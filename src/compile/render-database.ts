import type {
  AccessDurations,
  AccessModel,
  AnalyzerModel,
  ConfigModel,
  FunctionModel,
  ParamModel,
  SequenceModel,
  UserModel,
} from '../model/schema.js';
import type { CompiledStatement } from '../model/statement.js';
import { quoteIdent } from '../surql/ident.js';
import { quoteString } from '../surql/string.js';
import { renderValue } from './literal.js';
import { renderRule } from './permissions.js';
import { clauses, commentClause, defineStatement } from './statement.js';

/** `auth::check` → `fn::auth::check`, each segment quoted where needed. */
function functionName(name: string): string {
  return `fn::${name.split('::').map(quoteIdent).join('::')}`;
}

function renderBody(body: string): string {
  const text = body.trim();
  return text.startsWith('{') ? text : `{ ${text} }`;
}

/** `DEFINE FUNCTION fn::greet($name: string) -> string { RETURN 'Hi ' + $name; } PERMISSIONS FULL` */
export function renderFunction(fn: FunctionModel): CompiledStatement {
  const params = fn.params.map((p) => `$${quoteIdent(p.name)}: ${p.type}`).join(', ');
  const rest = clauses(
    `${functionName(fn.name)}(${params})`,
    fn.returns !== undefined && `-> ${fn.returns}`,
    renderBody(fn.body),
    commentClause(fn.comment),
    // PERMISSIONS is only accepted after the body.
    fn.permissions && `PERMISSIONS ${renderRule(fn.permissions)}`,
  );
  return defineStatement({ kind: 'function', name: fn.name }, 'FUNCTION', rest);
}

/** `DEFINE ANALYZER english TOKENIZERS blank, class FILTERS lowercase, snowball(english)` */
export function renderAnalyzer(analyzer: AnalyzerModel): CompiledStatement {
  const rest = clauses(
    quoteIdent(analyzer.name),
    analyzer.function !== undefined && `FUNCTION ${functionName(analyzer.function)}`,
    analyzer.tokenizers.length > 0 && `TOKENIZERS ${analyzer.tokenizers.join(', ')}`,
    analyzer.filters.length > 0 && `FILTERS ${analyzer.filters.join(', ')}`,
    commentClause(analyzer.comment),
  );
  return defineStatement({ kind: 'analyzer', name: analyzer.name }, 'ANALYZER', rest);
}

/** `DEFINE PARAM $appName VALUE 'blog'` (the engine evaluates the value once, at define time). */
export function renderParam(param: ParamModel): CompiledStatement {
  const rest = clauses(
    `$${quoteIdent(param.name)}`,
    `VALUE ${renderValue(param.value)}`,
    commentClause(param.comment),
    param.permissions && `PERMISSIONS ${renderRule(param.permissions)}`,
  );
  return defineStatement({ kind: 'param', name: param.name }, 'PARAM', rest);
}

/** `DEFINE SEQUENCE orderNo BATCH 100 START 1000 TIMEOUT 5s` */
export function renderSequence(sequence: SequenceModel): CompiledStatement {
  const rest = clauses(
    quoteIdent(sequence.name),
    sequence.batch !== undefined && `BATCH ${sequence.batch}`,
    sequence.start !== undefined && `START ${sequence.start}`,
    sequence.timeout !== undefined && `TIMEOUT ${sequence.timeout}`,
  );
  return defineStatement({ kind: 'sequence', name: sequence.name }, 'SEQUENCE', rest);
}

function renderDurations(duration: AccessDurations): string | undefined {
  const parts = (['grant', 'token', 'session'] as const)
    .filter((k) => duration[k] !== undefined)
    .map((k) => `FOR ${k.toUpperCase()} ${duration[k]}`);
  return parts.length === 0 ? undefined : `DURATION ${parts.join(', ')}`;
}

function renderJwt(jwt: {
  readonly algorithm?: string;
  readonly key?: string;
  readonly url?: string;
}): string {
  if (jwt.url !== undefined) return `URL ${quoteString(jwt.url)}`;
  return clauses(
    jwt.algorithm !== undefined && `ALGORITHM ${jwt.algorithm.toUpperCase()}`,
    jwt.key !== undefined && `KEY ${quoteString(jwt.key)}`,
  );
}

function renderAccessKind(access: AccessModel): string {
  const { kind } = access;
  switch (kind.type) {
    case 'record':
      return clauses(
        'TYPE RECORD',
        kind.signup !== undefined && `SIGNUP (${kind.signup})`,
        kind.signin !== undefined && `SIGNIN (${kind.signin})`,
        kind.jwt && `WITH JWT ${renderJwt(kind.jwt)}`,
      );
    case 'jwt':
      return `TYPE JWT ${renderJwt(kind)}`;
    case 'bearer':
      return `TYPE BEARER FOR ${kind.subject.toUpperCase()}`;
  }
}

/**
 * `DEFINE ACCESS account ON DATABASE TYPE RECORD SIGNUP (…) SIGNIN (…) DURATION FOR SESSION 7d`.
 * Keys are written as given; the engine redacts them in INFO, so they cannot be compared afterwards.
 */
export function renderAccess(access: AccessModel): CompiledStatement {
  const rest = clauses(
    `${quoteIdent(access.name)} ON DATABASE`,
    renderAccessKind(access),
    access.authenticate !== undefined && `AUTHENTICATE ${access.authenticate}`,
    renderDurations(access.duration),
    commentClause(access.comment),
  );
  return defineStatement({ kind: 'access', name: access.name }, 'ACCESS', rest);
}

/** `DEFINE USER ci ON DATABASE PASSWORD '…' ROLES EDITOR DURATION FOR TOKEN 1h, FOR SESSION 1d` */
export function renderUser(user: UserModel): CompiledStatement {
  const rest = clauses(
    `${quoteIdent(user.name)} ON DATABASE`,
    user.passhash !== undefined && `PASSHASH ${quoteString(user.passhash)}`,
    user.passhash === undefined && user.password !== undefined && `PASSWORD ${quoteString(user.password)}`,
    user.roles.length > 0 && `ROLES ${user.roles.map((r) => r.toUpperCase()).join(', ')}`,
    renderDurations(user.duration),
    commentClause(user.comment),
  );
  return defineStatement({ kind: 'user', name: user.name }, 'USER', rest);
}

/** The names INFO FOR DB gives configs. */
const configNames = { graphql: 'GraphQL', api: 'API' } as const;

/** `DEFINE CONFIG GRAPHQL AUTO` */
export function renderConfig(config: ConfigModel): CompiledStatement {
  return defineStatement({ kind: 'config', name: configNames[config.kind] }, 'CONFIG', config.definition);
}
