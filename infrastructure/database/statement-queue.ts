import type pg from 'pg';

/**
 * Statements for one connection, sent one after another in the order given, without the
 * caller waiting for each: a rebuild prepares its next batch while PostgreSQL runs this one's.
 * After the first failure nothing more is sent; every later statement fails with that error.
 * (pg deprecates queueing on the client itself, so the order is kept here.)
 */
export class StatementQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly client: pg.ClientBase) {}

  /** Runs `work` with the connection to itself, after everything queued before. */
  run<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => {
      if (this.failure) throw this.failure.error;
      return work(this.client);
    });
    this.tail = result.catch((error: unknown) => {
      this.failure ??= { error };
    });
    return result;
  }

  /** Sends after everything queued before; resolves with the result. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.run((client) => client.query<R>(text, values));
  }

  /** Sends after everything queued before, no answer needed: a failure shows in `check` and `drained`. */
  send(text: string, values?: unknown[]): void {
    this.query(text, values).catch(() => {});
  }

  /** Throws the first failure, if there was one by now. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Resolves when everything queued so far is done; throws the first failure. */
  async drained(): Promise<void> {
    await this.tail;
    this.check();
  }

  /** Sends nothing more: what is still queued fails with `error`. Resolves when the statement running now is done. */
  async stop(error: unknown): Promise<void> {
    this.failure ??= { error };
    await this.tail;
  }
}
