/**
 * What a player can be asked to play: a prepared {@link FrameSource} (a tone, a PcmSource, a TtsSource), a reference
 * it loads (a path, `file://` or `http(s)://` URL, as a string or `{url}`), or a phrase to speak (`{text, voice}`).
 */
import type { VoiceInput } from '../../tts/index.js';
import type { FrameSource } from '../audio-frame.js';

export interface UrlItem {
  readonly url: string;
}

export interface SpeechItem {
  readonly text: string;
  /** A `Language` value, `{language}`, `{voice}`, a VoiceList id...; the TTS default when absent. */
  readonly voice?: VoiceInput;
}

export type PlayItem = FrameSource | string | UrlItem | SpeechItem;

export interface PlayOptions {
  /** Start over at the end, forever (hold music). A looping item never finishes; stop() or a new play ends it. */
  readonly loop?: boolean;
}

export type ResolvedItem =
  | { readonly kind: 'source'; readonly source: FrameSource }
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'speech'; readonly text: string; readonly voice: VoiceInput };

export function classifyItem(item: PlayItem): ResolvedItem {
  if (typeof item === 'string') return { kind: 'ref', ref: item };
  if (typeof (item as Partial<FrameSource>).read === 'function') return { kind: 'source', source: item as FrameSource };
  if (typeof (item as Partial<SpeechItem>).text === 'string') {
    const speech = item as SpeechItem;
    return { kind: 'speech', text: speech.text, voice: speech.voice };
  }
  if (typeof (item as Partial<UrlItem>).url === 'string') return { kind: 'ref', ref: (item as UrlItem).url };
  throw new TypeError('play(): expected a FrameSource, a path or URL, {url} or {text, voice}');
}

/**
 * The key under which a failure is remembered (and throttled): the reference itself, or the voice and text of a
 * phrase. Prepared sources have none: they are the caller's, and the player cannot fetch them again.
 */
export function failureKeyOf(item: ResolvedItem): string | undefined {
  if (item.kind === 'ref') return `ref:${item.ref.trim()}`;
  if (item.kind === 'speech') return `tts:${JSON.stringify(item.voice ?? null)}\u0000${item.text}`;
  return undefined;
}

/** A short description for events and logs: the reference, the start of the phrase, or the source's class. */
export function labelOf(item: ResolvedItem): string {
  if (item.kind === 'ref') return item.ref;
  if (item.kind === 'speech') return `tts:${item.text.length > 40 ? `${item.text.slice(0, 40)}…` : item.text}`;
  return item.source.constructor.name || 'FrameSource';
}
