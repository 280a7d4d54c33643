/** Joining two call legs so each hears the other. See docs/media.md. */
export { Bridge, type BridgeOptions } from './bridge.js';
export { BridgeError, type BridgeErrorReason } from './bridge-error.js';
export type { RelayCounters } from './relay-direction.js';
