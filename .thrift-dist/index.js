// The package's server API (`import { buildApp, loadConfigFile } from 'tim-ts'`): build the server
// from a config, load and check configs, and the logger the `tim` command uses. The browser-safe
// client is the separate entry `tim-ts/client` (src/client/index.ts).
export { buildApp } from './app.js';
export { buildConfig, ConfigError, DEFAULT_CONFIG_FILE, describeConfig, loadConfigFile, parseConfigText, resolveConfigPath, TEMPLATE_KEYS, } from './config/load-config.js';
export { createLogger } from './observability/logger.js';
//# sourceMappingURL=index.js.map