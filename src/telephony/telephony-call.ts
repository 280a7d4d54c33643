/**
 * A call as a scenario sees it (VOXENGINE.md "Calls"): one SIP dialog (inbound or outbound) and its media leg, with
 * a player for prompts and music. It turns SIP and media events into VoxEngine's call events and keeps the rules
 * scenarios rely on:
 * - `hangup()` fires `Disconnected` on a connected call and `Failed` (487) on an outgoing call not yet connected;
 * - a call hears one source at a time: `say` / `startPlayback` replace what plays; `stopPlayback` and a bridge end the
 *   current playback without `PlaybackFinished`; a playback that fails ends with `PlaybackFinished {error}` (the
 *   player throttles a scenario that restarts a broken URL from that handler);
 * - tones are reported only after `handleTones(true)`.
 *
 *   ALERTING ──answer / 2xx──▶ CONNECTED ──BYE either way, media timeout──▶ TERMINATED
 *       │ (outbound: Ringing → PROGRESSING)                                     ▲
 *       └── reject, CANCEL, failure, hangup before answer ──────────────────────┘
 */
import type { Clock } from '../lib/clock.js';
import type { DtmfEvent } from '../media/dtmf/dtmf-event.js';
import type { MediaLeg } from '../media/endpoint/media-leg.js';
import { Player } from '../media/player/player.js';
import type { PlayItem } from '../media/player/play-item.js';
import { Listeners } from '../sip/events/listeners.js';
import type { InboundCall } from '../sip/ua/inbound-call.js';
import type { OutboundCall } from '../sip/ua/outbound-call.js';
import type { VoiceInput } from '../tts/index.js';
import type { MediaKit } from './media-kit.js';
import { MediaNegotiationError } from './telephony-errors.js';

export type TelephonyCallState = 'ALERTING' | 'PROGRESSING' | 'CONNECTED' | 'TERMINATED';

export interface TelephonyCallEvents extends Record<string, unknown[]> {
  Connected: [];
  Ringing: [];
  Disconnected: [data: { internalCode: number; reason: string; duration: number }];
  Failed: [data: { code: number; reason: string }];
  PlaybackFinished: [data: { error?: string }];
  ToneReceived: [data: { tone: string; method: string }];
}

export interface CallIdentity {
  id: string;
  incoming: boolean;
  /** The caller's number or user (From user part), or for outbound calls the number we present. */
  callerid?: string | undefined;
  displayName?: string | undefined;
  /** The dialed number or user (Request-URI user part). */
  number?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/** How an outbound call gets onto the wire once its offer is ready (callTrunk, callUser or call to a URI). */
export type PlaceCall = (sdpOffer: string) => OutboundCall;

export class TelephonyCall {
  readonly events = new Listeners<TelephonyCallEvents>();
  state: TelephonyCallState = 'ALERTING';
  private leg: MediaLeg | null = null;
  private player: Player | null = null;
  private sip: InboundCall | OutboundCall | null = null;
  private tones = false;
  private connectedAt = 0;
  /** A media command given before the leg existed (say before answer): applied once it does. */
  private pendingMedia: (() => void) | null = null;
  private hangupRequested = false;
  /** Set while bridged: `unbridge` undoes it. */
  bridgeRelease: (() => void) | null = null;

  private constructor(
    readonly identity: CallIdentity,
    private readonly kit: MediaKit,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
  ) {}

  get id(): string {
    return this.identity.id;
  }

  get mediaLeg(): MediaLeg | null {
    return this.leg;
  }

  /** An INVITE that arrived; the scenario answers, rejects or lets it ring. */
  static inbound(sip: InboundCall, identity: CallIdentity, kit: MediaKit, clock: Clock, log: (m: string) => void): TelephonyCall {
    const call = new TelephonyCall(identity, kit, clock, log);
    call.sip = sip;
    sip.events.on('failed', (status, reason) => {
      // The caller gave up before we answered (CANCEL): for an inbound call VoxEngine reports Disconnected.
      call.finish({ internalCode: status, reason });
    });
    sip.events.on('disconnected', (by) => call.finish({ internalCode: 200, reason: by === 'remote' ? 'remote hangup' : by === 'timeout' ? 'session timeout' : 'hangup' }));
    return call;
  }

