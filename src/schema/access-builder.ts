import { SchemaError } from '../errors.js';
import type { AccessDurations, AccessKind, AccessModel } from '../model/schema.js';
import { checkName } from './identifiers.js';
import { type Surql, toExpression } from './values.js';

type Jwt = { readonly algorithm?: string; readonly key?: string; readonly url?: string };

interface AccessDef {
  readonly name: string;
  readonly kind?: AccessKind;
  readonly authenticate?: string;
  readonly duration: AccessDurations;
  readonly comment?: string;
  readonly was: readonly string[];
}

/** A DEFINE ACCESS … ON DATABASE method: RECORD, JWT or BEARER. Immutable. */
export class AccessBuilder {
  readonly def: AccessDef;

  constructor(def: AccessDef) {
    this.def = Object.freeze(def);
    Object.freeze(this);
  }

  private with(patch: Partial<AccessDef>): AccessBuilder {
    return new AccessBuilder({ ...this.def, ...patch });
  }

  private get where(): string {
    return `access ${this.def.name}`;
  }

  private asRecord(): Extract<AccessKind, { type: 'record' }> {
    const { kind } = this.def;
    if (kind === undefined || kind.type === 'record') return kind ?? { type: 'record' };
    throw new SchemaError(
      `${this.where} is a ${kind.type.toUpperCase()} access; SIGNUP/SIGNIN belong to RECORD access.`,
      {
        where: this.where,
        hint: 'Start with access(name).record().',
      },
    );
  }

  private setJwt(patch: Jwt): AccessBuilder {
    const { kind } = this.def;
    if (kind?.type === 'record') return this.with({ kind: { ...kind, jwt: { ...kind.jwt, ...patch } } });
    if (kind?.type === 'jwt') return this.with({ kind: { ...kind, ...patch } });
    throw new SchemaError(`${this.where}: ALGORITHM, KEY and URL need a RECORD or JWT access.`, {
      where: this.where,
      hint: 'Call .record() or .jwt() first.',
    });
  }

  /** @example access('account').record()  // DEFINE ACCESS account ON DATABASE TYPE RECORD */
  record(): AccessBuilder {
    return this.with({ kind: this.asRecord() });
  }

  /** @example .signup('CREATE user SET email = $email')  // … SIGNUP (CREATE user SET email = $email) */
  signup(query: string | Surql): AccessBuilder {
    return this.with({ kind: { ...this.asRecord(), signup: toExpression(query) } });
  }

  /** @example .signin('SELECT * FROM user WHERE email = $email')  // … SIGNIN (SELECT * FROM user …) */
  signin(query: string | Surql): AccessBuilder {
    return this.with({ kind: { ...this.asRecord(), signin: toExpression(query) } });
  }

  /** @example .authenticate('$auth.enabled = true')  // … AUTHENTICATE $auth.enabled = true */
  authenticate(expr: string | Surql): AccessBuilder {
    return this.with({ authenticate: toExpression(expr) });
  }

  /** @example access('api').jwt().algorithm('HS512').key('secret')  // TYPE JWT ALGORITHM HS512 KEY 'secret' */
  jwt(): AccessBuilder {
    return this.with({ kind: this.def.kind?.type === 'jwt' ? this.def.kind : { type: 'jwt' } });
  }

  algorithm(name: string): AccessBuilder {
    return this.setJwt({ algorithm: name });
  }

  key(key: string, ...rest: readonly unknown[]): AccessBuilder {
    if (rest.length > 0) {
      throw new SchemaError(
        `access ${this.def.name}: .key() takes one argument, the key, not ${rest.length + 1}.`,
        {
          hint: "Write .jwt().algorithm('HS512').key('…') for a JWT access; a bearer access has no key of its own (.bearer('user')).",
        },
      );
    }
    return this.setJwt({ key });
  }

  /**
   * Earlier smig's `.onDatabase()`: accesses are always defined `ON DATABASE`, so it changes nothing.
   * @example access('account').onDatabase().record()  // DEFINE ACCESS account ON DATABASE TYPE RECORD …
   */
  onDatabase(): AccessBuilder {
    return this;
  }

  /** @example access('sso').jwt().url('https://example.com/jwks.json')  // TYPE JWT URL '…' */
  url(url: string): AccessBuilder {
    return this.setJwt({ url });
  }

  /** @example access('keys').bearer('user')  // TYPE BEARER FOR USER */
  bearer(subject: 'user' | 'record' = 'user'): AccessBuilder {
    return this.with({ kind: { type: 'bearer', subject } });
  }

  /**
   * Earlier smig's way to choose the kind: the same as `.record()`, `.jwt()` or `.bearer()`.
   * @example access('account').type('RECORD')  // DEFINE ACCESS account ON DATABASE TYPE RECORD
   */
  type(kind: 'RECORD' | 'JWT' | 'BEARER' | 'record' | 'jwt' | 'bearer'): AccessBuilder {
    const upper = typeof kind === 'string' ? kind.toUpperCase() : kind;
    if (upper === 'RECORD') return this.record();
    if (upper === 'JWT') return this.jwt();
    if (upper === 'BEARER') return this.bearer();
    throw new SchemaError(`${this.where}: the access type '${String(kind)}' does not exist.`, {
      where: this.where,
      hint: "Use .type('RECORD' | 'JWT' | 'BEARER'), or .record(), .jwt(), .bearer().",
    });
  }

  /** Earlier smig's name for `.token()`. @example .duration('1h')  // DURATION FOR TOKEN 1h */
  duration(duration: string): AccessBuilder {
    return this.token(duration);
  }

  /** @example .session('7d')  // DURATION FOR SESSION 7d */
  session(duration: string): AccessBuilder {
    return this.with({ duration: { ...this.def.duration, session: duration } });
  }

  /** @example .token('1h')  // DURATION FOR TOKEN 1h */
  token(duration: string): AccessBuilder {
    return this.with({ duration: { ...this.def.duration, token: duration } });
  }

  /** Bearer grants only. @example .grant('30d')  // DURATION FOR GRANT 30d */
  grant(duration: string): AccessBuilder {
    return this.with({ duration: { ...this.def.duration, grant: duration } });
  }

  comment(text: string): AccessBuilder {
    return this.with({ comment: text });
  }

  was(names: string | readonly string[]): AccessBuilder {
    return this.with({ was: [...this.def.was, ...(typeof names === 'string' ? [names] : names)] });
  }

  toModel(): AccessModel {
    const { kind, ...rest } = this.def;
    if (kind === undefined) {
      throw new SchemaError(`${this.where} has no type.`, {
        where: this.where,
        hint: 'Call .record(), .jwt() or .bearer().',
      });
    }
    return Object.freeze({ ...rest, kind });
  }
}

/**
 * @example access('account').record().signin('SELECT * FROM user WHERE email = $email').session('7d')
 * // DEFINE ACCESS account ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user WHERE email = $email) DURATION FOR SESSION 7d
 */
export function access(name: string): AccessBuilder {
  return new AccessBuilder({ name: checkName(name, `access ${name}`, 'access'), duration: {}, was: [] });
}
