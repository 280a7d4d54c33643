/**
 * What `play()` and `startPlayback(url)` may name: a file path (absolute, or relative to a base directory), a
 * `file://` URL, or an `http://` / `https://` URL. Anything else (`ftp:`, `data:`, an empty string) is a `bad-ref`.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AudioLoadError } from './audio-load-error.js';

export type AudioRef =
  | { readonly kind: 'file'; readonly path: string; readonly ref: string }
  | { readonly kind: 'http'; readonly url: string; readonly ref: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export function parseAudioRef(ref: string, baseDir = process.cwd()): AudioRef {
  const trimmed = ref.trim();
  if (trimmed === '') throw new AudioLoadError('bad-ref', 'empty audio reference', { ref });
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch (e) {
      throw new AudioLoadError('bad-ref', `not a valid URL: ${trimmed}`, { ref, cause: e });
    }
    return { kind: 'http', url: url.href, ref };
  }
  if (scheme === 'file') {
    try {
      return { kind: 'file', path: fileURLToPath(trimmed), ref };
    } catch (e) {
      throw new AudioLoadError('bad-ref', `not a valid file URL: ${trimmed}`, { ref, cause: e });
    }
  }
  if (scheme !== undefined) throw new AudioLoadError('bad-ref', `unsupported scheme "${scheme}:" (use a path, file:// or http(s)://)`, { ref });
  return { kind: 'file', path: isAbsolute(trimmed) ? trimmed : resolve(baseDir, trimmed), ref };
}
