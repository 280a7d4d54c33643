/**
 * Content-Type = media-type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15, §25.1).
 * Type and subtype compare case-insensitively and are stored lower-cased; parameters keep their case.
 */
import { type HeaderParam, findParam, formatParams, scanParams } from './header-params.js';
import { Scanner } from './scanner.js';

export class MediaType {
  constructor(
    readonly type: string,
    readonly subtype: string,
    readonly params: readonly HeaderParam[] = [],
  ) {}

  static parse(text: string, header = 'content-type'): MediaType {
    const s: Scanner = new Scanner(text, header);
    s.skipWs();
    const type = s.token('media type');
    if (!s.sep(0x2f)) s.fail('expected /');
    const subtype = s.token('media subtype');
    const params = scanParams(s);
    s.end();
    return new MediaType(type.toLowerCase(), subtype.toLowerCase(), params);
  }

  /** `application/sdp` */
  get essence(): string {
    return `${this.type}/${this.subtype}`;
  }

  param(name: string): string | null | undefined {
    return findParam(this.params, name);
  }

  toString(): string {
    return this.essence + formatParams(this.params);
  }
}
