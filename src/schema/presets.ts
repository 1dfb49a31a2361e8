import { quoteIdent } from '../surql/ident.js';
import { event } from './event-builder.js';
import { datetime, record } from './field-types.js';
import { index } from './index-builder.js';
import { surql } from './values.js';

/**
 * Common fields, for schemas written for earlier smig versions.
 */
export const cf = {
  /**
   * When the record was created; set once, never changed.
   * @example cf.timestamp()  // TYPE datetime DEFAULT time::now()
   */
  timestamp: () => datetime().default(surql`time::now()`),
  /**
   * Creation time, fixed afterwards.
   * @example createdAt: cf.createdAt()  // TYPE datetime DEFAULT time::now() READONLY
   */
  createdAt: () => datetime().default(surql`time::now()`).readonly(),
  /**
   * Time of the last write, recomputed on every write.
   * @example updatedAt: cf.updatedAt()  // TYPE datetime VALUE time::now()
   */
  updatedAt: () => datetime().value(surql`time::now()`),
  /**
   * A required link to the record that owns this one, fixed once set.
   * @example owner: cf.owner('user')  // TYPE record<user> READONLY\n  ASSERT $value != NONE
   */
  owner: <const N extends string>(table: N) => record(table).required().readonly(),
};

/** Common indexes. */
export const ci = {
  /**
   * An index on `createdAt`, for listing newest first.
   * @example indexes: { createdAt: ci.createdAt() }  // DEFINE INDEX createdAt ON TABLE post FIELDS createdAt
   */
  createdAt: () => index(['createdAt']),
};

/** Common events. */
export const ce = {
  /**
   * Sets `updatedAt` on every update. The WHEN guard stops the event's own UPDATE from firing it again.
   * @example events: { touch: ce.updateTimestamp('post') }
   * // DEFINE EVENT touch ON TABLE post WHEN ($event = 'UPDATE') AND ($before.updatedAt = $after.updatedAt)
   * //   THEN (UPDATE post SET updatedAt = time::now() WHERE id = $after.id)
   */
  updateTimestamp: (table: string) =>
    event()
      .onUpdate()
      .when('$before.updatedAt = $after.updatedAt')
      .then(`UPDATE ${quoteIdent(table)} SET updatedAt = time::now() WHERE id = $after.id`),
};
