import { parseConnection } from './connection.js';
import { SdpParseError } from './sdp-errors.js';
import type {
  Attribute,
  Bandwidth,
  MediaDescription,
  Origin,
  RepeatTime,
  SessionDescription,
  TimeDescription,
  TimeZoneAdjustment,
} from './session-description.js';

/**
 * Reads an SDP session description (RFC 8866 §5, grammar in §9). The inverse of `serializeSdp`.
 *
 * Strict where the RFC is: the fixed line order, `<type>=<value>` with no space around `=`, a type letter we do not
 * know makes the whole description unreadable (RFC 8866 §5: "An SDP parser MUST completely ignore any session
 * description that contains a type letter that it does not understand"), numeric fields are numbers.
 * Lenient where real peers differ and nothing is lost: LF line ends as well as CRLF (RFC 8866 §5 allows parsers to
 * accept LF), empty lines at the very end, an empty `s=`, a description without `t=`, an `m=` line without formats.
 * Attribute values are never interpreted here; see the typed accessors.
 *
 * Throws only `SdpParseError`, with the 1-based line number.
 */
export function parseSdp(text: string): SessionDescription {
  const cursor = new LineCursor(splitLines(text));

  const v = cursor.expect('v');
  if (v.value !== '0') throw new SdpParseError(v.number, `v=${v.value}: only version 0 exists (RFC 8866 §5.1)`);
  const origin = parseOrigin(cursor.expect('o'));
  const sessionName = cursor.expect('s').value;
  const session: SessionDescription = {
    version: 0,
    origin,
    sessionName,
    emails: [],
    phones: [],
    bandwidths: [],
    times: [],
    attributes: [],
    media: [],
  };
  const information = cursor.take('i');
  if (information) session.information = information.value;
  const uri = cursor.take('u');
  if (uri) session.uri = uri.value;
  session.emails = cursor.takeAll('e').map((l) => l.value);
  session.phones = cursor.takeAll('p').map((l) => l.value);
  const connection = cursor.take('c');
  if (connection) session.connection = parseConnection(connection.value, connection.number);
  session.bandwidths = cursor.takeAll('b').map(parseBandwidth);
  for (let t = cursor.take('t'); t; t = cursor.take('t')) {
    session.times.push(parseTiming(t, cursor.takeAll('r').map(parseRepeat)));
  }
  const zone = cursor.take('z');
  if (zone) session.timeZones = parseTimeZones(zone);
  const key = cursor.take('k');
  if (key) session.key = key.value;
  session.attributes = cursor.takeAll('a').map(parseAttribute);

  for (let m = cursor.take('m'); m; m = cursor.take('m')) {
    const media = parseMediaLine(m);
    const title = cursor.take('i');
    if (title) media.information = title.value;
    media.connections = cursor.takeAll('c').map((l) => parseConnection(l.value, l.number));
    media.bandwidths = cursor.takeAll('b').map(parseBandwidth);
    const mediaKey = cursor.take('k');
    if (mediaKey) media.key = mediaKey.value;
    media.attributes = cursor.takeAll('a').map(parseAttribute);
    session.media.push(media);
  }

  const stray = cursor.peek();
  if (stray) {
    throw new SdpParseError(
      stray.number,
      `'${stray.type}=' is out of place: RFC 8866 §5 fixes the order (v o s i u e p c b t r z k a, then m i c b k a)`,
    );
  }
  return session;
}

interface Line {
  type: string;
  value: string;
  number: number;
}

const KNOWN_TYPES = new Set(['v', 'o', 's', 'i', 'u', 'e', 'p', 'c', 'b', 't', 'r', 'z', 'k', 'a', 'm']);

function splitLines(text: string): Line[] {
  const raw = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length === 0) throw new SdpParseError(0, 'the description is empty');
  return raw.map((text, i) => {
    const number = i + 1;
    if (text.length < 2 || text[1] !== '=') {
      throw new SdpParseError(number, "not a '<type>=<value>' line (RFC 8866 §5: no spaces around '=')");
    }
    const type = text[0]!;
    if (!KNOWN_TYPES.has(type)) {
      throw new SdpParseError(number, `unknown type letter '${type}' (RFC 8866 §5: the description must be ignored)`);
    }
    const value = text.slice(2);
    // RFC 8866 §9: text = byte-string, which excludes NUL, CR and LF. A lone CR would not survive a round trip.
    if (/[\0\r]/.test(value)) throw new SdpParseError(number, 'NUL or CR inside a line');
    return { type, value, number };
  });
}

class LineCursor {
  private index = 0;
  constructor(private readonly lines: Line[]) {}

  peek(): Line | undefined {
    return this.lines[this.index];
  }

  take(type: string): Line | undefined {
    const line = this.lines[this.index];
    if (line?.type !== type) return undefined;
    this.index++;
    return line;
  }

  takeAll(type: string): Line[] {
    const taken: Line[] = [];
    for (let line = this.take(type); line; line = this.take(type)) taken.push(line);
    return taken;
  }

