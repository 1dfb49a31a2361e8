import { SchemaError } from '../errors.js';
import type { TableModel } from '../model/schema.js';
import type { AnyField } from './field-builder.js';
import { checkOptionKeys, checkOptionKinds } from './option-keys.js';
import type { TableOptions } from './table-definition.js';

/** The keys `defineSchema` and `defineRelation` share, for the unknown-key check. */
export const tableOptionKeys = [
  'fields',
  'indexes',
  'events',
  'permissions',
  'changefeed',
  'schemafull',
  'schemaless',
  'drop',
  'comment',
  'was',
  'comments',
  'changefeedIncludeOriginal',
] as const;

/** What kind of value each shared option takes. */
const tableOptionKinds = {
  fields: 'object',
  indexes: 'object',
  events: 'object',
  permissions: ['string', 'boolean', 'object'],
  changefeed: ['string', 'object'],
  schemafull: 'boolean',
  schemaless: 'boolean',
  drop: 'boolean',
  comment: 'string',
  was: 'strings',
  comments: 'strings',
  changefeedIncludeOriginal: 'boolean',
} as const;

/** Refuses a shared table option whose value is of the wrong kind (`drop: 'yes'`). */
export function checkTableOptionKinds(options: TableOptions<Record<string, AnyField>>, where: string): void {
  checkOptionKinds(options as Readonly<Record<string, unknown>>, tableOptionKinds, where);
}

/** The CHANGEFEED of `changefeed`, with earlier smig's `changefeedIncludeOriginal` folded in. */
export function changefeedOf(
  options: TableOptions<Record<string, AnyField>>,
  where: string,
): TableModel['changefeed'] {
  const { changefeed, changefeedIncludeOriginal } = options;
  if (typeof changefeed === 'object') {
    checkOptionKeys(changefeed, ['expiry', 'includeOriginal'], `${where} changefeed`);
    checkOptionKinds(changefeed, { expiry: 'string', includeOriginal: 'boolean' }, `${where} changefeed`);
  }
  if (changefeedIncludeOriginal !== undefined && changefeed === undefined) {
    throw new SchemaError(`${where}: changefeedIncludeOriginal needs a changefeed.`, {
      where,
      hint: "Write changefeed: { expiry: '7d', includeOriginal: true }.",
    });
  }
  if (changefeed === undefined) return undefined;
  const expiry = typeof changefeed === 'string' ? changefeed : changefeed.expiry;
  const nested = typeof changefeed === 'string' ? undefined : changefeed.includeOriginal;
  if (
    nested !== undefined &&
    changefeedIncludeOriginal !== undefined &&
    nested !== changefeedIncludeOriginal
  ) {
    throw new SchemaError(`${where}: changefeed.includeOriginal and changefeedIncludeOriginal disagree.`, {
      where,
      hint: 'Keep changefeed: { expiry, includeOriginal } only.',
    });
  }
  return { expiry, includeOriginal: nested ?? changefeedIncludeOriginal ?? false };
}

/** `comment`, or earlier smig's `comments: [...]` joined into one. */
export function commentOf(
  options: TableOptions<Record<string, AnyField>>,
  where: string,
): { comment?: string } {
  const { comment, comments } = options;
  if (comment !== undefined && comments !== undefined) {
    throw new SchemaError(`${where}: both comment and comments are set.`, {
      where,
      hint: "Keep one: comment: '…'.",
    });
  }
  const lines = typeof comments === 'string' ? [comments] : comments;
  const text = comment ?? (lines === undefined || lines.length === 0 ? undefined : lines.join('\n'));
  return text === undefined ? {} : { comment: text };
}
