/**
 * The server's live event stream (`GET /api/v1/events`, Server-Sent Events) as end-to-end tests wait on it: in place
 * of polling the REST API until a request or an operator changes, a test waits for the event that reports the change,
 * with a timeout, then reads the REST API once to assert the resulting state.
 *
 * The stream is opened as soon as the server is up, before the test acts, and every event is kept: a wait matches an
 * event that already arrived as well as one still to come, so no event is missed however fast the server is. The
 * server publishes an event only after its change is committed, so the REST API shows the change once its event is in.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AcdEventOut } from '../../src/api/mapping/event.js';

export type ServerEventType = AcdEventOut['type'];

/** One event as the stream sent it (its `data:` JSON), numbered in order of arrival (`seq`, from 0). */
export type ServerEvent<T extends ServerEventType = ServerEventType> = Extract<AcdEventOut, { type: T }> & { seq: number };

/** The event types that carry a request. */
export type RequestEventType = Exclude<ServerEventType, 'Error' | 'OperatorStatusChanged' | 'OperatorReachabilityChanged'>;

export interface WaitOptions {
  /** Only events that arrived after this one (its `seq`) match: for the second time something happens. */
  after?: number;
}

/** How many of the last events a failed wait lists. */
const SHOWN_ON_FAILURE = 25;

export class EventStream {
  /** Every event received so far, in order. */
  readonly events: ServerEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private ended: string | undefined;
  private closing = false;

  private constructor(private readonly req: ClientRequest) {}

  /**
   * Connects with the token and resolves once the server says `: connected`: from then on, the stream receives every
   * event the server publishes (the server subscribes before it writes that line).
   */
  static open(baseUrl: string, token: string, timeoutMs = 10_000): Promise<EventStream> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
      const stream = new EventStream(req);
      let connected = false;
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`GET /api/v1/events: not connected within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        if (!connected) reject(new Error(`GET /api/v1/events: ${err.message}`));
        stream.end(`error: ${err.message}`);
      });
      req.on('response', (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            clearTimeout(timer);
            reject(new Error(`GET /api/v1/events: ${res.statusCode} ${body}`));
          });
          return;
        }
        res.setEncoding('utf8');
        let pending = '';
        res.on('data', (chunk: string) => {
          pending += chunk.replace(/\r\n?/g, '\n');
          // One SSE message per blank-line-terminated block (WHATWG HTML §9.2.6).
          for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
            const block = pending.slice(0, end);
            pending = pending.slice(end + 2);
            if (!connected && block.split('\n').includes(': connected')) {
              connected = true;
              clearTimeout(timer);
              resolve(stream);
            }
            stream.message(block);
          }
        });
        res.on('end', () => stream.end('the server ended the stream'));
        res.on('error', (err) => stream.end(`error: ${err.message}`));
        res.on('close', () => stream.end('the connection closed'));
      });
      req.end();
    });
  }

  /**
   * Waits for an event of `type` matching `predicate`, among those already received (after `options.after`) and those
   * to come. Fails after `timeoutMs`, or at once if the stream ends, listing the last events received.
   */
  waitFor<T extends ServerEventType>(
    type: T,
    predicate: (e: ServerEvent<T>) => boolean = () => true,
    timeoutMs = 20_000,
    what = `a ${type} event`,
    options: WaitOptions = {},
  ): Promise<ServerEvent<T>> {
    const after = options.after ?? -1;
    return new Promise((resolve, reject) => {
      let from = after + 1;
      const check = (): void => {
        for (; from < this.events.length; from++) {
          const e = this.events[from]!;
          if (e.type === type && predicate(e as ServerEvent<T>)) {
            done();
            resolve(e as ServerEvent<T>);
            return;
          }
        }
        if (this.ended !== undefined) {
          done();
          reject(new Error(`${what}: no ${type} event before the stream ended (${this.ended}); ${this.describeLast()}`));
        }
      };
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what}: no matching ${type} event within ${timeoutMs} ms; ${this.describeLast()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for an event of `type` about request `id` (see `waitFor`). */
  waitForRequest<T extends RequestEventType>(
    type: T,
    id: string,
    what: string,
    timeoutMs = 20_000,
    options: WaitOptions = {},
  ): Promise<ServerEvent<T>> {
    return this.waitFor(type, (e) => (e as ServerEvent<RequestEventType>).request.id === id, timeoutMs, what, options);
  }

  /**
   * Waits until `operator` has gone through every status of `sequence`, in that order (each an OperatorStatusChanged
   * event after the one before, the first after `options.after`); returns the event of the last.
   */
  async operatorGoesThrough(
    operator: string,
    sequence: readonly string[],
    timeoutMs = 20_000,
    options: WaitOptions = {},
  ): Promise<ServerEvent<'OperatorStatusChanged'>> {
    const deadline = Date.now() + timeoutMs;
    let after = options.after ?? -1;
    let last: ServerEvent<'OperatorStatusChanged'> | undefined;
    for (const status of sequence) {
      last = await this.waitFor(
        'OperatorStatusChanged',
        (e) => e.operator === operator && e.status === status,
        Math.max(0, deadline - Date.now()),
        `${operator} goes ${sequence.join(' → ')} (waiting for ${status})`,
        { after },
      );
      after = last.seq;
    }
    if (!last) throw new Error('operatorGoesThrough: empty sequence');
    return last;
  }

  /** The last events, one line each, for failure messages. */
  describeLast(count = SHOWN_ON_FAILURE): string {
    if (this.events.length === 0) return 'no events received';
    const shown = this.events.slice(-count);
    const skipped = this.events.length - shown.length;
    return `last events${skipped > 0 ? ` (${skipped} earlier left out)` : ''}:\n${shown.map((e) => `  ${describeEvent(e)}`).join('\n')}`;
  }

  /** Disconnects; waits still pending fail at once. */
  close(): void {
    this.closing = true;
    this.req.destroy();
    this.end('closed by the test');
  }

  private message(block: string): void {
    let type = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue; // a comment: `: connected`, `: heartbeat`
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return; // `retry:` alone
    let parsed: AcdEventOut;
    try {
      parsed = JSON.parse(data.join('\n')) as AcdEventOut;
    } catch {
      this.end(`not JSON: event: ${type} data: ${data.join('\n')}`);
      return;
    }
    if (parsed.type !== type) {
      this.end(`\`event: ${type}\` carries data of type ${parsed.type}`);
      return;
    }
    this.events.push({ ...parsed, seq: this.events.length });
    for (const w of [...this.waiters]) w();
  }

  private end(reason: string): void {
    if (this.ended !== undefined) return;
    this.ended = this.closing ? 'closed by the test' : reason;
    for (const w of [...this.waiters]) w();
  }
}

