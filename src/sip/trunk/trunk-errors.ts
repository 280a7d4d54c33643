/** A trunk definition that cannot be used: the message names the trunk and the field. */
export class TrunkConfigError extends Error {
  constructor(
    readonly trunk: string,
    readonly field: string,
    message: string,
  ) {
    super(`trunk ${JSON.stringify(trunk)}: ${field}: ${message}`);
    this.name = 'TrunkConfigError';
  }
}

/** `callTrunk` named a trunk that is not configured. */
export class UnknownTrunkError extends Error {
  constructor(readonly trunk: string) {
    super(`no trunk named ${JSON.stringify(trunk)}`);
    this.name = 'UnknownTrunkError';
  }
}
