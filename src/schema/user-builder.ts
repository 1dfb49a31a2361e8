import { SchemaError } from '../errors.js';
import type { UserModel } from '../model/schema.js';
import { checkName } from './identifiers.js';

export type Role = 'owner' | 'editor' | 'viewer' | (string & {});

/** A database user (`DEFINE USER … ON DATABASE`). Immutable. */
export class UserBuilder {
  readonly model: UserModel;

  constructor(model: UserModel) {
    this.model = Object.freeze(model);
    Object.freeze(this);
  }

  private with(patch: Partial<UserModel>): UserBuilder {
    return new UserBuilder({ ...this.model, ...patch });
  }

  /**
   * A plain password; the engine hashes it with a random salt, so it cannot be compared later.
   * @example user('ci').password('s3cret')  // DEFINE USER ci ON DATABASE PASSWORD 's3cret'
   */
  password(password: string): UserBuilder {
    const { passhash: _, ...rest } = this.model;
    return new UserBuilder({ ...rest, password });
  }

  /** A fixed argon2 hash, stored verbatim. @example .passhash('$argon2id$…')  // PASSHASH '$argon2id$…' */
  passhash(hash: string): UserBuilder {
    const { password: _, ...rest } = this.model;
    return new UserBuilder({ ...rest, passhash: hash });
  }

  /** @example .roles(['editor'])  // ROLES EDITOR */
  roles(roles: Role | readonly Role[]): UserBuilder {
    return this.with({ roles: typeof roles === 'string' ? [roles] : [...roles] });
  }

  /** @example .duration({ token: '1h', session: '1d' })  // DURATION FOR TOKEN 1h, FOR SESSION 1d */
  duration(duration: { readonly token?: string; readonly session?: string }): UserBuilder {
    return this.with({ duration: { ...this.model.duration, ...duration } });
  }

  token(duration: string): UserBuilder {
    return this.duration({ token: duration });
  }

  session(duration: string): UserBuilder {
    return this.duration({ session: duration });
  }

  comment(text: string): UserBuilder {
    return this.with({ comment: text });
  }

  was(names: string | readonly string[]): UserBuilder {
    return this.with({ was: [...this.model.was, ...(typeof names === 'string' ? [names] : names)] });
  }

  toModel(): UserModel {
    if (this.model.password === undefined && this.model.passhash === undefined) {
      const where = `user ${this.model.name}`;
      throw new SchemaError(`${where} has neither a password nor a passhash.`, {
        where,
        hint: 'Add .password(…) or .passhash(…).',
      });
    }
    return this.model;
  }
}

/** @example user('ci').password('s3cret').roles(['editor'])  // DEFINE USER ci ON DATABASE PASSWORD 's3cret' ROLES EDITOR */
export function user(name: string): UserBuilder {
  return new UserBuilder({ name: checkName(name, `user ${name}`, 'user'), roles: [], duration: {}, was: [] });
}
