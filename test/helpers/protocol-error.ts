// The tim code of the ProtocolError a call throws, or undefined when it does not throw; any other
// error is rethrown.

import { ProtocolError } from '../../src/protocol/frame-codec.js';

export function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e.code;
    throw e;
  }
  return undefined;
}
