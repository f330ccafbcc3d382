// The package's client entry (`import { TimClient } from 'tim-ts/client'`): a tim client for
// browsers and Node. Browser-safe: this entry and everything it imports use no Node module and no
// dependency (test/package/package-exports.test.ts checks the packed files).
export { TimClient, TimClientError } from './tim-client.js';
export { registerAccount } from './tim-register.js';
export { ErrorCode, errorInfo } from '../protocol/error-codes.js';
export { MsType, OdType, TimType } from '../protocol/timtype.js';
//# sourceMappingURL=index.js.map