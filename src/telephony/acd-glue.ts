/**
 * Turns the ACD's decisions into calls, and calls back into ACD reports (issue 5, "ACD glue"):
 *
 *   Offered(R, O)       ring O's registered phone (callUser) → OperatorCallAttempt to R's scenario
 *     phone answers     acceptOffer → OperatorReached {operatorCall} to the scenario (it bridges, or whispers and
 *                       dials the customer of a callback; that dial's outcome is reported with reportCustomerDial,
 *                       an unanswered dial only once the operator's call has ended, so the operator is not offered
 *                       the next call while still on this one)
 *     phone fails       failOffer(cause, SIP-style code) → OperatorFailed; the ACD moves on
 *   OperatorFailed      the ring timed out (the ACD gave up on O): stop ringing
 *   OfferWithdrawn      R went away, or O left READY: stop ringing
 *   call ends           completeRequest: the operator goes AFTER_SERVICE (wrap-up), then READY again
 *
 * A request with no live scenario (a callback created over the REST API, or one whose session ended) is served by a
 * built-in flow: the operator hears the whisper, the customer is dialed through the trunk, both are bridged.
 * Operators' registrations drive their voice reachability: one without a registered phone gets no calls.
 */
import type { AcdService } from '../acd/acd-service.js';
import type { AcdEvent } from '../acd/events.js';
import type { CustomerDialOutcome, OfferFailureCause, Request } from '../acd/types.js';
import type { UserAgent } from '../sip/ua/user-agent.js';
import type { RequestLink } from './request-links.js';
import type { ScenarioPort } from './scenario-port.js';
import type { Telephony } from './telephony.js';
import type { TelephonyCall } from './telephony-call.js';

export interface AcdGlueOptions {
  acd: AcdService;
  telephony: Telephony;
  /** The scenario runtime, for requests that belong to a session. */
  host: ScenarioPort;
  ua: UserAgent;
  /** Operators get voice offers only while a phone is registered. */
  requireRegistration: boolean;
  /** What the operator hears before the built-in flow dials a callback's customer. */
  whisper: string;
  log: (fields: Record<string, unknown>, message: string) => void;
}

interface OperatorLeg {
  call: TelephonyCall;
  offerId: string;
  operator: string;
  accepted: boolean;
  /** The call carrying the customer in the built-in callback flow. */
  customer?: TelephonyCall;
  /** How dialing the customer ended, held back while the operator is still on the line (see watchCustomer). */
  customerOutcome?: CustomerDialOutcome;
  completed: boolean;
}

export class AcdGlue {
  private readonly legs = new Map<string, OperatorLeg>();
  private unsubscribe: (() => void) | null = null;
  private readonly detach: Array<() => void> = [];

  constructor(private readonly o: AcdGlueOptions) {}

  async start(): Promise<void> {
    this.unsubscribe = this.o.acd.subscribe((e) => this.onEvent(e));
    this.o.host.onCustomerDial = (link, call) => this.customerDialed(link, call);
    this.o.host.onCallbackOrphaned = (link) => this.callbackOrphaned(link);
    if (this.o.requireRegistration) {
      this.detach.push(
        this.o.ua.events.on('bindings', (username, bindings) => this.reachable(username, bindings.length > 0)),
      );
      // Registrations live in memory: after a start nobody is reachable until their phone registers again.
      for (const op of this.o.acd.listOperators()) await this.o.acd.setOperatorReachable(op.username, this.o.ua.reachableContacts(op.username).length > 0);
    }
  }

  stop(): void {
    this.unsubscribe?.();
    for (const d of this.detach) d();
    for (const leg of this.legs.values()) leg.call.hangup();
  }

  private reachable(username: string, reachable: boolean): void {
    this.o.acd.setOperatorReachable(username, reachable).then(
      () => this.o.log({ operator: username, reachable }, reachable ? 'operator phone registered: voice offers on' : 'operator phone gone: voice offers off'),
      () => undefined, // not an operator of ours
    );
  }

