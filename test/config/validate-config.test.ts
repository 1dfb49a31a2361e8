import { describe, expect, it } from 'vitest';
import { didYouMean, selectEnvironment, validateConfig } from '../../src/config/index.js';

describe('validateConfig', () => {
  it('accepts the known keys', () => {
    const result = validateConfig(
      { url: 'mem://', authLevel: 'database', environments: { ci: { url: 'mem://' } } },
      'f',
    );
    expect(result).toEqual({
      ok: true,
      value: { url: 'mem://', authLevel: 'database', environments: { ci: { url: 'mem://' } } },
    });
  });

  it('returns every problem instead of throwing', () => {
    const result = validateConfig(
      { urll: 'x', authLevel: 'admin', environments: { a: { environments: {} } } },
      'f',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      "Unknown config key 'urll'.",
      "The auth level 'admin' is not one of root, namespace, database.",
      "Environments cannot be nested ('environments.a.environments').",
    ]);
    expect(result.errors[0]?.hint).toBe("Did you mean 'url'?");
  });

  it('treats undefined values as unset', () => {
    expect(validateConfig({ url: undefined }, 'f')).toEqual({ ok: true, value: {} });
  });

  it('rejects a non-object export', () => {
    const result = validateConfig([], 'f');
    expect(result.ok).toBe(false);
  });
});

describe('selectEnvironment', () => {
  it('suggests a close name', () => {
    const result = selectEnvironment({ environments: { production: {} } }, 'prodution', '--env', 'f');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]?.hint).toBe("Known environments: production. Did you mean 'production'?");
  });
});

describe('didYouMean', () => {
  it.each([
    ['databse', 'database'],
    ['migration', 'migrations'],
    ['foo', undefined],
  ])('%s → %s', (word, expected) => {
    expect(didYouMean(word, ['url', 'database', 'migrations', 'namespace'])).toBe(expected);
  });
});