  /** A call we place: the leg opens first (the offer carries its port), then `place` sends the INVITE. */
  /** `near`: the call this one will probably be bridged to (its media goes on the same media worker). */
  static outbound(
    identity: CallIdentity,
    kit: MediaKit,
    clock: Clock,
    log: (m: string) => void,
    place: PlaceCall,
    near?: TelephonyCall,
  ): TelephonyCall {
    const call = new TelephonyCall(identity, kit, clock, log);
    void call.start(place, near);
    return call;
  }

  private async start(place: PlaceCall, near: TelephonyCall | undefined): Promise<void> {
    let prepared: Awaited<ReturnType<MediaKit['prepareOffer']>>;
    try {
      prepared = await this.kit.prepareOffer(near?.mediaLeg ?? undefined);
    } catch (err) {
      this.log(`no media for the outbound call: ${(err as Error).message}`);
      this.fail(480, 'no media port available');
      return;
    }
    this.attachLeg(prepared.leg);
    if (this.hangupRequested) {
      this.fail(487, 'Cancelled');
      return;
    }
    let sip: OutboundCall;
    try {
      sip = place(prepared.offer);
    } catch (err) {
      const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 480;
      this.log(`the call cannot be placed: ${(err as Error).message}`);
      this.fail(code, (err as Error).message);
      return;
    }
    this.sip = sip;
    sip.events.on('ringing', () => {
      if (this.state !== 'ALERTING') return;
      this.state = 'PROGRESSING';
      this.events.emit('Ringing');
    });
    sip.events.on('failed', (code, reason) => this.fail(code, reason));
    sip.events.on('connected', (answer) => {
      try {
        prepared.complete(answer);
      } catch (err) {
        this.log(`the answer's SDP cannot be used: ${(err as Error).message}`);
        sip.hangup();
        this.fail(488, 'media negotiation failed');
        return;
      }
      this.connected();
      if (this.hangupRequested) this.hangup();
    });
    sip.events.on('disconnected', (by) => this.finish({ internalCode: 200, reason: by === 'remote' ? 'remote hangup' : by === 'timeout' ? 'session timeout' : 'hangup' }));
  }

  /** Answers an inbound call: negotiates SDP (488 when nothing fits), opens the leg, sends 200 OK. */
  answer(): void {
    const sip = this.sip;
    if (!this.identity.incoming || this.state !== 'ALERTING' || !sip || sip.state !== 'alerting') return;
    const inbound = sip as InboundCall;
    this.state = 'PROGRESSING';
    this.kit.answerOffer(inbound.offer).then(
      ({ leg, answer }) => {
        if (inbound.state !== 'alerting') {
          void leg.close('call ended before the answer');
          return;
        }
        this.attachLeg(leg);
        inbound.answer(answer);
        this.connected();
      },
      (err: unknown) => {
        const negotiation = err instanceof MediaNegotiationError;
        this.log(`cannot answer: ${(err as Error).message}`);
        inbound.reject(negotiation ? 488 : 500, negotiation ? 'Not Acceptable Here' : 'Server Internal Error');
        this.finish({ internalCode: negotiation ? 488 : 500, reason: (err as Error).message });
      },
    );
  }

  /** 180 Ringing to an inbound caller. */
  ring(): void {
    if (this.identity.incoming && this.state === 'ALERTING') (this.sip as InboundCall | null)?.ringing();
  }

  reject(code = 486): void {
    if (!this.identity.incoming || this.state === 'TERMINATED' || this.state === 'CONNECTED') return;
    (this.sip as InboundCall | null)?.reject(validRejectCode(code));
    this.finish({ internalCode: validRejectCode(code), reason: 'rejected' });
  }

