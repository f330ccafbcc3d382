// The package's client entry (`import { TimClient } from 'tim-ts/client'`): a tim client for
// browsers and Node. Browser-safe: this entry and everything it imports use no Node module and no
// dependency (test/package/package-exports.test.ts checks the packed files).

export { TimClient, TimClientError, type SendOptions, type TimClientEvents, type TimClientOptions, type WebSocketConstructor } from './tim-client.js';
export type { WebSocketLike } from './client-types.js';
export { registerAccount } from './tim-register.js';
export { ErrorCode, errorInfo, type ErrorCodeValue } from '../protocol/error-codes.js';
export { MsType, OdType, TimType, type TimTypeValue } from '../protocol/timtype.js';
export type {
  Tid,
  TimAck,
  TimAuth,
  TimError,
  TimMessage,
  TimMessageList,
  TimNodes,
  TimPresence,
  TimReq,
  TimRoomBean,
  TimStream,
  TimUserBean,
} from '../protocol/wire-types.js';
