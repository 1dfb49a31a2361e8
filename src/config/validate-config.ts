import { ConfigError } from '../errors.js';
import type { AuthLevel, SettingName, SmigConfig, SmigSettings } from './config-types.js';
import { authLevels, settingNames } from './config-types.js';

/** The outcome of a pure check: the value, or every problem found (so they can be reported together). */
export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

const topLevelKeys: readonly string[] = [...settingNames, 'environments'];

/**
 * Checks the default export of a config file: an object with known keys only, string values, a valid
 * `authLevel`, and `environments` made of the same settings. Returns errors instead of throwing.
 *
 * @param file the config file, used in the messages
 */
export function validateConfig(value: unknown, file: string): Validation<SmigConfig> {
  if (!isPlainObject(value)) {
    return fail(
      new ConfigError(`The config file does not export a settings object (it exports ${describe(value)}).`, {
        where: file,
        hint: "Write `export default defineConfig({ url: '…', namespace: '…', database: '…' })` (or a JSON object).",
      }),
    );
  }
  const errors: ConfigError[] = [];
  const config: SmigConfig = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'environments') {
      const environments = validateEnvironments(entry, file, errors);
      if (environments) config.environments = environments;
    } else if (isSettingName(key)) {
      const setting = validateSetting(key, entry, `${file}: ${key}`, errors);
      if (setting !== undefined) Object.assign(config, { [key]: setting });
    } else {
      errors.push(unknownKey(key, topLevelKeys, file, key));
    }
  }
  return errors.length > 0 ? fail(...errors) : { ok: true, value: config };
}

/**
 * Picks `environments[name]` from a config. An unknown name is an error listing the known ones.
 *
 * @param origin how the name was given (`--env`, `SMIG_ENV`), for the message
 */
export function selectEnvironment(
  config: SmigConfig,
  name: string,
  origin: string,
  file: string | undefined,
): Validation<SmigSettings> {
  const environments = config.environments ?? {};
  const selected = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (selected) return { ok: true, value: selected };
  const known = Object.keys(environments);
  const suggestion = didYouMean(name, known);
  const hint =
    file === undefined
      ? 'Environments are defined in a config file (smig.config.ts) under `environments`; none was found.'
      : known.length === 0
        ? `${file} defines no environments; add one under \`environments: { ${name}: { … } }\` or drop ${origin}.`
        : `Known environments: ${known.join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`;
  return fail(
    new ConfigError(`The environment '${name}' (from ${origin}) does not exist.`, { where: file, hint }),
  );
}

/**
 * Checks a setting's final value, whatever its source: non-empty, and a known `authLevel`.
 *
 * @param where the origin for the message (`--auth-level`, `SMIG_AUTH_LEVEL`, `smig.config.ts: url`)
 */
export function checkSettingValue(name: SettingName, value: string, where: string): ConfigError | undefined {
  if (value.trim() === '') {
    return new ConfigError(`The setting '${name}' is empty.`, {
      where,
      hint: `Give '${name}' a value, or remove it to use the default.`,
    });
  }
  if (name === 'loadTimeout' && !(value.trim() !== '' && Number(value) >= 0)) {
    return new ConfigError(`The load timeout '${value}' is not a number of seconds.`, {
      where,
      hint: 'Give a number of seconds, for example 30; 0 means no limit.',
    });
  }
  if (name === 'authLevel' && !isAuthLevel(value)) {
    return new ConfigError(`The auth level '${value}' is not one of ${authLevels.join(', ')}.`, {
      where,
      hint: "Use 'root' for a root user, 'namespace' or 'database' for a user defined on that level.",
    });
  }
  return undefined;
}

export function isAuthLevel(value: string): value is AuthLevel {
  return (authLevels as readonly string[]).includes(value);
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word's length: catches `namspace` and `databse` without suggesting `url` for `foo`.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function validateEnvironments(
  value: unknown,
  file: string,
  errors: ConfigError[],
): Record<string, SmigSettings> | undefined {
  if (!isPlainObject(value)) {
    errors.push(
      new ConfigError(`'environments' must be an object of named settings, not ${describe(value)}.`, {
        where: `${file}: environments`,
        hint: "Write `environments: { production: { url: 'wss://…' } }`.",
      }),
    );
    return undefined;
  }
  const environments: Record<string, SmigSettings> = {};
  for (const [name, entry] of Object.entries(value)) {
    const path = `environments.${name}`;
    if (!isPlainObject(entry)) {
      errors.push(
        new ConfigError(`The environment '${name}' must be an object of settings, not ${describe(entry)}.`, {
          where: `${file}: ${path}`,
          hint: `Write \`${name}: { url: '…', namespace: '…' }\`.`,
        }),
      );
      continue;
    }
    const settings: SmigSettings = {};
    for (const [key, setting] of Object.entries(entry)) {
      if (isSettingName(key)) {
        const checked = validateSetting(key, setting, `${file}: ${path}.${key}`, errors);
        if (checked !== undefined) Object.assign(settings, { [key]: checked });
      } else if (key === 'environments') {
        errors.push(
          new ConfigError(`Environments cannot be nested ('${path}.environments').`, {
            where: `${file}: ${path}`,
            hint: 'Define every environment directly under the top-level `environments`.',
          }),
        );
      } else {
        errors.push(unknownKey(key, settingNames, file, `${path}.${key}`));
      }
    }
    environments[name] = settings;
  }
  return environments;
}

function validateSetting(key: SettingName, entry: unknown, where: string, errors: ConfigError[]) {
  let value = entry;
  // `undefined` reads as "not set", which lets a .ts config write `url: process.env.DB_URL`.
  if (value === undefined) return undefined;
  if (key === 'loadTimeout' && typeof value === 'number') value = String(value);
  if (typeof value !== 'string') {
    errors.push(
      new ConfigError(`The setting '${key}' must be a string, not ${describe(value)}.`, {
        where,
        hint: key === 'authLevel' ? `Use one of ${authLevels.map((l) => `'${l}'`).join(', ')}.` : 'Quote it.',
      }),
    );
    return undefined;
  }
  const problem = checkSettingValue(key, value, where);
  if (problem) {
    errors.push(problem);
    return undefined;
  }
  return value;
}

function unknownKey(key: string, known: readonly string[], file: string, path: string): ConfigError {
  const suggestion = didYouMean(key, known);
  return new ConfigError(`Unknown config key '${path}'.`, {
    where: file,
    hint: suggestion
      ? `Did you mean '${suggestion}'?`
      : `The known keys are ${known.join(', ')}; remove or rename '${key}'.`,
  });
}

function isSettingName(key: string): key is SettingName {
  return (settingNames as readonly string[]).includes(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return `a ${typeof value}`;
}

function fail<T>(...errors: ConfigError[]): Validation<T> {
  return { ok: false, errors };
}

/** Levenshtein distance; the inputs are short config keys, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
