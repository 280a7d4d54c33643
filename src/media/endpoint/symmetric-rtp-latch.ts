/**
 * Symmetric RTP (RFC 4961; "latching" in RFC 7362 §4): a caller behind a NAT announces a private address in its SDP
 * that we cannot reach, but its packets reach us from the NAT's public address and port. So the leg sends to the SDP
 * address only until the peer's own packets show where it really is, then "latches" on to that source:
 *
 *     learning ──(N valid packets in a row from one source)──▶ latched
 *        ▲                                                        │
 *        └──────────────── relearn(newSdpAddress) ◀───────────────┘   (re-INVITE, RFC 3264 §8)
 *
 * Only packets that parse as RTP with a payload type the call negotiated count (the leg checks that before asking),
 * and they must come `packets` times in a row from one source, so a single stray or spoofed datagram cannot divert the
 * call's audio (RFC 7362 §4.2 discusses the hijacking risk; Asterisk's `strictrtp` learns the same way). Once latched,
 * `strict` drops packets from any other source; learning accepts all (the source is not known yet).
 * RTCP latches the same way, on its own socket, to the first RTCP source; until then it goes to the SDP's RTCP address,
 * or to the latched RTP port + 1 (RFC 3550 §11).
 */

export interface MediaAddress {
  address: string;
  port: number;
}

export interface LatchOptions {
  /** Follow the source of the peer's packets (default true). False: always send to the SDP address. */
  enabled?: boolean;
  /** Once latched, drop packets from other sources (default true). */
  strict?: boolean;
  /** Consecutive packets from one source needed to latch (default 2). */
  packets?: number;
}

export const LATCH_ACCEPT = 0;
/** Accept, and this packet latched the leg to its source. */
export const LATCH_LATCHED = 1;
export const LATCH_DROP = 2;
export type LatchVerdict = typeof LATCH_ACCEPT | typeof LATCH_LATCHED | typeof LATCH_DROP;

export class SymmetricRtpLatch {
  private readonly enabled: boolean;
  private readonly strict: boolean;
  private readonly needed: number;
  private rtp: MediaAddress | null = null;
  private rtcp: MediaAddress | null = null;
  private sdpRtcp: MediaAddress | null = null;
  private candidateAddress = '';
  private candidatePort = -1;
  private candidateCount = 0;
  private rtcpLatched = false;
  latched = false;
  /** Packets dropped because they came from another source after latching (strict mode). */
  foreign = 0;

  constructor(remote: { rtp: MediaAddress; rtcp?: MediaAddress } | null, options: LatchOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.strict = options.strict ?? true;
    this.needed = Math.max(1, options.packets ?? 2);
    this.relearn(remote);
  }

  /** Where RTP goes now (null: nowhere known yet). */
  get target(): MediaAddress | null {
    return this.rtp;
  }

  /** Where RTCP goes now. */
  get rtcpTarget(): MediaAddress | null {
    if (this.rtcpLatched || !this.latched) return this.rtcp ?? this.sdpRtcp;
    return this.rtp ? { address: this.rtp.address, port: this.rtp.port + 1 } : null;
  }

  /** Starts over with the address of a new SDP (a re-INVITE moved the peer's media, RFC 3264 §8). */
  relearn(remote: { rtp: MediaAddress; rtcp?: MediaAddress } | null): void {
    this.rtp = remote ? { ...remote.rtp } : null;
    this.sdpRtcp = remote ? { ...(remote.rtcp ?? { address: remote.rtp.address, port: remote.rtp.port + 1 }) } : null;
    this.rtcp = null;
    this.rtcpLatched = false;
    this.latched = false;
    this.candidateAddress = '';
    this.candidatePort = -1;
    this.candidateCount = 0;
  }

  /** Judges one valid RTP packet (expected payload type) from `address:port`. */
  accept(address: string, port: number): LatchVerdict {
    if (this.latched) {
      const rtp = this.rtp!;
      if (rtp.port === port && rtp.address === address) return LATCH_ACCEPT;
      if (!this.strict) return LATCH_ACCEPT;
      this.foreign++;
      return LATCH_DROP;
    }
    if (!this.enabled) return LATCH_ACCEPT;
    if (this.candidatePort === port && this.candidateAddress === address) this.candidateCount++;
    else {
      this.candidateAddress = address;
      this.candidatePort = port;
      this.candidateCount = 1;
    }
    if (this.candidateCount < this.needed) return LATCH_ACCEPT;
    this.rtp = { address, port };
    this.latched = true;
    return LATCH_LATCHED;
  }

  /** Notes the source of a valid RTCP datagram; the first one (of the latched RTP address, if any) becomes the RTCP target. */
  acceptRtcp(address: string, port: number): boolean {
    if (!this.enabled) return true;
    if (this.rtcpLatched) return !this.strict || (this.rtcp!.address === address && this.rtcp!.port === port);
    if (this.latched && this.rtp!.address !== address) return !this.strict;
    this.rtcp = { address, port };
    this.rtcpLatched = true;
    return true;
  }
}
