import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfigPath } from '../../../src/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error.js';

const cwd = path.resolve('/srv/app');

describe('resolveConfigPath', () => {
  it('prefers --config PATH over TIM_CONFIG', () => {
    expect(resolveConfigPath(['start', '--config', '/etc/tim.yaml'], { TIM_CONFIG: '/env.yaml' }, cwd)).toBe(path.resolve('/etc/tim.yaml'));
  });

  it('accepts --config=PATH, the last occurrence winning', () => {
    expect(resolveConfigPath(['--config=/a.yaml', 'check', '--config=/b.yaml'], {}, cwd)).toBe(path.resolve('/b.yaml'));
  });

  it('falls back to TIM_CONFIG, then to <cwd>/tim.config.yaml', () => {
    expect(resolveConfigPath(['start'], { TIM_CONFIG: '/env.yaml' }, cwd)).toBe(path.resolve('/env.yaml'));
    expect(resolveConfigPath(['start'], {}, cwd)).toBe(path.join(cwd, 'tim.config.yaml'));
    expect(resolveConfigPath([], { TIM_CONFIG: '' }, cwd)).toBe(path.join(cwd, 'tim.config.yaml'));
  });

  it('resolves relative paths against cwd', () => {
    expect(resolveConfigPath(['--config', 'conf/dev.yaml'], {}, cwd)).toBe(path.join(cwd, 'conf/dev.yaml'));
    expect(resolveConfigPath([], { TIM_CONFIG: 'x.yaml' }, cwd)).toBe(path.join(cwd, 'x.yaml'));
  });

  it('refuses --config without a path', () => {
    expect(configErrorOf(() => resolveConfigPath(['--config'], {}, cwd)).message).toMatch(/--config needs a file path/);
    expect(configErrorOf(() => resolveConfigPath(['--config='], {}, cwd)).message).toMatch(/--config needs a file path/);
    expect(configErrorOf(() => resolveConfigPath(['--config', '--verbose'], {}, cwd)).message).toMatch(/--config/);
  });
});
