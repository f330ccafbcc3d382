// Identifier generators.
//
// mids and message ids are positive integers below 2^53 (so JavaScript clients read them exactly,
// docs/protocol.md decision 11) that increase with time: 41 bits of milliseconds since 2024-01-01, then
// 4 bits of cluster node number, then an 8-bit sequence within the millisecond. When the sequence
// is exhausted the generator borrows the next millisecond, so values never repeat or go backwards
// even if the wall clock does.

const EPOCH_MS = Date.UTC(2024, 0, 1);
const NODE_BITS = 4;
const SEQ_BITS = 8;
const SEQ_MAX = (1 << SEQ_BITS) - 1;
/** Multipliers that place the millisecond and the node number above the lower fields. */
const MS_UNIT = 2 ** (NODE_BITS + SEQ_BITS);
const NODE_UNIT = 2 ** SEQ_BITS;
export const MAX_SAFE_ID = Number.MAX_SAFE_INTEGER;

export class IdGenerator {
  private lastMs = 0;
  private seq = 0;

  /** `nodeNumber` (0..15) distinguishes cluster nodes so two nodes never mint the same id. */
  constructor(
    private readonly nodeNumber = 0,
    private readonly now: () => number = Date.now,
  ) {
    if (nodeNumber < 0 || nodeNumber > 15 || !Number.isInteger(nodeNumber)) {
      throw new RangeError('nodeNumber must be an integer 0..15');
    }
  }

  next(): number {
    let ms = this.now() - EPOCH_MS;
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      if (this.seq >= SEQ_MAX) {
        ms += 1;
        this.seq = 0;
      } else {
        this.seq += 1;
      }
    } else {
      this.seq = 0;
    }
    this.lastMs = ms;
    // 41 + 4 + 8 = 53 bits; multiplication keeps it in exact double range.
    return ms * MS_UNIT + this.nodeNumber * NODE_UNIT + this.seq;
  }
}

/** A client-supplied id is kept when it is a positive safe integer; otherwise the server mints one. */
export function isSafeId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}
