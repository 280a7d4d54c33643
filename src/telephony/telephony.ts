/**
 * The call-control service: turns SIP calls into `TelephonyCall`s and places calls out, through a trunk (PSTN), to an
 * operator's registered phone, or to a SIP URI; joins two calls' media. The only layer that holds the SIP user agent
 * and the media engine together (ARCHITECTURE.md).
 */
import type { Clock } from '../lib/clock.js';
import type { Rng } from '../lib/rng.js';
import { NameAddr } from '../sip/message/name-addr.js';
import { UserNotReachableError } from '../sip/ua/ua-errors.js';
import type { InboundCall } from '../sip/ua/inbound-call.js';
import type { UserAgent } from '../sip/ua/user-agent.js';
import { parseUri, SipUri, type Uri } from '../sip/uri/index.js';
import type { MediaKit } from './media-kit.js';
import { CallPlacementError } from './telephony-errors.js';
import { TelephonyCall } from './telephony-call.js';

export type { PlayItem } from '../media/player/play-item.js';
export type { VoiceInput } from '../tts/index.js';

export interface TelephonyOptions {
  ua: UserAgent;
  kit: MediaKit;
  clock: Clock;
  rng: Rng;
  /** Trunk used by callPSTN (the first configured one); undefined: callPSTN fails with 404. */
  defaultTrunk?: string | undefined;
  log: (fields: Record<string, unknown>, message: string) => void;
}

export interface UserCallParams {
  username: string;
  callerid?: string | undefined;
  displayName?: string | undefined;
  extraHeaders?: Record<string, string> | undefined;
}

/** Where an outbound call's media should live: near the call it will probably be bridged to (same media worker). */
export interface Placement {
  near?: TelephonyCall | undefined;
}

export interface OutboundOptions extends Placement {
  /** The call's id when the caller chose it: a scenario worker names the calls it places before they exist here. */
  id?: string | undefined;
}

export class Telephony {
  private readonly calls = new Map<string, TelephonyCall>();

  constructor(private readonly o: TelephonyOptions) {}

  get activeCalls(): number {
    return this.calls.size;
  }

  get(id: string): TelephonyCall | undefined {
    return this.calls.get(id);
  }

  /** An INVITE the user agent accepted (trunk or authenticated phone): the call the routing rule will get. */
  inbound(sip: InboundCall): TelephonyCall {
    const req = sip.incoming.request;
    const headers: Record<string, string> = {};
    for (const [name, value] of req.headers) {
      // Custom headers travel to the scenario (VoxEngine exposes X- headers on the call).
      if (/^x-/i.test(name)) headers[name] = value;
    }
    const call = TelephonyCall.inbound(
      sip,
      {
        id: this.o.rng.uuid(),
        incoming: true,
        callerid: userOf(req.from.uri),
        displayName: req.from.displayName,
        number: userOf(req.requestUri),
        headers,
      },
      this.o.kit,
      this.o.clock,
      (m) => this.o.log({ sipCallId: sip.callId }, m),
    );
    this.track(call, { direction: 'in', sipCallId: sip.callId, from: call.identity.callerid, to: call.identity.number, trunk: sip.trunk, user: sip.username });
    return call;
  }