  private onEvent(e: AcdEvent): void {
    switch (e.type) {
      case 'Queued':
        return void this.toScenario(e.request, 'ACD.Queued');
      case 'Offline':
        return void this.toScenario(e.request, 'ACD.Offline');
      case 'QueueFull':
        return void this.toScenario(e.request, 'ACD.QueueFull');
      case 'Offered':
        // An operator without a registered phone (allowed when registration is not required) takes the offer over
        // the REST API (or the web phone); only phones are rung from here.
        if (e.request.kind !== 'task' && this.o.ua.reachableContacts(e.offer.operator).length > 0) {
          this.ringOperator(e.request, e.offer.id, e.offer.operator);
        }
        return;
      case 'OfferWithdrawn': {
        const leg = this.legs.get(e.request.id);
        if (leg && leg.offerId === e.offer.id && !leg.accepted) {
          this.legs.delete(e.request.id);
          leg.call.hangup();
        }
        return;
      }
      case 'OperatorFailed': {
        // The ACD gave up on this operator by itself (the ring timeout): stop ringing their phone. (When the phone
        // failed, the leg is already gone.)
        const leg = this.legs.get(e.request.id);
        if (leg && leg.operator === e.operator && !leg.accepted) {
          this.legs.delete(e.request.id);
          leg.call.hangup();
        }
        return void this.toScenario(e.request, 'ACD.OperatorFailed', { operatorUserName: e.operator, statusCode: e.statusCode });
      }
      case 'OperatorReached':
        return this.operatorReached(e.request);
      case 'Ended':
        return this.ended(e.request);
      case 'Error':
        for (const id of e.requestIds) {
          const leg = this.legs.get(id);
          if (leg && !leg.accepted) leg.call.hangup();
        }
        return;
      default:
        return;
    }
  }

  private linkOf(request: Request): RequestLink | undefined {
    const link = this.o.host.links.ofPayload(request.payload);
    if (link && !link.engineId) link.engineId = request.id;
    return link;
  }

  private toScenario(request: Request, event: string, data: Record<string, unknown> = {}): boolean {
    const link = this.linkOf(request);
    return link ? this.o.host.deliverAcd(link, event, data) : false;
  }

  private ringOperator(request: Request, offerId: string, operator: string): void {
    const link = this.linkOf(request);
    // The operator's media goes on the media worker of the caller waiting for them, so the two can be bridged.
    const near = link ? this.o.host.mediaPeerOfLink(link) : undefined;
    const call = this.o.telephony.callUser(
      {
        username: operator,
        callerid: request.phone ?? 'holdless',
        displayName: request.name ?? `Queue ${request.queue}`,
      },
      { near },
    );
    const leg: OperatorLeg = { call, offerId, operator, accepted: false, completed: false };
    this.legs.set(request.id, leg);
    this.o.log({ requestId: request.id, operator, callId: call.id }, 'ringing the operator');
    if (link) {
      const info = this.o.host.adopt(link, call);
      if (info) this.o.host.deliverAcd(link, 'ACD.OperatorCallAttempt', { operatorCall: info });
    }
    call.events.on('Connected', () => {
      if (this.legs.get(request.id) !== leg) return void call.hangup();
      leg.accepted = true;
      this.o.acd.acceptOffer(request.id).catch((err: unknown) => {
        this.o.log({ requestId: request.id, operator }, `the offer is gone (${(err as Error).message}): hanging up the operator`);
        this.legs.delete(request.id);
        call.hangup();
      });
    });
    call.events.on('Failed', ({ code }) => {
      if (this.legs.get(request.id) !== leg) return;
      this.legs.delete(request.id);
      this.o.acd.failOffer(request.id, causeOf(code), code).catch(() => undefined); // withdrawn meanwhile
    });
    call.events.on('Disconnected', () => this.operatorGone(request.id, leg));
  }

  private operatorReached(request: Request): void {
    const leg = this.legs.get(request.id);
    if (!leg) return;
    const link = this.linkOf(request);
    if (link && this.o.host.sessionAlive(link)) {
      if (request.kind === 'callback') link.dialingCustomer = true;
      this.o.host.deliverAcd(link, 'ACD.OperatorReached', { operatorCall: { id: leg.call.id, incoming: false, number: leg.operator, state: 'CONNECTED' } });
      return;
    }
    if (request.kind === 'callback' && request.phone) return this.builtinCallback(request.id, leg, request.phone);
    // A live call whose scenario is gone cannot be joined to anyone.
    this.o.log({ requestId: request.id }, 'operator reached for a request with no scenario and no callback number: ending it');
    leg.call.hangup();
  }

  /** Operator-first callback without a scenario: whisper, dial the customer, bridge (PRODUCT.md core flow, step 4). */
  private builtinCallback(requestId: string, leg: OperatorLeg, phone: string): void {
    this.o.log({ requestId, operator: leg.operator }, 'callback: whisper to the operator, then dialing the customer');
    const dial = (): void => {
      if (leg.call.state !== 'CONNECTED' || leg.customer) return;
      const customer = this.o.telephony.callPSTN(phone, null, { near: leg.call });
      leg.customer = customer;
      this.watchCustomer(requestId, customer, () => this.o.telephony.bridge(leg.call, customer));
      customer.events.on('Failed', () => leg.call.hangup());
      customer.events.on('Disconnected', () => leg.call.hangup());
      leg.call.events.on('Disconnected', () => customer.hangup());
    };
    leg.call.events.on('PlaybackFinished', dial);
    leg.call.say(this.o.whisper, undefined);
  }

