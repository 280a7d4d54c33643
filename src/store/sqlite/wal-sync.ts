import { closeSync, fdatasync, openSync } from 'node:fs';

/**
 * Makes committed WAL frames durable without blocking the event loop: `fdatasync` of the `-wal` file on libuv's
 * thread pool. With `PRAGMA synchronous = FULL`, SQLite calls the same fdatasync inside COMMIT, on the calling
 * thread: for holdless that is the main thread, which also runs SIP and the ACD, blocked for the whole disk flush
 * (0.4–4 ms per commit on the benchmark VM, docs/storage.md). So the connection runs with `synchronous = NORMAL` (in
 * WAL mode: no sync during a transaction; the WAL is synced before each checkpoint and the database after it,
 * https://sqlite.org/pragma.html#pragma_synchronous) and the writer calls `sync()` after each COMMIT and waits for it
 * before the commit counts as done: a commit is acknowledged only once its WAL frames are on disk, as with FULL.
 *
 * Syncs are shared: a sync started after a commit covers it and every commit before it, so commits arriving while a
 * sync is running wait for one follow-up sync, not one each.
 */
export class WalSync {
  private fd: number | undefined;
  private running: Promise<void> | null = null;
  private following: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly walFile: string,
    /** The flush itself (tests inject one to hold it). The callback form: cheaper on the event loop than fs/promises. */
    private readonly datasync: (fd: number) => Promise<void> = (fd) =>
      new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
  ) {}

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the WAL sync is closed'));
    if (!this.running) return this.start();
    // The running sync may have begun before our commit: the next one covers it (and everyone else waiting).
    this.following ??= this.running.then(
      () => this.next(),
      () => this.next(),
    );
    return this.following;
  }

  /** Waits for the syncs in flight, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.running, this.following]);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private next(): Promise<void> {
    this.following = null;
    return this.start();
  }

  private start(): Promise<void> {
    let run: Promise<void>;
    try {
      // The file exists once WAL mode is on and the first transaction has been written; opened once, kept open.
      this.fd ??= openSync(this.walFile, 'r');
      run = this.datasync(this.fd);
    } catch (err) {
      run = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.running = run;
    const done = (): void => {
      if (this.running === run) this.running = null;
    };
    run.then(done, done);
    return run;
  }
}
