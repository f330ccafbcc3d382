// hooks.connectAuth.url / hooks.loginStatus.url (src/config/schema.ts hookTarget): only http(s)
// URLs, so a config cannot point the server's POSTs at file:, data:, gopher: or other schemes;
// and the admin listeners' exposure defaults (loopback, Admiface off).

import { expect, it } from 'vitest';
import { buildConfig } from '../../../src/config/load-config.js';
import { configErrorOf } from '../../helpers/config-error.js';

it('hook URLs must be http:// or https://, refused with the key otherwise', () => {
  for (const hook of ['connectAuth', 'loginStatus']) {
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_x', 'data:text/plain,1', 'ftp://h/x', '127.0.0.1:8080/x', 'not a url', '']) {
      const err = configErrorOf(() => buildConfig({ hooks: { [hook]: { url } } }));
      expect(err.key, `${hook} ${url}`).toBe(`hooks.${hook}.url`);
    }
    const ok = buildConfig({ hooks: { [hook]: { url: 'https://backend.example/auth' } } });
    expect(ok.hooks[hook as 'connectAuth']).toEqual({ url: 'https://backend.example/auth', timeoutMs: 3000 });
    expect(configErrorOf(() => buildConfig({ hooks: { [hook]: { url: 'http://b/x', timeoutMs: 0 } } })).key).toBe(`hooks.${hook}.timeoutMs`);
  }
});

it('admin listeners default to loopback; Admiface is off unless enabled', () => {
  const c = buildConfig({});
  expect(c.admin.listen).toBe('127.0.0.1:20004');
  expect(c.admin.admiface.enabled).toBe(false);
  expect(c.admin.admiface.listen).toBe('127.0.0.1:20005');
  expect(c.admin.admiface.tls).toBeUndefined();
  expect(c.admin.accounts).toEqual([]);
  expect(c.admin.keys).toEqual([]);
});
