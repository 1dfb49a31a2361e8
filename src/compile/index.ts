export { compileSchema, compileTable, orderFields } from './compile-schema.js';
export { fieldKey, renderIdiom } from './idiom.js';
export { renderLiteral, renderValue } from './literal.js';
export { renderFieldPermissions, renderRule, renderTablePermissions } from './permissions.js';
export {
  renderAccess,
  renderAnalyzer,
  renderConfig,
  renderFunction,
  renderParam,
  renderSequence,
  renderUser,
} from './render-database.js';
export { renderEvent } from './render-event.js';
export { type FieldContext, renderAssert, renderField } from './render-field.js';
export { renderIndex } from './render-index.js';
export { renderTable } from './render-table.js';
export { declaredType } from './types.js';
