// What the reference relays (ws-relay.ts, sio-relay.ts) read from the load generator's frames, and
// how long they keep a copy waiting for its acknowledgement (as tim's reliable delivery does).

/** A login (`name`, `rooms`) or a message (`to` or `room`, `body`; `p: 1` = the persisted mode). */
export interface Up {
  name?: string;
  rooms?: string[];
  to?: string;
  room?: string;
  body?: string;
  p?: number;
}

export const ACK_TIMEOUT_MS = 10_000;
