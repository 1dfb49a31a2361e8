import { createHash } from 'node:crypto';

/** The SHA-256 of a text, in hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * One digest of many texts in order, each framed by its length (so that no two lists give the same
 * input): one hash over all of them, not one per text.
 */
export function digestOf(texts: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(`${text.length}:`).update(text);
  return hash.digest('hex');
}
