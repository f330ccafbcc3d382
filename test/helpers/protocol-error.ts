// The tim code of the error a call throws, or undefined when it does not throw. The code is the one
// mapping's (src/core/tim-error.ts errorToCode: a ProtocolError's, a TimError's, a StoreError's);
// any other error (one the mapping calls unexpected) is rethrown, so a test never reads 5101 for a bug.

import { errorToCode } from '../../src/core/tim-error.js';

export function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    const { code, unexpected } = errorToCode(e);
    if (unexpected) throw e;
    return code;
  }
  return undefined;
}
