// Earlier smig's methods that cannot be expressed any more get an error that names the current form.
import './legacy-refusals.js';

export { type AccessBuilder, access } from './access-builder.js';
export { type AnalyzerBuilder, analyzer } from './analyzer-builder.js';
export {
  type ComposedSchema,
  type ComposeOptions,
  composeSchema,
  schemaBrand,
  schemaModelOf,
  toSchemaModel,
} from './compose-schema.js';
export { config } from './config-builder.js';
export { defineRelation, type RelationOptions } from './define-relation.js';
export { defineSchema, type SchemaOptions } from './define-schema.js';
export { type EventBuilder, event } from './event-builder.js';
export type { AnyField, Defaulted, FieldBuilder, FieldDef, Present, Required } from './field-builder.js';
export type { NumberField, ObjectField, OnDelete, RecordField, StringField } from './field-kinds.js';
export {
  any,
  array,
  bool,
  bytes,
  datetime,
  decimal,
  duration,
  type FieldInput,
  float,
  type GeometryKind,
  geometry,
  int,
  literal,
  number,
  object,
  option,
  range,
  record,
  set,
  string,
  uuid,
} from './field-types.js';
export { type FunctionBuilder, fn } from './function-builder.js';
export {
  type Distance,
  type HnswOptions,
  type IndexBuilder,
  index,
  type VectorType,
} from './index-builder.js';
export type { InferCreate, InferField, InferFields, InferRecord } from './infer.js';
export { type ParamBuilder, param } from './param-builder.js';
export type { FieldPermissionsInput, RuleInput, TablePermissionsInput } from './permissions.js';
export { ce, cf, ci } from './presets.js';
export { type SequenceBuilder, sequence } from './sequence-builder.js';
export { isTableSchema, type TableOptions, type TableSchema } from './table-definition.js';
export type { TypeName, TypeNameMap } from './type-names.js';
export { type Role, type UserBuilder, user } from './user-builder.js';
export {
  SchemaProblem,
  type SchemaWarning,
  type SchemaWarningKind,
  type Severity,
  validateSchema,
} from './validate.js';
export type { DurationText, ExpressionText, FieldValueInput, LiteralInput } from './value-input.js';
export { type Lit, lit, looksLikeExpression, type Surql, surql, type ValueInput } from './values.js';