  /** The session of a callback ended while its operator waited for the customer: dial them here instead. */
  private callbackOrphaned(link: RequestLink): void {
    const requestId = link.engineId;
    const leg = requestId ? this.legs.get(requestId) : undefined;
    if (!requestId || !leg || leg.customer || leg.call.state !== 'CONNECTED') return;
    if (!link.phone) {
      this.o.log({ requestId }, 'the scenario ended before dialing the customer, and no number is known: ending the call');
      return leg.call.hangup();
    }
    this.o.log({ requestId, operator: leg.operator }, 'the scenario ended before dialing the customer: the built-in flow dials them');
    this.builtinCallback(requestId, leg, link.phone);
  }

  /** A session dialed the customer of its callback: the outcome is the ACD's to know (retries, pacing). */
  private customerDialed(link: RequestLink, call: TelephonyCall): void {
    link.dialingCustomer = false;
    if (link.engineId) this.watchCustomer(link.engineId, call);
  }

  private watchCustomer(requestId: string, call: TelephonyCall, onAnswer?: () => void): void {
    call.events.on('Connected', () => {
      this.report(requestId, 'answered');
      onAnswer?.();
    });
    call.events.on('Failed', ({ code }) => {
      const outcome = dialOutcomeOf(code);
      const leg = this.legs.get(requestId);
      if (leg && leg.call.state !== 'TERMINATED') {
        // The operator is still on the line (hearing that the customer did not answer): reporting now would free
        // them for the next offer, or this request's retry, while their phone is still busy with this call. The
        // outcome is reported when their call ends (complete).
        leg.customerOutcome = outcome;
        return;
      }
      this.report(requestId, outcome);
    });
    call.events.on('Disconnected', () => {
      const leg = this.legs.get(requestId);
      if (leg) this.complete(requestId, leg);
    });
  }

  private report(requestId: string, outcome: CustomerDialOutcome): void {
    this.o.log({ requestId, outcome }, 'callback customer dial');
    this.o.acd.reportCustomerDial(requestId, outcome).catch((err: unknown) => this.o.log({ requestId }, `reportCustomerDial failed: ${(err as Error).message}`));
  }

  private operatorGone(requestId: string, leg: OperatorLeg): void {
    if (this.legs.get(requestId) !== leg) return;
    this.complete(requestId, leg);
  }

  /** The conversation is over: the request completes and the operator goes to wrap-up. */
  private complete(requestId: string, leg: OperatorLeg): void {
    if (leg.completed) return;
    leg.completed = true;
    this.legs.delete(requestId);
    if (leg.call.state !== 'TERMINATED') leg.call.hangup();
    this.o.acd.getRequest(requestId).then(
      (r) => {
        if (r.state === 'connected') return this.o.acd.completeRequest(requestId);
        // The operator's call ended while the customer was being dialed, or after the dial failed: the attempt's
        // outcome (failed, when the operator left first).
        if (r.state === 'offered' && r.offer?.phase === 'dialing-customer') {
          const outcome = leg.customerOutcome ?? 'failed';
          this.o.log({ requestId, outcome }, 'callback customer dial');
          return this.o.acd.reportCustomerDial(requestId, outcome);
        }
        return undefined;
      },
      () => undefined,
    ).catch((err: unknown) => this.o.log({ requestId }, `completing the request failed: ${(err as Error).message}`));
  }

  private ended(request: Request): void {
    const link = this.linkOf(request);
    if (link) {
      this.o.host.deliverAcd(link, 'ACD.Ended', { state: request.state, reason: request.reason });
      this.o.host.links.delete(link.localId);
    }
    const leg = this.legs.get(request.id);
    if (leg && !leg.accepted) {
      this.legs.delete(request.id);
      leg.call.hangup();
    }
  }
}

/** A failed operator call, as the ACD counts it (VoxEngine Failed codes). */
function causeOf(code: number): OfferFailureCause {
  switch (code) {
    case 486:
      return 'busy';
    case 408:
    case 487:
      return 'no-answer';
    case 603:
      return 'rejected';
    case 404:
    case 480:
      return 'unavailable';
    default:
      return 'error';
  }
}

function dialOutcomeOf(code: number): CustomerDialOutcome {
  if (code === 486) return 'busy';
  if (code === 408 || code === 480 || code === 487) return 'no-answer';
  return 'failed';
}
