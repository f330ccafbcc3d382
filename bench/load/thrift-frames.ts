// The frames of a Thrift-compact tim client (docs/thrift.md) for the load generator's `tim-thrift`
// target: the same server and scenario as `tim`, with the client speaking as atim and timgo do
// (bit 0x80 clear, TCompactProtocol bodies). Built with the project's codec, once per frame kind.

import { thriftEncodeWithHeader } from '../../src/protocol/thrift-codec.js';
import { T_AUTH, T_MESSAGE } from '../../src/protocol/thrift-structs.js';

const AUTH = 0x10;
const MESSAGE = 0x5a;

function frame(type: number, body: Buffer): Buffer {
  body[0] = type;
  return body;
}

/** AUTH by password or token, Thrift body. */
export function thriftAuthFrame(auth: { name?: string; pwd?: string; token?: string }): Buffer {
  return frame(AUTH, thriftEncodeWithHeader(T_AUTH, auth, 1));
}

/** A MESSAGE to `node`, Thrift body. */
export function thriftMessageFrame(msg: { msType: number; odType: number; toTid?: { node: string }; roomTid?: { node: string }; dataString: string }): Buffer {
  return frame(MESSAGE, thriftEncodeWithHeader(T_MESSAGE, msg, 1));
}

/** Whether the Thrift TimAck body of an ACK frame `d` says ok: its first field is `ok` (id 1, a
 *  bool in the field header: 0x11 true, 0x12 false). */
export function thriftAckOk(d: Buffer): boolean {
  return d[1] === 0x11;
}
