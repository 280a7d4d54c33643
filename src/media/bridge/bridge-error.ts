/**
 * Why two legs could not be joined. Branch on `reason`, never on the text (ARCHITECTURE.md).
 */
export type BridgeErrorReason =
  | 'already-bridged' // one of the legs is in another bridge: unbridge it first (a leg hears one peer at a time)
  | 'same-leg' // a leg cannot be bridged to itself
  | 'closed' // one of the legs is closed
  | 'different-threads'; // threaded legs on different media workers (open the second one `near` the first)

export class BridgeError extends Error {
  constructor(
    readonly reason: BridgeErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
