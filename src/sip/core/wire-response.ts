import { serializeMessage, type SipResponse } from '../message/index.js';

/**
 * A response as the server transactions hold it: the status (all their state machines look at) and the bytes,
 * serialized once. A retransmission re-sends the same bytes, and a transaction waiting out Timer G/H/J keeps no parsed
 * message, header objects or strings of the request alive.
 */
export interface WireResponse {
  readonly status: number;
  readonly bytes: Buffer;
}

export function toWire(response: SipResponse): WireResponse {
  return { status: response.status, bytes: serializeMessage(response) };
}

/** Bytes copied into the current slab; a new one is started when it is full. */
const SLAB_BYTES = 32 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/**
 * A copy of `bytes` for a finished transaction to keep through its wait state (Timer G/H, J: up to 64·T1).
 *
 * A small Buffer is a slice of Node's shared 8 KiB allocation pool, and one kept slice keeps the whole pool chunk
 * alive, with the garbage of everything else allocated around it. A Buffer of its own costs an ArrayBuffer and a
 * native backing store per response. Kept responses are therefore packed into slabs of their own: they are kept for
 * about the same time (one wait timer), so a slab is freed soon after its last response is.
 */
export function keptBytes(bytes: Buffer): Buffer {
  const n = bytes.byteLength;
  if (n > SLAB_BYTES / 4) {
    const own = Buffer.allocUnsafeSlow(n);
    bytes.copy(own);
    return own;
  }
  if (slabUsed + n > slab.byteLength) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const kept = slab.subarray(slabUsed, slabUsed + n);
  bytes.copy(kept);
  slabUsed += n;
  return kept;
}
