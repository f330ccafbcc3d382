import { describe, expect, it } from 'vitest';
import { substituteEnv } from '../../../src/config/env-substitute.js';
import { parseConfigText } from '../../../src/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error.js';

describe('substituteEnv', () => {
  it('replaces a set variable', () => {
    expect(substituteEnv('key: "${TIM_KEY}"', { TIM_KEY: 's3cret' })).toBe('key: "s3cret"');
  });

  it('turns an unset variable without default into the empty string', () => {
    expect(substituteEnv('a: "${NOPE}" b', {})).toBe('a: "" b');
  });

  it('uses the default when the variable is unset or empty, not when it is set', () => {
    const text = 'level: ${LEVEL:-debug}';
    expect(substituteEnv(text, {})).toBe('level: debug');
    expect(substituteEnv(text, { LEVEL: '' })).toBe('level: debug');
    expect(substituteEnv(text, { LEVEL: 'warn' })).toBe('level: warn');
    expect(substituteEnv('x: ${A:-}', {})).toBe('x: ');
  });

  it('leaves $ alone when it does not start a ${NAME} reference', () => {
    const text = 'a: $HOME $5 $$ $tag$ body $tag$ ${not a name} ${1X} $ {B} cost$';
    expect(substituteEnv(text, { HOME: '/root', B: 'b', tag: 't' })).toBe(text);
  });

  it('substitutes several references on one line and keeps the number of lines', () => {
    const text = 'a: ${X}-${Y:-y}\nb: ${X}\n';
    const out = substituteEnv(text, { X: 'a-long-value' });
    expect(out).toBe('a: a-long-value-y\nb: a-long-value\n');
    expect(out.split('\n')).toHaveLength(text.split('\n').length);
  });

  it('refuses a value with a line break, at the reference', () => {
    const err = configErrorOf(() => substituteEnv('a: 1\nb: "${MULTI}"\n', { MULTI: 'x\ny' }, 'f.yaml'));
    expect([err.file, err.key, err.line, err.col]).toEqual(['f.yaml', '${MULTI}', 2, 5]);
    expect(err.reason).toMatch(/line break/);
  });

  it('keeps later line numbers right in parse errors after a substitution', () => {
    const text = 'origin: "${ORIGIN}"\nlogLevel: info\nlimits:\n  pullMax: nope\n';
    const err = configErrorOf(() => parseConfigText(text, 'tim.config.yaml', { ORIGIN: 'https://a-much-longer.example.com' }));
    expect([err.key, err.line, err.col]).toEqual(['limits.pullMax', 4, 12]);
  });

  it('is applied by parseConfigText before YAML parsing, defaults included', () => {
    const text = 'listen: "${HOST:-127.0.0.1}:${PORT:-9}"\nlimits: { pullMax: ${PULL} }\n';
    const config = parseConfigText(text, 'tim.config.yaml', { PORT: '8080', PULL: '25' });
    expect(config.listen).toBe('127.0.0.1:8080');
    expect(config.limits.pullMax).toBe(25);
  });
});
