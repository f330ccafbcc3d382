// WebSocket close codes the server sends: standard ones and its own 4000-4999 application codes.

/** WebSocket close codes the server uses (4000-4999 are application codes). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY: 1008,
  TOO_BIG: 1009,
  /** the client did not read: its unflushed writes passed limits.sendQueueMax frames or
   *  limits.sendQueueBytes bytes */
  SLOW_CONSUMER: 4001,
  LOGIN_TIMEOUT: 4002,
  PING_TIMEOUT: 4003,
  KICKED: 4004,
  FLOOD: 4005,
  UNAUTHENTICATED: 4006,
  /** the client went on sending faster than limits.requestRate after its 5104 warning
   *  (core/request-rate.ts) */
  RATE_LIMITED: 4007,
  /** limits.loginFailuresPerSocket AUTHs on this socket were refused; sent after the last error ack */
  LOGIN_FAILED: 4008,
} as const;
