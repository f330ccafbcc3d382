export { TimClient, TimClientError, type SendOptions, type TimClientEvents, type TimClientOptions, type WebSocketConstructor } from './tim-client.js';
export type { WebSocketLike } from './client-types.js';
export { registerAccount } from './tim-register.js';
export { ErrorCode, errorInfo, type ErrorCodeValue } from '../protocol/error-codes.js';
export { MsType, OdType, TimType, type TimTypeValue } from '../protocol/timtype.js';
export type { Tid, TimAck, TimAuth, TimError, TimMessage, TimMessageList, TimNodes, TimPresence, TimReq, TimRoomBean, TimStream, TimUserBean, } from '../protocol/wire-types.js';
