/**
 * The store's typed errors. The edge maps them once (a failed commit is a 503: nothing was acknowledged); nothing
 * matches on message text. The driver's own error is kept as `cause`.
 */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A commit was rolled back: none of the batch was written. */
export class StoreWriteError extends StoreError {}

/**
 * The database was migrated by a newer holdless than this one. Running old code against it could write rows the new
 * schema does not expect, so the store refuses to start.
 */
export class SchemaTooNewError extends StoreError {
  constructor(
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `the database schema is at version ${databaseVersion}, newer than this holdless supports (${supportedVersion}); ` +
        'upgrade holdless, or restore a backup taken before the upgrade',
    );
  }
}

/** The migrations recorded in the database do not match this build's list (same version, different name). */
export class MigrationMismatchError extends StoreError {
  constructor(
    readonly version: number,
    readonly recordedName: string,
    readonly expectedName: string,
  ) {
    super(
      `migration ${version} is recorded as '${recordedName}' but this holdless calls it '${expectedName}'; ` +
        'the database was created by a different build',
    );
  }
}
