/** Message bodies are Buffers (RFC 3261 §7.4: opaque octets; their length is Content-Length). */

export type BodyInit = Uint8Array | string;

/** A Buffer for `body`: strings are UTF-8 encoded, byte arrays copied so the message owns its body. */
export function toBody(body: BodyInit | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(body);
}
