// schema.ts — documents split into chunks with embeddings: vector search (HNSW) and full-text search (BM25).
import {
  analyzer,
  array,
  composeSchema,
  datetime,
  defineSchema,
  fn,
  index,
  object,
  record,
  string,
} from 'smig';

const document = defineSchema({
  table: 'document',
  fields: {
    title: string().required(),
    source: string(),
    metadata: object().flexible(),
    createdAt: datetime().default('time::now()'),
  },
});

const chunk = defineSchema({
  table: 'chunk',
  fields: {
    document: record('document').required().reference({ onDelete: 'cascade' }),
    text: string().required(),
    embedding: array('float', 384).required(),
  },
  indexes: {
    embedding: index(['embedding']).hnsw({ dimension: 384, dist: 'cosine', efc: 150, m: 12 }),
    text: index(['text']).fulltext('english').bm25().highlights(),
    document: index(['document']),
  },
});

export default composeSchema({
  models: { document, chunk },
  analyzers: {
    english: analyzer('english')
      .tokenizers(['blank', 'class', 'punct'])
      .filters(['lowercase', 'ascii', 'snowball(english)']),
  },
  functions: {
    similar: fn('fn::similar')
      .param('vector', 'array<float>')
      .body(
        'RETURN SELECT id, text, vector::distance::knn() AS distance FROM chunk WHERE embedding <|10,40|> $vector ORDER BY distance;',
      ),
  },
});
