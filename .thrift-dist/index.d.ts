export { buildApp, type AppOptions, type TimApp } from './app.js';
export { buildConfig, ConfigError, DEFAULT_CONFIG_FILE, describeConfig, loadConfigFile, parseConfigText, resolveConfigPath, TEMPLATE_KEYS, type ConfigInput, } from './config/load-config.js';
export type { Config } from './config/types.js';
export type { Clock, Logger } from './core/ports.js';
export { createLogger, type LoggerOptions } from './observability/logger.js';
