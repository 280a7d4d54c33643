/**
 * The ACD side of the scenario services: `enqueueACDRequest`, `request.getStatus()` and `request.cancel()` as ACD
 * operations, each request linked to its session (RequestLinks), and the callback rule (PRODUCT.md core flow, step
 * 3): when a session's caller hangs up while its request still waits and the scenario did not cancel it (the `#`
 * path), the request becomes a callback to the caller's number and keeps its place.
 */
import type { AcdService } from '../../acd/acd-service.js';
import type { Rng } from '../../lib/rng.js';
import { toE164 } from '../../telephony/phone.js';
import type { RequestLink, RequestLinks, ScenarioRequestPayload } from '../../telephony/request-links.js';
import type { TelephonyCall } from '../../telephony/telephony-call.js';
import type { EnqueueOptions } from '../session/scenario-services.js';

export interface ScenarioRequestsOptions {
  acd: AcdService;
  links: RequestLinks;
  rng: Rng;
  /** Hands an ACD event to the session owning `link`; false when it is gone. */
  deliver: (link: RequestLink, event: string, data?: Record<string, unknown>) => boolean;
  log: (fields: Record<string, unknown>, message: string) => void;
}

export class ScenarioRequests {
  constructor(private readonly o: ScenarioRequestsOptions) {}

  /**
   * Queues a request for a session: a live call while `caller` (the session's inbound call) is on the line, else a
   * callback to `callerid`. The scenario's id is returned at once (`requestId` when the session chose it on a
   * worker); the ACD's follows in the link.
   */
  enqueue(
    sessionId: string,
    queue: string,
    callerid: string | null,
    options: EnqueueOptions,
    caller: TelephonyCall | undefined,
    requestId = this.o.rng.uuid(),
  ): { id: string } {
    const live = caller !== undefined && caller.state !== 'TERMINATED' ? caller : undefined;
    const phone = toE164(callerid ?? live?.identity.callerid);
    const link: RequestLink = { localId: requestId, sessionId, phone, cancelled: false, callerGone: false, statusWanted: false, dialingCustomer: false };
    this.o.links.add(link);
    const payload: ScenarioRequestPayload = { scenarioSession: sessionId, scenarioRequest: requestId };
    const ringTimeout = ringTimeoutOf(options.headers);
    const priority = typeof options.priority === 'number' && options.priority >= 1 && options.priority <= 100 ? Math.floor(options.priority) : undefined;
    // Shown on the operator's phone and in the API: the scenario's `name`, else the caller's display name.
    const name = customerName(typeof options.name === 'string' ? options.name : live?.identity.displayName);
    const fail = (message: string): void => {
      this.o.log({ sessionId, queue }, `enqueueACDRequest failed: ${message}`);
      queueMicrotask(() => {
        this.o.deliver(link, 'ACD.Error', { error: message });
        this.o.links.delete(requestId);
      });
    };
    if (!live && !phone) {
      fail(`a callback needs a phone number; '${callerid ?? ''}' is not one`);
      return { id: requestId };
    }
    this.o.acd
      .createRequest({
        queue,
        kind: live ? 'call' : 'callback',
        phone,
        ...(name ? { name } : {}),
        customData: options.customData,
        payload,
        ...(priority !== undefined ? { priority } : {}),
        ...(ringTimeout !== undefined ? { ringTimeout } : {}),
      })
      .then(
        ({ request }) => {
          link.engineId = request.id;
          if (link.cancelled) this.cancelInAcd(link);
          else if (link.statusWanted) this.command(sessionId, requestId, 'getStatus');
        },
        (err: unknown) => fail((err as Error).message),
      );
    return { id: requestId };
  }

  /** `request.getStatus()` (answered with ACD.Waiting while it waits) or `request.cancel()`. */
  command(sessionId: string, requestId: string, method: 'getStatus' | 'cancel'): void {
    const link = this.o.links.get(requestId);
    if (!link || link.sessionId !== sessionId) return;
    if (method === 'cancel') {
      link.cancelled = true;
      if (link.engineId) this.cancelInAcd(link);
      return;
    }
    if (!link.engineId) {
      link.statusWanted = true;
      return;
    }
    link.statusWanted = false;
    this.o.acd.getRequest(link.engineId).then(
      (r) => {
        if (r.state === 'waiting') this.o.deliver(link, 'ACD.Waiting', { position: r.position ?? 0, ewt: r.ewtMinutes ?? 0 });
      },
      (err: unknown) => this.o.log({ sessionId, requestId }, `getStatus failed: ${(err as Error).message}`),
    );
  }

  /**
   * The session's caller hung up: its requests not yet marked are marked now, so that one the scenario cancels from
   * its Disconnected handler ends as abandoned by the caller, not as cancelled. Returns the links marked.
   */
  markCallerGone(sessionId: string): RequestLink[] {
    const marked = this.o.links.ofSession(sessionId).filter((l) => !l.callerGone);
    for (const link of marked) link.callerGone = true;
    return marked;
  }

  /** After the scenario's Disconnected handler has run: each request it did not cancel is kept as a callback. */
  keepAsCallbacks(sessionId: string, call: TelephonyCall, links: readonly RequestLink[]): void {
    for (const link of links) {
      const id = link.engineId;
      if (!id || link.cancelled) continue;
      void this.o.acd.getRequest(id).then(
        (r) => {
          if (r.kind !== 'call') return;
          if (r.state === 'connected') return void this.o.acd.completeRequest(id).catch(() => undefined);
          if (r.state !== 'waiting' && r.state !== 'offered') return;
          if (link.cancelled) return;
          const phone = link.phone ?? toE164(call.identity.callerid);
          if (!phone) {
            this.o.log({ sessionId, requestId: id }, 'caller hung up; no callback number known: abandoned');
            return void this.o.acd.callerGone(id).catch(() => undefined);
          }
          link.phone = phone;
          this.o.acd.convertToCallback(id, phone).then(
            () => this.o.log({ sessionId, requestId: id, phone }, 'caller hung up: the request is now a callback in the same place'),
            (err: unknown) => this.o.log({ sessionId, requestId: id }, `callback conversion failed: ${(err as Error).message}`),
          );
        },
        () => undefined,
      );
    }
  }

  private cancelInAcd(link: RequestLink): void {
    const id = link.engineId!;
    const op = link.callerGone ? this.o.acd.callerGone(id) : this.o.acd.cancelRequest(id, 'cancelled by the scenario');
    op.catch(() => undefined); // already connected or ended: nothing to cancel
  }
}

/** `VI-CallTimeout` (VOXENGINE.md): ring time per operator, 10..400 s. */
function ringTimeoutOf(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.['VI-CallTimeout'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(400, Math.max(10, Math.round(n))) : undefined;
}

/** A name fit for a SIP display name and the API: control characters out, at most 100 characters; empty is none. */
function customerName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 100);
  return clean === '' ? undefined : clean;
}
