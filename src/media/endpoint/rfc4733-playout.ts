/**
 * Paces `rfc4733Packets` plans on the media clock: `sendDigits('12#')` on a leg queues a plan, and every tick hands
 * the leg the packets whose time has come. While a plan plays, the leg sends no audio (RFC 4733 §2.5.1.1 lets a
 * sender keep audio going, but a tone and its event at once would be heard twice by a gateway that regenerates
 * tones; most senders mute, and the audio clock keeps running underneath with `RtpSender.skip`).
 *
 * The event timestamp of every packet of a digit is the media clock at the digit's start (§2.2.1, §2.5.1.2): the
 * clock when the plan started plus the plan's `timestampOffset`. Plans queued behind one another play back to back.
 */
import { type Rfc4733SendOptions, type Rfc4733SendPacket, rfc4733Packets } from '../dtmf/rfc4733-sender.js';
import { FRAME_MS } from '../audio-frame.js';

interface QueuedPlan {
  packets: Rfc4733SendPacket[];
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Receives each due packet with the absolute event timestamp it must carry. */
export type Rfc4733Emit = (packet: Rfc4733SendPacket, eventTimestamp: number) => void;

export class Rfc4733Playout {
  private readonly queue: QueuedPlan[] = [];
  private current: QueuedPlan | null = null;
  private next = 0;
  private startTick = 0;
  private startTimestamp = 0;

  /** True while a plan is playing or waiting: the leg sends no audio then. */
  get active(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  /** Queues `digits`; resolves when its last packet has been sent. Throws RangeError for a non-DTMF character. */
  enqueue(digits: string, options: Rfc4733SendOptions = {}): Promise<void> {
    const packets = rfc4733Packets(digits, options);
    return new Promise((resolve, reject) => {
      if (packets.length === 0) resolve();
      else this.queue.push({ packets, resolve, reject });
    });
  }

  /**
   * One media tick: `tickIndex` and the media clock (`mediaTimestamp`, the timestamp audio would carry now). Calls
   * `emit` for every packet due by this tick. Returns true when the tick belonged to DTMF (send no audio).
   */
  tick(tickIndex: number, mediaTimestamp: number, emit: Rfc4733Emit): boolean {
    if (!this.current) {
      const plan = this.queue.shift();
      if (!plan) return false;
      this.current = plan;
      this.next = 0;
      this.startTick = tickIndex;
      this.startTimestamp = mediaTimestamp;
    }
    const plan = this.current;
    const elapsedMs = (tickIndex - this.startTick) * FRAME_MS;
    while (this.next < plan.packets.length && plan.packets[this.next]!.offsetMs <= elapsedMs) {
      const packet = plan.packets[this.next++]!;
      emit(packet, (this.startTimestamp + packet.timestampOffset) >>> 0);
    }
    if (this.next === plan.packets.length) {
      this.current = null;
      plan.resolve();
    }
    return true;
  }

  /** Drops every plan (the leg closed): their promises reject with `err`. */
  cancel(err: Error): void {
    const plans = this.current ? [this.current, ...this.queue] : [...this.queue];
    this.current = null;
    this.queue.length = 0;
    for (const plan of plans) plan.reject(err);
  }
}