  hangup(): void {
    if (this.state === 'TERMINATED') return;
    const sip = this.sip;
    if (this.identity.incoming) {
      if (this.state === 'CONNECTED') sip?.hangup();
      else (sip as InboundCall | null)?.reject(480, 'Temporarily Unavailable');
      this.finish({ internalCode: 200, reason: 'hangup' });
      return;
    }
    this.hangupRequested = true;
    if (this.state === 'CONNECTED') {
      sip?.hangup();
      this.finish({ internalCode: 200, reason: 'hangup' });
    } else if (sip) {
      (sip as OutboundCall).cancel();
      this.fail(487, 'Cancelled');
    }
    // No SIP call yet: start() sees hangupRequested once the leg is open.
  }

  say(text: string, voice: VoiceInput | undefined): void {
    this.withPlayer((p) => p.say(text, voice));
  }

  startPlayback(item: PlayItem, loop: boolean): void {
    this.withPlayer((p) => p.play(item, { loop }));
  }

  stopPlayback(): void {
    this.pendingMedia = null;
    this.player?.stop();
  }

  handleTones(on: boolean): void {
    this.tones = on;
  }

  sendDigits(digits: string): void {
    const leg = this.leg;
    if (!leg || this.state !== 'CONNECTED') return;
    leg.sendDigits(digits).catch((err: unknown) => this.log(`sendDigits('${digits}') failed: ${(err as Error).message}`));
  }

  private withPlayer(fn: (p: Player) => void): void {
    if (this.state === 'TERMINATED') return;
    if (this.player && this.state === 'CONNECTED') {
      fn(this.player);
      return;
    }
    this.pendingMedia = () => {
      if (this.player) fn(this.player);
    };
  }

  private attachLeg(leg: MediaLeg): void {
    this.leg = leg;
    const player = new Player(this.kit.players, leg);
    this.player = player;
    player.on('finished', () => this.events.emit('PlaybackFinished', {}));
    player.on('failed', (e) => this.events.emit('PlaybackFinished', { error: `${e.failure.kind}: ${e.failure.reason} (${e.playback.label})` }));
    leg.events.on('dtmf', (event: DtmfEvent) => {
      if (this.tones) this.events.emit('ToneReceived', { tone: event.digit, method: event.method });
    });
    leg.events.on('mediaTimeout', (ms) => {
      this.log(`no RTP for ${Math.round(ms / 1000)} s: hanging up`);
      if (this.state === 'CONNECTED') this.sip?.hangup();
      this.finish({ internalCode: 408, reason: 'media timeout' });
    });
  }

  private connected(): void {
    if (this.state === 'TERMINATED' || this.state === 'CONNECTED') return;
    this.state = 'CONNECTED';
    this.connectedAt = this.clock.now();
    this.events.emit('Connected');
    const pending = this.pendingMedia;
    this.pendingMedia = null;
    pending?.();
  }

  private fail(code: number, reason: string): void {
    if (this.state === 'TERMINATED') return;
    if (this.state === 'CONNECTED') {
      this.finish({ internalCode: code, reason });
      return;
    }
    this.state = 'TERMINATED';
    this.release();
    this.events.emit('Failed', { code, reason });
  }

  private finish(data: { internalCode: number; reason: string }): void {
    if (this.state === 'TERMINATED') return;
    const duration = this.state === 'CONNECTED' ? Math.round((this.clock.now() - this.connectedAt) / 1000) : 0;
    this.state = 'TERMINATED';
    this.release();
    this.events.emit('Disconnected', { ...data, duration });
  }

  private release(): void {
    this.pendingMedia = null;
    this.bridgeRelease?.();
    this.bridgeRelease = null;
    this.player?.dispose();
    this.player = null;
    const leg = this.leg;
    if (leg) void leg.close('call ended').catch(() => undefined);
  }
}

/** reject(code) accepts final failure codes only (4xx-6xx); anything else becomes 486. */
function validRejectCode(code: number): number {
  return Number.isInteger(code) && code >= 400 && code <= 699 ? code : 486;
}
