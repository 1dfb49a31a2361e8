export type {
  AuthLevel,
  ConfigFlags,
  LoadConfigOptions,
  ResolvedConfig,
  SettingName,
  SettingSource,
  SmigConfig,
  SmigSettings,
} from './config-types.js';
export { authLevels, envSelectorVar, envVarNames, settingNames } from './config-types.js';
export { defineConfig } from './define-config.js';
export type { ConfigSetting, DescribeConfigOptions } from './describe-config.js';
export { describeConfig, maskUrlPassword, shownValues } from './describe-config.js';
export { readEnvFile } from './env-file.js';
export {
  configFileNames,
  findConfigFile,
  loadConfig,
  readConfigFile,
  schemaFileNames,
} from './load-config.js';
export type { Validation } from './validate-config.js';
export { checkSettingValue, didYouMean, selectEnvironment, validateConfig } from './validate-config.js';
