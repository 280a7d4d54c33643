// The player's public surface: what the telephony layer imports.
export type { PlayItem, PlayOptions, SpeechItem, UrlItem } from './play-item.js';
export type { PlaybackFailure, PlaybackInfo, PlayerEvent, PlayerEventMap, PlayerListener } from './player-events.js';
export type { PlayerServices, PlayerServicesOptions } from './player-services.js';
export { createPlayerServices } from './player-services.js';
export type { FailureCacheOptions } from './failure-cache.js';
export { FailureCache } from './failure-cache.js';
export type { PlayerStatus } from './player.js';
export { Player } from './player.js';
