// createLogger's formats: JSON lines by default and for `auto` off a terminal; pino-pretty lines
// for `pretty` and for `auto` on a terminal. Secrets are redacted in both.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it.each([
    ['json', false],
    ['auto', false],
  ] as const)('%s (tty %s) writes JSON lines', (format, tty) => {
    const s = sink();
    createLogger('info', format, { destination: s.stream, tty }).info({ port: 1, pwd: 'hunter2' }, 'hello');
    const line = JSON.parse(s.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'hello', port: 1, pwd: '[redacted]', service: 'tim' });
  });

  it.each([
    ['pretty', false],
    ['auto', true],
  ] as const)('%s (tty %s) writes pino-pretty lines', (format, tty) => {
    const s = sink();
    createLogger('info', format, { destination: s.stream, tty }).info({ port: 1, pwd: 'hunter2' }, 'hello');
    const text = s.text();
    expect(text).toMatch(/INFO.*hello/);
    expect(text).toMatch(/port: 1/);
    expect(text).not.toContain('hunter2');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('levels below the configured one are not written', () => {
    const s = sink();
    const log = createLogger('info', 'json', { destination: s.stream });
    log.debug('per frame');
    expect(s.text()).toBe('');
    expect(log.isLevelEnabled('debug')).toBe(false);
  });
});