/** One event on one line: `#7 Ended 5b0c1e2a callback completed`, `#8 OperatorStatusChanged alice IN_SERVICE → AFTER_SERVICE`. */
export function describeEvent(e: ServerEvent): string {
  const head = `#${e.seq} ${e.at.slice(11, 23)} ${e.type}`;
  switch (e.type) {
    case 'OperatorStatusChanged':
      return `${head} ${e.operator} ${e.previous} → ${e.status}`;
    case 'OperatorReachabilityChanged':
      return `${head} ${e.operator} voiceReachable=${e.voiceReachable}`;
    case 'Error':
      return `${head} ${e.error} (requests ${e.requestIds.join(', ')})`;
    default: {
      const r = e.request;
      const parts = [head, r.id.slice(0, 8), r.kind, r.state, r.phone ?? ''];
      if (r.reason) parts.push(`reason=${r.reason}`);
      if (r.offer) parts.push(`offer=${r.offer.operator}/${r.offer.phase}`);
      if (e.type === 'Connected' || e.type === 'OperatorFailed') parts.push(`operator=${e.operator}`);
      if (e.type === 'OperatorFailed') parts.push(`${e.cause} ${e.statusCode}`);
      if (e.type === 'OfferWithdrawn') parts.push(e.cause);
      if (e.type === 'CustomerDialFailed') parts.push(e.outcome);
      if (e.type === 'Requeued') parts.push(e.reason);
      if (e.type === 'DialCustomer') parts.push(`attempt ${e.attempt}`);
      return parts.filter((p) => p !== '').join(' ');
    }
  }
}
