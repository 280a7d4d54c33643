/**
 * Downloads one audio file over HTTP(S) with a time limit and a size limit, optionally as a conditional GET
 * (RFC 9110 §13.1: If-None-Match with the cached ETag, else If-Modified-Since with the cached Last-Modified).
 *
 * The size limit is checked twice: against Content-Length before the body is read, then while the body streams in
 * (a chunked or lying server is cut off at the limit). The time limit covers the whole exchange, headers and body,
 * and runs on the injected Clock.
 */
import type { Clock } from '../../lib/clock.js';
import { AudioLoadError } from './audio-load-error.js';

export interface HttpFetchOptions {
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Validators of a cached copy: makes the request conditional. */
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly fetchFn?: typeof fetch;
}

export type HttpFetchResult =
  | {
      readonly status: 'ok';
      readonly bytes: Uint8Array;
      readonly etag: string | undefined;
      readonly lastModified: string | undefined;
      readonly contentType: string | undefined;
    }
  | { readonly status: 'not-modified' };

function errorFor(res: Response, url: string): AudioLoadError {
  const details = { ref: url, status: res.status };
  if (res.status === 404 || res.status === 410) return new AudioLoadError('not-found', `HTTP ${res.status} for ${url}`, details);
  return new AudioLoadError('http-status', `HTTP ${res.status} ${res.statusText} for ${url}`, details);
}

async function readLimited(res: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new AudioLoadError('too-large', `${url} is ${declared} bytes, over the limit of ${maxBytes}`, { ref: url });
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AudioLoadError('too-large', `${url} sent more than the limit of ${maxBytes} bytes`, { ref: url });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** Throws AudioLoadError: `not-found`, `http-status`, `too-large`, `timeout`, `network`, `aborted`. */
export async function httpFetch(url: string, options: HttpFetchOptions): Promise<HttpFetchResult> {
  const controller = new AbortController();
  const timer = options.clock.setTimeout(() => {
    controller.abort(new AudioLoadError('timeout', `no complete answer from ${url} within ${options.timeoutMs} ms`, { ref: url }));
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort(new AudioLoadError('aborted', `loading ${url} aborted`, { ref: url }));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const headers: Record<string, string> = { accept: 'audio/*, */*;q=0.5' };
  if (options.etag) headers['if-none-match'] = options.etag;
  else if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  try {
    const res = await (options.fetchFn ?? fetch)(url, { signal: controller.signal, headers, redirect: 'follow' });
    if (res.status === 304 && (options.etag || options.lastModified)) {
      await res.body?.cancel().catch(() => undefined);
      return { status: 'not-modified' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw errorFor(res, url);
    }
    const bytes = await readLimited(res, url, options.maxBytes);
    return {
      status: 'ok',
      bytes,
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined,
      contentType: res.headers.get('content-type') ?? undefined,
    };
  } catch (e) {
    const reason: unknown = controller.signal.reason;
    if (controller.signal.aborted && reason instanceof AudioLoadError) throw reason;
    if (e instanceof AudioLoadError) throw e;
    throw new AudioLoadError('network', `fetching ${url} failed: ${e instanceof Error ? e.message : String(e)}`, { ref: url, cause: e });
  } finally {
    options.clock.clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
