/** A migration id: `<UTC yyyymmddHHMMSS>_<slug>`, which is also the file name without `.surql`. */
export const migrationIdPattern = /^\d{14}_[a-z0-9_]+$/;

const maxSlugLength = 50;

/**
 * The id of a new migration. Pure: the caller passes the clock in.
 *
 * @example
 * migrationId(new Date('2024-01-15T10:30:00Z'), 'Add user table'); // '20240115103000_add_user_table'
 */
export function migrationId(date: Date, message: string): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('migrationId: the date is invalid.');
  const stamp = date.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `${stamp}_${slugify(message)}`;
}

/**
 * `Add user.email (unique)!` → `add_user_email_unique`: lowercase ASCII words joined by `_`, accents
 * folded, at most 50 characters cut at a word boundary, `migration` when nothing is left.
 */
export function slugify(message: string): string {
  const words = message
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}_${word}`;
    if (next.length > maxSlugLength) {
      // A single over-long first word is cut rather than dropped, so the slug still says something.
      if (slug === '') slug = word.slice(0, maxSlugLength);
      break;
    }
    slug = next;
  }
  return slug === '' ? 'migration' : slug;
}

/** The time encoded in an id, or `undefined` when the id does not start with a valid timestamp. */
export function migrationIdDate(id: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/.exec(id);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20241340… over into a later month; such an id is not a timestamp.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h
    ? date
    : undefined;
}
