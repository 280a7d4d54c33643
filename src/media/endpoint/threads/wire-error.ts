/**
 * Typed errors across a thread boundary: structured clone keeps an Error's message but not its class or fields, so a
 * worker sends `{ name, reason, message }` and the main thread rebuilds the same class (ARCHITECTURE.md: callers
 * branch on the class and `reason`, never on text).
 */
import { BridgeError, type BridgeErrorReason } from '../../bridge/bridge-error.js';
import { MediaEndpointError, type MediaEndpointErrorReason, PortsExhaustedError } from '../media-endpoint-error.js';

export interface WireError {
  name: string;
  reason?: string;
  message: string;
  min?: number;
  max?: number;
}

export function toWire(err: unknown): WireError {
  if (err instanceof PortsExhaustedError) return { name: err.name, reason: err.reason, message: err.message, min: err.min, max: err.max };
  if (err instanceof MediaEndpointError || err instanceof BridgeError) return { name: err.name, reason: err.reason, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

export function fromWire(wire: WireError): Error {
  switch (wire.name) {
    case 'PortsExhaustedError':
      return new PortsExhaustedError(wire.min ?? 0, wire.max ?? 0);
    case 'MediaEndpointError':
      return new MediaEndpointError(wire.reason as MediaEndpointErrorReason, wire.message);
    case 'BridgeError':
      return new BridgeError(wire.reason as BridgeErrorReason, wire.message);
    case 'RangeError':
      return new RangeError(wire.message);
    default:
      return new Error(wire.message);
  }
}
