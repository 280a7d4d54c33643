import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { AcdFacade } from '../../acd/acd-facade.js';
import type { AcdEvent } from '../../acd/events.js';
import type { Clock, TimerHandle } from '../../lib/clock.js';
import type { Principal } from '../auth/principal.js';
import { eventOut } from '../mapping/event.js';
import { eventVisibleTo } from './event-filter.js';

export const HEARTBEAT_MS = 15_000;
/** A client that reads slower than events arrive is cut off once this much output waits for it; it may reconnect. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Server-Sent Events (WHATWG HTML §9.2): one subscription to the ACD per open stream, each event written as
 * `event: <type>` + `data: <json>`, a comment line every 15 s (timed by the injected clock) so proxies keep the
 * connection open. No `id:` lines: the stream does not replay missed events, so clients must not expect resumption.
 */
export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly acd: AcdFacade,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Number of open streams. */
  get size(): number {
    return this.open.size;
  }

  /** Takes over the reply (fastify `hijack`) and streams until the client goes away or the server closes. */
  stream(reply: FastifyReply, principal: Principal): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 5000\n: connected\n\n');

    let closed = false;
    let timer: TimerHandle | undefined;
    const write = (chunk: string): void => {
      if (closed) return;
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        this.log.warn({ subject: principal.subject }, 'event stream client too slow; closing the stream');
        close();
      }
    };
    const heartbeat = (): void => {
      write(': heartbeat\n\n');
      if (!closed) timer = this.clock.setTimeout(heartbeat, HEARTBEAT_MS);
    };
    const unsubscribe = this.acd.subscribe((event: AcdEvent) => {
      // A listener must never throw into the ACD's publisher.
      try {
        if (!eventVisibleTo(principal, event)) return;
        write(`event: ${event.type}\ndata: ${JSON.stringify(eventOut(event, this.clock.now()))}\n\n`);
      } catch (err) {
        this.log.error({ err, event: event.type }, 'could not write an event to a stream');
      }
    });
    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (timer) this.clock.clearTimeout(timer);
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    // The response's 'close' is the connection going away (the request's 'close' fires once its body is read).
    res.on('close', close);
    res.on('error', close);
    this.open.add(close);
    timer = this.clock.setTimeout(heartbeat, HEARTBEAT_MS);
  }

  /** Ends every stream (server shutdown), so closing the server does not wait on clients. */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
