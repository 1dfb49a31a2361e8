import type { AnalyzerModel } from '../model/schema.js';
import { checkName } from './identifiers.js';

/** A full-text analyzer. Immutable. */
export class AnalyzerBuilder {
  readonly model: AnalyzerModel;

  constructor(model: AnalyzerModel) {
    this.model = Object.freeze(model);
    Object.freeze(this);
  }

  private with(patch: Partial<AnalyzerModel>): AnalyzerBuilder {
    return new AnalyzerBuilder({ ...this.model, ...patch });
  }

  /** @example .tokenizers(['blank', 'class'])  // TOKENIZERS blank, class */
  tokenizers(names: readonly string[]): AnalyzerBuilder {
    return this.with({ tokenizers: [...names] });
  }

  /** @example .filters(['lowercase', 'snowball(english)'])  // FILTERS lowercase, snowball(english) */
  filters(names: readonly string[]): AnalyzerBuilder {
    return this.with({ filters: [...names] });
  }

  /** A function that prepares the text. @example .function('fn::strip')  // FUNCTION fn::strip */
  function(name: string): AnalyzerBuilder {
    return this.with({ function: name.replace(/^fn::/, '') });
  }

  comment(text: string): AnalyzerBuilder {
    return this.with({ comment: text });
  }

  was(names: string | readonly string[]): AnalyzerBuilder {
    return this.with({ was: [...this.model.was, ...(typeof names === 'string' ? [names] : names)] });
  }

  toModel(): AnalyzerModel {
    return this.model;
  }
}

/**
 * @example analyzer('english').tokenizers(['blank', 'class']).filters(['lowercase', 'snowball(english)'])
 * // DEFINE ANALYZER english TOKENIZERS blank, class FILTERS lowercase, snowball(english)
 */
export function analyzer(name: string): AnalyzerBuilder {
  return new AnalyzerBuilder({
    name: checkName(name, `analyzer ${name}`, 'analyzer'),
    tokenizers: [],
    filters: [],
    was: [],
  });
}