  /** `VoxEngine.callPSTN(number, callerid)`: through the default trunk, with its caller ID unless one is given. */
  callPSTN(number: string, callerid: string | null, placement: OutboundOptions = {}): TelephonyCall {
    const trunk = this.o.defaultTrunk;
    const id = placement.id ?? this.o.rng.uuid();
    const call = TelephonyCall.outbound(
      { id, incoming: false, callerid: callerid ?? undefined, number },
      this.o.kit,
      this.o.clock,
      (m) => this.o.log({ callId: id }, m),
      (sdp) => {
        if (!trunk) throw new CallPlacementError(404, 'no trunk is configured for calls to the PSTN');
        if (!/^\+?[0-9*#]{1,32}$/.test(number)) throw new CallPlacementError(404, `'${number}' is not a phone number`);
        return this.o.ua.callTrunk(trunk, number, { sdp, ...(callerid ? { callerId: callerid } : {}) });
      },
      placement.near,
    );
    this.track(call, { direction: 'out', to: number, trunk });
    return call;
  }

  /** `VoxEngine.callUser`: rings the operator's registered SIP phone (480 when none is reachable). */
  callUser(params: UserCallParams, placement: OutboundOptions = {}): TelephonyCall {
    const id = placement.id ?? this.o.rng.uuid();
    const call = TelephonyCall.outbound(
      { id, incoming: false, callerid: params.callerid, displayName: params.displayName, number: params.username },
      this.o.kit,
      this.o.clock,
      (m) => this.o.log({ callId: id }, m),
      (sdp) => {
        try {
          return this.o.ua.callUser(params.username, {
            sdp,
            from: fromHeader(params.callerid ?? 'holdless', params.displayName, this.o.kit.o.advertisedHost ?? this.o.kit.o.host),
            headers: Object.entries(params.extraHeaders ?? {}),
          });
        } catch (err) {
          if (err instanceof UserNotReachableError) throw new CallPlacementError(480, err.message);
          throw err;
        }
      },
      placement.near,
    );
    this.track(call, { direction: 'out', user: params.username });
    return call;
  }

  /** `VoxEngine.callSIP(uri)`: to an IP literal host (no DNS), UDP. */
  callSIP(uriText: string, params: { callerid?: string | undefined; displayName?: string | undefined }, placement: OutboundOptions = {}): TelephonyCall {
    const id = placement.id ?? this.o.rng.uuid();
    const call = TelephonyCall.outbound(
      { id, incoming: false, callerid: params.callerid, displayName: params.displayName, number: uriText },
      this.o.kit,
      this.o.clock,
      (m) => this.o.log({ callId: id }, m),
      (sdp) => {
        let uri: Uri;
        try {
          uri = parseUri(uriText);
        } catch {
          throw new CallPlacementError(404, `'${uriText}' is not a SIP URI`);
        }
        if (!(uri instanceof SipUri) || uri.hostKind === 'hostname') {
          throw new CallPlacementError(404, `'${uriText}' must be a sip: URI with an IP address (holdless does not resolve names)`);
        }
        return this.o.ua.call({
          to: uri.toString(),
          target: { transport: 'udp', address: uri.host.replace(/^\[|\]$/g, ''), port: uri.port ?? 5060 },
          from: fromHeader(params.callerid ?? 'holdless', params.displayName, this.o.kit.o.advertisedHost ?? this.o.kit.o.host),
          sdp,
        });
      },
      placement.near,
    );
    this.track(call, { direction: 'out', to: uriText });
    return call;
  }

  /**
   * `VoxEngine.sendMediaBetween(a, b)`: each hears the other. Whatever played on either stops without
   * `PlaybackFinished`. Returns false (and logs) when either call has no media yet or is already bridged elsewhere.
   */
  bridge(a: TelephonyCall, b: TelephonyCall): boolean {
    const legA = a.mediaLeg;
    const legB = b.mediaLeg;
    if (!legA || !legB || a.state !== 'CONNECTED' || b.state !== 'CONNECTED') {
      this.o.log({ a: a.id, b: b.id }, 'sendMediaBetween: both calls must be connected');
      return false;
    }
    // What played stops without PlaybackFinished (VOXENGINE.md): the bridge takes over what both hear.
    a.stopPlayback();
    b.stopPlayback();
    a.bridgeRelease?.();
    b.bridgeRelease?.();
    try {
      const bridge = this.o.kit.bridge(legA, legB);
      const release = (): void => {
        a.bridgeRelease = null;
        b.bridgeRelease = null;
        bridge.unbridge();
      };
      a.bridgeRelease = release;
      b.bridgeRelease = release;
      this.o.log({ a: a.id, b: b.id }, 'calls bridged');
      return true;
    } catch (err) {
      this.o.log({ a: a.id, b: b.id }, `sendMediaBetween failed: ${(err as Error).message}`);
      return false;
    }
  }

  /** `VoxEngine.stopMediaBetween(a, b)`. */
  unbridge(a: TelephonyCall, b: TelephonyCall): void {
    if (a.bridgeRelease && a.bridgeRelease === b.bridgeRelease) a.bridgeRelease();
  }

  /** Hangs up every call (shutdown). */
  hangupAll(): void {
    for (const call of [...this.calls.values()]) call.hangup();
  }

  private track(call: TelephonyCall, fields: Record<string, unknown>): void {
    this.calls.set(call.id, call);
    this.o.log({ callId: call.id, ...fields }, 'call started');
    const end = (outcome: string, data: Record<string, unknown>): void => {
      this.calls.delete(call.id);
      this.o.log({ callId: call.id, outcome, ...data }, 'call ended');
    };
    call.events.on('Connected', () => this.o.log({ callId: call.id }, 'call connected'));
    call.events.on('Disconnected', (d) => end('disconnected', d));
    call.events.on('Failed', (d) => end('failed', d));
  }
}

function userOf(uri: Uri): string | undefined {
  if (uri instanceof SipUri) return uri.decodedUser;
  if (uri.kind === 'tel') return uri.number;
  return undefined;
}

function fromHeader(user: string, displayName: string | undefined, host: string): string {
  const safeUser = /^[A-Za-z0-9+._-]{1,64}$/.test(user) ? user : 'holdless';
  return new NameAddr({ uri: SipUri.create({ user: safeUser, host }), displayName }).toString();
}
