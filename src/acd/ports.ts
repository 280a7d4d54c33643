/**
 * The ACD's view of time and logging. Structurally compatible with lib/clock.ts and pino, declared here because
 * acd/ imports nothing from other layers.
 */
export interface AcdClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): AcdTimer;
  clearTimeout(timer: AcdTimer): void;
}

export interface AcdTimer {
  readonly id: number;
}

export interface AcdLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: AcdLogger = { info() {}, warn() {}, error() {} };
