/**
 * The contract between what produces audio (sources, the player, TTS prompts) and what carries it (an RTP leg, a
 * bridge, a recorder): 20 ms frames of 8 kHz 16-bit linear PCM, 160 samples, pulled once per media-clock tick.
 * Encoding to G.711 happens at the leg, once per packet, so sources never care which codec a call negotiated.
 */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = 160;

/** Something that yields audio frame by frame (a WAV file, a TTS phrase, a tone, silence, a queue of prompts). */
export interface FrameSource {
  /**
   * Fills `out` (160 samples) with the next frame. Returns false when the source has ended (then `out` is
   * unspecified). Must not block: a source whose data is not ready yet (a download, a synthesis) fills silence.
   */
  read(out: Int16Array): boolean;
}

/** What a leg offers to whoever decides what the far end hears: one source at a time, replaced at once. */
export interface FrameOutput {
  /** Sets what the far end hears from the next tick on; null sends nothing (or comfort silence, as the leg decides). */
  setSource(source: FrameSource | null): void;
}
