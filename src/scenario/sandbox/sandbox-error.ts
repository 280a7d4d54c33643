/** Why a scenario session was ended by its sandbox. */
export type SandboxFailure = 'compile-error' | 'uncaught-error' | 'timeout' | 'memory-limit' | 'timer-limit' | 'disposed';

export class SandboxError extends Error {
  constructor(
    readonly reason: SandboxFailure,
    message: string,
    /** `file.js:line` of the scenario code involved, when known. */
    readonly location?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SandboxError';
  }
}

/** Finds the first `name:line` of the scenario file in a V8 stack or error message. */
export function scenarioLocation(text: string, filename: string): string | undefined {
  const base = filename.split('/').pop() ?? filename;
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(text);
  return m ? `${base}:${m[1]}` : undefined;
}
