import type { SmigConfig } from './config-types.js';

/**
 * Types a config file. It returns its argument unchanged; its only job is editor completion and checking
 * (not generic on purpose, so that a misspelt key is flagged by the editor too).
 *
 * @example
 * // smig.config.ts
 * import { defineConfig } from 'smig';
 * export default defineConfig({
 *   url: 'surrealkv://.smig/dev.db',
 *   environments: { production: { url: 'wss://db.example.com', authLevel: 'database' } },
 * });
 */
export function defineConfig(config: SmigConfig): SmigConfig {
  return config;
}
