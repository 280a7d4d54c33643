/** Messages between bench:callback-latency's driver (run.ts) and its peers process (peers-process.ts). */

export interface PeersConfig {
  operators: Array<{ username: string; password: string }>;
  /** How long the trunk keeps the answered customer call before it hangs up, ms. */
  holdMs: number;
  /** The hold varies by ± this share of holdMs (uniformly), so calls do not end in lockstep; 0: exactly holdMs. */
  holdSpread: number;
}

/** One callback as the peers saw it; times are performance.now() of the peers process, ms. */
export interface CallbackRecord {
  /** The customer's number (the operator INVITE's From user, the trunk INVITE's Request-URI user). */
  number: string;
  operator: string;
  /** holdless's INVITE reached the operator's phone. */
  opInviteAt: number;
  /** The phone is about to send its 200 OK: the operator answers (start of the measured interval). */
  op200At: number;
  /** holdless's ACK for that 200 reached the phone. */
  opAckAt: number;
  /** holdless's INVITE for the customer reached the trunk (end of the measured interval). */
  trunkInviteAt: number;
  /** The customer call ended (the 200 to the trunk's BYE arrived). */
  trunkByeOkAt: number;
}

export type ToPeers =
  | { type: 'register'; sipPort: number }
  | { type: 'progress' }
  /** Hands over the records so far and forgets them (one batch per phase). */
  | { type: 'collect' }
  | { type: 'exit' };

export type FromPeers =
  | { type: 'ready'; trunkPort: number }
  | { type: 'registered' }
  | { type: 'progress'; completed: number; trunkInvites: number }
  | { type: 'records'; records: CallbackRecord[]; problems: string[]; loopP99Ms: number; loopMaxMs: number }
  | { type: 'error'; message: string };
