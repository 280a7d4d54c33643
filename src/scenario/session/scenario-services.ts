/**
 * What a scenario session needs from the rest of holdless (the telephony layer and the ACD service), as a narrow
 * port: scenario/ never touches SIP, media or the store directly (ARCHITECTURE.md).
 */
export interface CallInfo {
  id: string;
  callerid?: string | undefined;
  displayName?: string | undefined;
  number?: string | undefined;
  destination?: string | undefined;
  incoming: boolean;
  headers?: Record<string, string> | undefined;
}

/** `VoxEngine.callUser` parameters (positional and object forms end up here). */
export interface UserCallParams {
  username: string;
  callerid?: string;
  displayName?: string;
  extraHeaders?: Record<string, string>;
}

/** `VoxEngine.enqueueACDRequest` options. */
export interface EnqueueOptions {
  priority?: number;
  headers?: Record<string, string>;
  customData?: string;
  /** A holdless extension (ignored by Voximplant): the customer's name, shown on the operator's phone. */
  name?: string;
}

export interface ScenarioServices {
  /** A call operation from the scenario (answer, hangup, reject, ring, say, startPlayback, ...). */
  callCommand(sessionId: string, callId: string, method: string, args: unknown[]): void;
  callPSTN(sessionId: string, number: string, callerid: string | null): CallInfo;
  callUser(sessionId: string, params: UserCallParams): CallInfo;
  callSIP(sessionId: string, uri: string, params: Record<string, unknown>): CallInfo;
  sendMediaBetween(sessionId: string, a: string, b: string): void;
  stopMediaBetween(sessionId: string, a: string, b: string): void;
  enqueue(sessionId: string, queue: string, callerid: string | null, options: EnqueueOptions): { id: string };
  acdCommand(sessionId: string, requestId: string, method: 'getStatus' | 'cancel'): void;
  log(sessionId: string, scenario: string, message: string): void;
}
