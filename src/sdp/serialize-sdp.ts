import { serializeConnection } from './connection.js';
import type {
  Attribute,
  Bandwidth,
  MediaDescription,
  SessionDescription,
  TimeDescription,
} from './session-description.js';

/**
 * Writes a session description as SDP text, every line ended by CRLF (RFC 8866 §5: lines end with CRLF; only
 * parsers are asked to tolerate a lone LF), fields in the order the grammar fixes. The inverse of `parseSdp`: for any description that
 * `parseSdp` returned, `parseSdp(serializeSdp(d))` deep-equals `d`.
 */
export function serializeSdp(sd: SessionDescription): string {
  const lines: string[] = [];
  const o = sd.origin;
  lines.push(`v=${sd.version}`);
  lines.push(`o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  lines.push(`s=${sd.sessionName}`);
  if (sd.information !== undefined) lines.push(`i=${sd.information}`);
  if (sd.uri !== undefined) lines.push(`u=${sd.uri}`);
  for (const e of sd.emails) lines.push(`e=${e}`);
  for (const p of sd.phones) lines.push(`p=${p}`);
  if (sd.connection) lines.push(`c=${serializeConnection(sd.connection)}`);
  pushBandwidths(lines, sd.bandwidths);
  for (const t of sd.times) pushTiming(lines, t);
  if (sd.timeZones && sd.timeZones.length > 0) {
    lines.push(`z=${sd.timeZones.map((z) => `${z.time} ${z.offset}`).join(' ')}`);
  }
  if (sd.key !== undefined) lines.push(`k=${sd.key}`);
  pushAttributes(lines, sd.attributes);
  for (const m of sd.media) pushMedia(lines, m);
  return lines.map((l) => `${l}\r\n`).join('');
}

function pushBandwidths(lines: string[], bandwidths: readonly Bandwidth[]): void {
  for (const b of bandwidths) lines.push(`b=${b.type}:${b.value}`);
}

function pushTiming(lines: string[], t: TimeDescription): void {
  lines.push(`t=${t.start} ${t.stop}`);
  for (const r of t.repeats) lines.push(`r=${[r.interval, r.duration, ...r.offsets].join(' ')}`);
}

function pushAttributes(lines: string[], attributes: readonly Attribute[]): void {
  for (const a of attributes) lines.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
}

function pushMedia(lines: string[], m: MediaDescription): void {
  const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`;
  lines.push(`m=${[m.type, port, m.proto, ...m.formats].join(' ')}`);
  if (m.information !== undefined) lines.push(`i=${m.information}`);
  for (const c of m.connections) lines.push(`c=${serializeConnection(c)}`);
  pushBandwidths(lines, m.bandwidths);
  if (m.key !== undefined) lines.push(`k=${m.key}`);
  pushAttributes(lines, m.attributes);
}
