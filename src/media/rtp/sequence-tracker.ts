/**
 * RFC 3550 Appendix A.1, "RTP Data Header Validity Checks": the per-source sequence state `update_seq` keeps, in
 * TypeScript. A source is "valid" after MIN_SEQUENTIAL packets in sequence (probation); afterwards jumps of fewer than
 * MAX_DROPOUT ahead are accepted (counting a new cycle on wrap), up to MAX_MISORDER behind are accepted as late,
 * and anything else is a "bad" sequence: dropped, unless the next packet continues from it, in which case the source
 * is taken to have restarted (`init_seq`) and the statistics start over.
 *
 * It holds the counters RFC 3550 A.3 turns into the loss figures of a report block: `baseSeq`, `cycles`, `maxSeq`,
 * `received`.
 */

/** RFC 3550 A.1 constants. */
export const MAX_DROPOUT = 3000;
export const MAX_MISORDER = 100;
export const MIN_SEQUENTIAL = 2;
const RTP_SEQ_MOD = 0x10000;

export class SequenceTracker {
  /** Highest sequence number seen (16 bits). */
  maxSeq = 0;
  /** Shifted count of sequence number cycles (multiples of 2^16), as A.1's `cycles`. */
  cycles = 0;
  /** First sequence number counted (A.1 `base_seq`). */
  baseSeq = 0;
  /** Last "bad" sequence number + 1 (A.1 `bad_seq`). */
  private badSeq = RTP_SEQ_MOD + 1;
  /** Packets still needed before the source is valid. */
  probation: number;
  /** Packets received and counted (duplicates included, as in A.1). */
  received = 0;
  private started = false;

  constructor(private readonly minSequential = MIN_SEQUENTIAL) {
    this.probation = minSequential;
  }

  /** Extended highest sequence number received (A.3 `extended_max`). */
  get extendedMax(): number {
    return this.cycles + this.maxSeq;
  }

  /** Packets expected so far (A.3). */
  get expected(): number {
    return this.received === 0 ? 0 : this.extendedMax - this.baseSeq + 1;
  }

  /** A.1 `update_seq`: returns true when the packet is valid and was counted. */
  update(seq: number): boolean {
    if (!this.started) {
      this.started = true;
      this.initSeq(seq);
      this.maxSeq = (seq - 1) & 0xffff;
      this.probation = this.minSequential;
      if (this.minSequential <= 0) {
        this.initSeq(seq);
        this.received++;
        return true;
      }
    }
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (this.probation > 0) {
      // Source not yet valid: packets must be in sequence.
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probation--;
        this.maxSeq = seq;
        if (this.probation === 0) {
          this.initSeq(seq);
          this.received++;
          return true;
        }
      } else {
        this.probation = this.minSequential - 1;
        this.maxSeq = seq;
      }
      return false;
    } else if (udelta < MAX_DROPOUT) {
      // In order, with permissible gap.
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD; // wrapped
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // The sequence number made a very large jump.
      if (seq === this.badSeq) {
        // Two sequential packets: assume the other side restarted without telling us, so re-sync.
        this.initSeq(seq);
      } else {
        this.badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
        return false;
      }
    } else {
      // Duplicate or reordered packet: counted, maxSeq unchanged.
    }
    this.received++;
    return true;
  }

  /** A.1 `init_seq`. */
  private initSeq(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1; // so seq === badSeq is false
    this.cycles = 0;
    this.received = 0;
  }
}
