import { SchemaError } from '../errors.js';
import { AccessBuilder } from './access-builder.js';
import { AnalyzerBuilder } from './analyzer-builder.js';
import { EventBuilder } from './event-builder.js';
import { FieldBuilder } from './field-builder.js';
import { FunctionBuilder } from './function-builder.js';
import { IndexBuilder } from './index-builder.js';
import { ParamBuilder } from './param-builder.js';
import { SequenceBuilder } from './sequence-builder.js';

/**
 * Methods earlier smig documented that SurrealDB 3 (or smig's own way of migrating) cannot express.
 * They are not in the types, so a `.ts` schema is refused in the editor; a `.js` schema gets this
 * error, which names the current form, instead of "… is not a function".
 */
const refusals: readonly (readonly [object, readonly string[], string, string])[] = [
  [
    IndexBuilder.prototype,
    ['mtree', 'capacity'],
    'MTREE indexes were removed in SurrealDB 3',
    "Use an HNSW index: index(['embedding']).hnsw({ dimension: 384, dist: 'cosine' }).",
  ],
  [
    IndexBuilder.prototype,
    [
      'docIdsCache',
      'docLengthsCache',
      'postingsCache',
      'termsCache',
      'docIdsOrder',
      'docLengthsOrder',
      'postingsOrder',
      'termsOrder',
    ],
    'a SurrealDB 3 FULLTEXT index has no cache or order settings',
    "Remove it: index(['body']).fulltext('english').bm25().highlights() is the whole index.",
  ],
  [AccessBuilder.prototype, ['onNamespace'], 'smig defines accesses ON DATABASE', 'Remove .onNamespace().'],
  [
    AccessBuilder.prototype,
    ['issuer'],
    'SurrealDB 3 derives the issuer key from the access KEY',
    "Remove .issuer(…); set .algorithm('HS512').key('…').",
  ],
  ...[
    FieldBuilder,
    IndexBuilder,
    EventBuilder,
    FunctionBuilder,
    AccessBuilder,
    ParamBuilder,
    AnalyzerBuilder,
    SequenceBuilder,
  ].map(
    (builder) =>
      [
        builder.prototype,
        ['ifNotExists', 'overwrite'],
        'smig decides between DEFINE and DEFINE … OVERWRITE itself, from the migration history',
        'Remove the call; the definition is written as the schema says.',
      ] as const,
  ),
];

for (const [prototype, names, why, hint] of refusals) {
  for (const name of names) {
    if (name in prototype) continue;
    Object.defineProperty(prototype, name, {
      configurable: true,
      value(): never {
        throw new SchemaError(`.${name}() is not supported: ${why}.`, { hint });
      },
    });
  }
}
