/**
 * Which scenario session owns which ACD request. A scenario gets its request id at once (`enqueueACDRequest` is
 * synchronous) while the ACD decides asynchronously, so the session sees its own id (`localId`) and the ACD's id is
 * learned when the request is created. The link travels in the request's payload (`scenarioRequest`), so every ACD
 * event names its link without a lookup race, and a request that outlives its session (a restart) is known for one.
 */
export interface RequestLink {
  localId: string;
  sessionId: string;
  engineId?: string | undefined;
  /** The customer's number (E.164) for a callback. */
  phone?: string | undefined;
  /** The scenario cancelled it (before or after the ACD had it). */
  cancelled: boolean;
  /** The session's live caller hung up (a waiting call then becomes a callback, or is abandoned). */
  callerGone: boolean;
  /** getStatus asked before the ACD had the request: answered once it does. */
  statusWanted: boolean;
  /** Operator reached for a callback: the session's next callPSTN is the customer dial. */
  dialingCustomer: boolean;
  customerCallId?: string | undefined;
}

export interface ScenarioRequestPayload {
  scenarioSession: string;
  scenarioRequest: string;
}

export class RequestLinks {
  private readonly byLocal = new Map<string, RequestLink>();

  add(link: RequestLink): void {
    this.byLocal.set(link.localId, link);
  }

  get(localId: string): RequestLink | undefined {
    return this.byLocal.get(localId);
  }

  /** The link named in an ACD request's payload, if the request came from a scenario of this process. */
  ofPayload(payload: unknown): RequestLink | undefined {
    if (typeof payload !== 'object' || payload === null) return undefined;
    const local = (payload as Partial<ScenarioRequestPayload>).scenarioRequest;
    return typeof local === 'string' ? this.byLocal.get(local) : undefined;
  }

  ofSession(sessionId: string): RequestLink[] {
    return [...this.byLocal.values()].filter((l) => l.sessionId === sessionId);
  }

  delete(localId: string): void {
    this.byLocal.delete(localId);
  }

  get size(): number {
    return this.byLocal.size;
  }
}
