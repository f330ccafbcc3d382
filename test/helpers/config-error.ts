// The ConfigError a call throws, for inspecting its key, line and message; fails the test when the
// call throws anything else or nothing.

import { expect } from 'vitest';
import { ConfigError } from '../../src/config/load-config.js';

export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
