/**
 * Joins two legs so each hears the other: what leg A receives is relayed to A's peer through leg B, and the other way
 * round (see `RelayDirection`), transcoding PCMU↔PCMA only when the legs negotiated different laws.
 *
 *     caller ──RTP──▶ [leg A] ──relay──▶ [leg B] ──RTP──▶ operator
 *     caller ◀──RTP── [leg A] ◀──relay── [leg B] ◀──RTP── operator
 *
 * Joining stops whatever source was playing on either leg (hold music ends when the operator is connected). A leg is
 * in at most one bridge (`BridgeError('already-bridged')`); a leg that closes leaves its bridge. `unbridge()` restores
 * nothing: both legs go silent until someone sets a source. While bridged, a source set on a leg takes over what that
 * leg's peer hears (a whisper or an announcement to one side) and relayed packets to it are dropped until it ends.
 */
import type { RtpEndpoint } from '../endpoint/rtp-endpoint.js';
import { BridgeError } from './bridge-error.js';
import { type RelayCounters, RelayDirection } from './relay-direction.js';

export interface BridgeOptions {
  /**
   * Keep DTMF from reaching the other side: RFC 4733 events are not relayed, and in-band tones are muted on legs
   * whose in-band detector is on (`inbandDtmf` when the leg was opened). Digits are still reported by each leg.
   */
  removeDtmf?: boolean;
}

/** The bridge each leg is in: a leg is in one bridge at a time. */
const bridgeOf = new WeakMap<RtpEndpoint, Bridge>();

export class Bridge {
  private readonly aToB: RelayDirection;
  private readonly bToA: RelayDirection;
  private detach: (() => void)[] = [];

  private constructor(
    readonly a: RtpEndpoint,
    readonly b: RtpEndpoint,
    options: BridgeOptions,
  ) {
    const removeDtmf = options.removeDtmf ?? false;
    this.aToB = new RelayDirection(a, b, removeDtmf);
    this.bToA = new RelayDirection(b, a, removeDtmf);
  }

  /** Joins `a` and `b`. Throws `BridgeError` when either is closed, already bridged, or they are the same leg. */
  static join(a: RtpEndpoint, b: RtpEndpoint, options: BridgeOptions = {}): Bridge {
    if (a === b) throw new BridgeError('same-leg', 'a leg cannot be bridged to itself');
    if (a.closed || b.closed) throw new BridgeError('closed', 'cannot bridge a closed leg');
    if (bridgeOf.has(a) || bridgeOf.has(b)) throw new BridgeError('already-bridged', 'a leg is already in a bridge: unbridge it first');
    const bridge = new Bridge(a, b, options);
    a.setSource(null);
    b.setSource(null);
    bridgeOf.set(a, bridge);
    bridgeOf.set(b, bridge);
    bridge.detach = [
      a.onPacket(bridge.aToB.onPacket),
      b.onPacket(bridge.bToA.onPacket),
      a.events.on('closed', () => bridge.unbridge()),
      b.events.on('closed', () => bridge.unbridge()),
    ];
    return bridge;
  }

  /** The bridge `leg` is in, or null. */
  static of(leg: RtpEndpoint): Bridge | null {
    return bridgeOf.get(leg) ?? null;
  }

  get active(): boolean {
    return this.detach.length > 0;
  }

  /** The other leg of the bridge. */
  peerOf(leg: RtpEndpoint): RtpEndpoint {
    return leg === this.a ? this.b : this.a;
  }

  /** Counters per direction: `aToB` is what A's peer said that B's peer heard. */
  get counters(): { aToB: RelayCounters; bToA: RelayCounters } {
    return { aToB: { ...this.aToB.counters }, bToA: { ...this.bToA.counters } };
  }

  /** Separates the legs; both go silent until a source is set. Idempotent. */
  unbridge(): void {
    if (!this.active) return;
    for (const off of this.detach) off();
    this.detach = [];
    if (bridgeOf.get(this.a) === this) bridgeOf.delete(this.a);
    if (bridgeOf.get(this.b) === this) bridgeOf.delete(this.b);
  }
}