  expect(type: string): Line {
    const line = this.take(type);
    if (line) return line;
    const found = this.peek();
    const number = found?.number ?? this.lines.length;
    throw new SdpParseError(number, `'${type}=' expected here${found ? `, found '${found.type}='` : ''} (RFC 8866 §5)`);
  }
}

/** Splits on single spaces; empty fields (two spaces in a row, leading or trailing space) are errors. */
function fields(line: Line, min: number, max: number, shape: string): string[] {
  const parts = line.value.split(' ');
  if (parts.length < min || parts.length > max || parts.some((p) => p === '')) {
    throw new SdpParseError(line.number, `${line.type}= needs '${shape}' separated by single spaces`);
  }
  return parts;
}

function decimal(token: string, line: Line, what: string): number {
  // 15 digits keep every value exact in a double; NTP times need 10, ports 5, bandwidths rarely more than 7.
  if (!/^\d{1,15}$/.test(token)) {
    throw new SdpParseError(line.number, `${line.type}= ${what} '${token}' is not a number`);
  }
  return Number(token);
}

function parseOrigin(line: Line): Origin {
  const [username, sessionId, sessionVersion, netType, addrType, address] = fields(
    line,
    6,
    6,
    '<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>',
  ) as [string, string, string, string, string, string];
  // RFC 8866 §5.2: sess-id and sess-version are 1*DIGIT; they stay text because they may exceed 2^53.
  if (!/^\d+$/.test(sessionId)) throw new SdpParseError(line.number, `o= sess-id '${sessionId}' is not digits`);
  if (!/^\d+$/.test(sessionVersion)) {
    throw new SdpParseError(line.number, `o= sess-version '${sessionVersion}' is not digits`);
  }
  return { username, sessionId, sessionVersion, netType, addrType, address };
}

function parseBandwidth(line: Line): Bandwidth {
  const colon = line.value.indexOf(':');
  const type = line.value.slice(0, colon);
  if (colon <= 0 || !TOKEN.test(type)) throw new SdpParseError(line.number, "b= needs '<bwtype>:<bandwidth>'");
  return { type, value: decimal(line.value.slice(colon + 1), line, 'bandwidth') };
}

function parseTiming(line: Line, repeats: RepeatTime[]): TimeDescription {
  const [start, stop] = fields(line, 2, 2, '<start-time> <stop-time>') as [string, string];
  return { start: decimal(start, line, 'start time'), stop: decimal(stop, line, 'stop time'), repeats };
}

const TYPED_TIME = /^\d{1,15}[dhms]?$/;

function parseRepeat(line: Line): RepeatTime {
  const [interval, duration, ...offsets] = fields(line, 3, Infinity, '<interval> <duration> <offset>...') as [
    string,
    string,
    ...string[],
  ];
  for (const t of [interval, duration, ...offsets]) {
    if (!TYPED_TIME.test(t)) throw new SdpParseError(line.number, `r= '${t}' is not a time (RFC 8866 §5.10)`);
  }
  return { interval, duration, offsets };
}

function parseTimeZones(line: Line): TimeZoneAdjustment[] {
  const parts = fields(line, 2, Infinity, '<adjustment time> <offset> ...');
  if (parts.length % 2 !== 0) throw new SdpParseError(line.number, 'z= needs pairs of <adjustment time> <offset>');
  const zones: TimeZoneAdjustment[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const offset = parts[i + 1]!;
    if (!/^-?\d{1,15}[dhms]?$/.test(offset)) {
      throw new SdpParseError(line.number, `z= offset '${offset}' is not a time`);
    }
    zones.push({ time: decimal(parts[i]!, line, 'adjustment time'), offset });
  }
  return zones;
}

/** RFC 8866 §9 token-char: the characters an attribute name, bwtype or media type may use. */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

function parseAttribute(line: Line): Attribute {
  const colon = line.value.indexOf(':');
  const name = colon < 0 ? line.value : line.value.slice(0, colon);
  if (!TOKEN.test(name)) throw new SdpParseError(line.number, `a= attribute name '${name}' is not a token`);
  return colon < 0 ? { name } : { name, value: line.value.slice(colon + 1) };
}

function parseMediaLine(line: Line): MediaDescription {
  const [type, port, proto, ...formats] = fields(line, 3, Infinity, '<media> <port> <proto> <fmt> ...') as [
    string,
    string,
    string,
    ...string[],
  ];
  if (!TOKEN.test(type)) throw new SdpParseError(line.number, `m= media '${type}' is not a token`);
  const [portText, countText, ...extra] = port.split('/') as [string, ...string[]];
  if (extra.length > 0) throw new SdpParseError(line.number, `m= port '${port}' has more than one '/'`);
  const media: MediaDescription = {
    type,
    port: checkPort(decimal(portText, line, 'port'), line),
    proto,
    formats,
    connections: [],
    bandwidths: [],
    attributes: [],
  };
  if (countText !== undefined) media.portCount = decimal(countText, line, 'number of ports');
  return media;
}

function checkPort(port: number, line: Line): number {
  if (port > 65535) throw new SdpParseError(line.number, `m= port ${port} is over 65535`);
  return port;
}
