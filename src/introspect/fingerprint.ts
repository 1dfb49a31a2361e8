import type { EntityKind } from '../model/entity.js';

/**
 * The engine shows some secrets as `[REDACTED]` and stores passwords with a random salt, so the printed
 * text of an access method or user differs between two databases built from the same statement (or
 * hides a real difference). Those parts are masked before comparison; `secretNote` says so to the user.
 */
export function fingerprintOf(kind: EntityKind, definition: string): string {
  if (kind === 'user') return definition.replace(/PASSHASH '[^']*'/, "PASSHASH '…'");
  if (kind === 'access') return definition.replace(/KEY '\[REDACTED\]'/g, "KEY '…'");
  return definition;
}

/** Whether a kind holds a secret the engine will not show back (so it cannot be diffed exactly). */
export function hasHiddenSecret(kind: EntityKind, definition: string): boolean {
  return (
    (kind === 'user' && definition.includes('PASSHASH')) ||
    (kind === 'access' && definition.includes('[REDACTED]'))
  );
}
