import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { START, type Checkpoint, type EventStore, type RecordedEvent, type Subscription } from '../application/ports/event-store.ts';
import { withTransaction } from '../infrastructure/database/database.ts';
import { StatementQueue } from '../infrastructure/database/statement-queue.ts';
import type { Logger } from '../infrastructure/logger.ts';
import type { Projection } from './projection.ts';

/** Another process moved the checkpoint (a rebuild, a second projector): this batch was not applied. */
export class CheckpointMovedError extends Error {
  override name = 'CheckpointMovedError';
}

/** The checkpoint function's refusal (SQLSTATE OL001, migration 0009) as a CheckpointMovedError; other errors as they are. */
function checkpointMoved(error: unknown): unknown {
  return (error as { code?: string }).code === 'OL001' ? new CheckpointMovedError((error as Error).message, { cause: error }) : error;
}

export interface ProjectionStatus {
  projection: string;
  checkpoint: Checkpoint;
  eventsApplied: bigint;
  /** Committed events after the checkpoint, handled or not. */
  lag: bigint;
}

export interface RunnerOptions {
  batchSize: number;
  /** Wait after a failed batch before trying again. */
  retryDelayMs?: number;
}

const handlesAll = (p: Projection) => p.handles.includes('*');

/**
 * Keeps read models up to date. Each batch of a projection is applied in one transaction
 * together with its checkpoint, which moves only if it still is where the batch began
 * (compare-and-set): an event is applied exactly once in effect, also when a process dies
 * mid-batch or two projectors run at once.
 */
export class ProjectionRunner {
  private readonly running = new Map<string, { stop(): Promise<void> }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    readonly projections: readonly Projection[],
    private readonly logger: Logger,
    private readonly options: RunnerOptions,
  ) {}

  find(name: string): Projection | undefined {
    return this.projections.find((p) => p.name === name);
  }

  async checkpoint(projection: Projection): Promise<Checkpoint> {
    const { rows } = await this.pool.query<{ transaction_id: string; global_position: bigint }>(
      'SELECT transaction_id::text AS transaction_id, global_position FROM rm.checkpoints WHERE projection = $1',
      [projection.name],
    );
    const row = rows[0];
    return row ? { transactionId: BigInt(row.transaction_id), globalPosition: row.global_position } : START;
  }

  /** Applies one batch read after `from`; throws CheckpointMovedError if `from` is no longer current. */
  async applyBatch(projection: Projection, from: Checkpoint, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const handled = this.handled(projection, events);
    const client = await this.pool.connect();
    const queue = new StatementQueue(client);
    try {
      this.beginBatch(queue, projection, from, events, handled.length);
      if (handled.length > 0) await queue.run((c) => projection.apply(c, handled));
      await queue.query('COMMIT');
    } catch (error) {
      await queue.stop(error);
      await client.query('ROLLBACK').catch(() => {});
      throw checkpointMoved(error);
    } finally {
      client.release();
    }
  }

  /** Applies every committed event after the projection's checkpoint; returns how many were read. */
  async catchUp(projection: Projection, onProgress?: (eventsRead: number) => void): Promise<number> {
    let read = 0;
    let from = await this.checkpoint(projection);
    for (;;) {
      const events = await this.store.readAll({ after: from, limit: this.options.batchSize, dataForTypes: this.dataFor(projection) });
      if (events.length === 0) return read;
      await this.applyBatch(projection, from, events);
      from = events.at(-1)!.checkpoint;
      read += events.length;
      onProgress?.(read);
    }
  }

  /**
   * Empties the read model, sets its checkpoint to the start and applies every event again.
   * Like a bulk load: the projection's query indexes are dropped and autovacuum is paused on its
   * tables; at the end the indexes are built once and the tables analysed (`finishRebuild`).
   */
  async rebuild(projection: Projection, onProgress?: (eventsRead: number) => void | Promise<void>): Promise<number> {
    await withTransaction(this.pool, async (client) => {
      // What to do at the end is stored first; a rebuild interrupted before has stored it already.
      const bewaar = (stap: number, naam: string, opdracht: string) =>
        client.query('INSERT INTO rm.na_herbouw (projection, stap, naam, opdracht) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [projection.name, stap, naam, opdracht]);
      for (const naam of projection.queryIndexes ?? []) {
        const { rows } = await client.query<{ definitie: string | null }>('SELECT pg_get_indexdef(to_regclass($1)) AS definitie', [naam]);
        const definitie = rows[0]?.definitie;
        if (definitie) await bewaar(1, naam, definitie.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
        await client.query(`DROP INDEX IF EXISTS ${naam}`);
      }
      for (const tabel of projection.tables ?? []) {
        // A table whose autovacuum someone set on purpose is left as it is.
        const { rows } = await client.query<{ eigen: boolean }>(
          `SELECT coalesce(reloptions::text LIKE '%autovacuum_enabled%', false) AS eigen FROM pg_class WHERE oid = to_regclass($1)`,
          [tabel],
        );
        if (rows[0]?.eigen !== false) continue;
        await bewaar(2, tabel, `ALTER TABLE ${tabel} RESET (autovacuum_enabled); ANALYZE ${tabel}`);
        await client.query(`ALTER TABLE ${tabel} SET (autovacuum_enabled = false)`);
      }
      await projection.reset(client);
      await client.query(
        `INSERT INTO rm.checkpoints (projection) VALUES ($1)
         ON CONFLICT (projection) DO UPDATE SET transaction_id = '0', global_position = 0, events_applied = 0, updated_at = now()`,
        [projection.name],
      );
    });
    this.logger.info({ projection: projection.name }, 'rebuild started');
    const read = await this.replay(projection, onProgress);
    await this.finishRebuild(projection);
    this.logger.info({ projection: projection.name, eventsRead: read }, 'rebuild finished');
    return read;
  }

  /**
   * Applies every event from the start, each batch in its own transaction with its checkpoint
   * as always, but pipelined on one connection: while PostgreSQL writes one batch, the next is
   * read and prepared. A projection with `startReplay` keeps what it knows in memory between
   * batches; others apply as usual, in turn. The first failure stops the run: the transaction
   * it was in never commits, and what was queued after it is not sent.
   */
  private async replay(projection: Projection, onProgress?: (eventsRead: number) => void | Promise<void>): Promise<number> {
    const apply = projection.startReplay?.() ?? ((queue: StatementQueue, events: readonly RecordedEvent[]) => queue.run((client) => projection.apply(client, events)));
    const client = await this.pool.connect();
    const queue = new StatementQueue(client);
    const read = (after: Checkpoint) => {
      const events = this.store.readAll({ after, limit: this.options.batchSize, dataForTypes: this.dataFor(projection) });
      events.catch(() => {}); // awaited below, unless the run stopped first
      return events;
    };
    let from = START;
    let total = 0;
    // The batch being written while the next is prepared: at most one ahead, so memory stays bounded.
    let writing: { committed: Promise<unknown>; total: number } | undefined;
    let failure: unknown;
    try {
      let next = read(from);
      for (;;) {
        const events = await next;
        if (events.length === 0) break;
        const to = events.at(-1)!.checkpoint;
        next = read(to);
        const handled = this.handled(projection, events);
        this.beginBatch(queue, projection, from, events, handled.length);
        if (handled.length > 0) await apply(queue, handled);
        const committed = queue.query('COMMIT');
        from = to;
        total += events.length;
        if (writing) {
          await writing.committed;
          await onProgress?.(writing.total);
        }
        writing = { committed, total };
        queue.check();
      }
      if (writing) {
        await writing.committed;
        await onProgress?.(writing.total);
      }
      await queue.drained();
      return total;
    } catch (error) {
      failure = error;
      await queue.stop(error);
      throw checkpointMoved(error);
    } finally {
      // A connection left inside a failed batch's transaction is closed: the server rolls it back.
      client.release(failure ? true : undefined);
    }
  }

  /**
   * Queues the start of a batch: its transaction, no waiting for the disk, and the checkpoint
   * moved by compare-and-set. One message (simple protocol, values written in): every answer
   * PostgreSQL waits for costs a turn of Node's event loop, which a rebuild keeps busy.
   */
  private beginBatch(queue: StatementQueue, projection: Projection, from: Checkpoint, events: readonly RecordedEvent[], handled: number): void {
    const last = events.at(-1)!.checkpoint;
    // A read model can be made again from the events, and its checkpoint commits with it: a
    // crash that loses the last batches also loses their checkpoint. No need to wait for the disk.
    queue.send(
      `BEGIN; SET LOCAL synchronous_commit = off;
       SELECT rm.checkpoint_verzetten(${pg.escapeLiteral(projection.name)}, '${from.transactionId}', ${from.globalPosition}, '${last.transactionId}', ${last.globalPosition}, ${handled})`,
    );
  }

  private handled(projection: Projection, events: readonly RecordedEvent[]): readonly RecordedEvent[] {
    return handlesAll(projection) ? events : events.filter((e) => projection.handles.includes(e.type));
  }

  /**
   * Does what a rebuild left for its end (also one that was interrupted): first the indexes,
   * then the tables (analysed once their indexes exist), each kind two at a time: an index
   * build or an ANALYZE uses one core, and the machine has two or more.
   */
  async finishRebuild(projection: Projection): Promise<void> {
    const { rows } = await this.pool.query<{ stap: number; naam: string; opdracht: string }>(
      'SELECT stap, naam, opdracht FROM rm.na_herbouw WHERE projection = $1 ORDER BY stap, naam',
      [projection.name],
    );
    for (const stap of new Set(rows.map((r) => r.stap))) {
      const teDoen = rows.filter((r) => r.stap === stap);
      const doe = async () => {
        for (let klus = teDoen.shift(); klus; klus = teDoen.shift()) {
          const { naam, opdracht } = klus;
          const started = performance.now();
          await withTransaction(this.pool, async (client) => {
            await client.query(opdracht);
            await client.query('DELETE FROM rm.na_herbouw WHERE projection = $1 AND naam = $2', [projection.name, naam]);
          });
          this.logger.info({ projection: projection.name, naam, ms: Math.round(performance.now() - started) }, 'rebuild: end step done');
        }
      };
      await Promise.all([doe(), doe()]);
    }
  }

  /** Follows new events for every projection until `stop()`. */
  start(): void {
    for (const projection of this.projections) {
      if (!this.running.has(projection.name)) this.running.set(projection.name, this.follow(projection));
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.stop()));
    this.running.clear();
  }

  /** Subscribes from the stored checkpoint; when a batch fails, starts again from the checkpoint then stored. */
  private follow(projection: Projection): { stop(): Promise<void> } {
    const log = this.logger.child({ projection: projection.name });
    let stopped = false;
    let current: Subscription | undefined;
    let wakeStop: () => void = () => {};
    const stoppedSignal = new Promise<void>((resolve) => (wakeStop = resolve));

    // Once, at the start: an interrupted rebuild may have left work for its end.
    let rebuildFinished = false;
    const loop = (async () => {
      while (!stopped) {
        let failure: unknown;
        try {
          if (!rebuildFinished) await this.finishRebuild(projection);
          rebuildFinished = true;
          let from = await this.checkpoint(projection);
          await new Promise<void>((resolve) => {
            current = this.store.subscribeToAll({
              after: from,
              batchSize: this.options.batchSize,
              dataForTypes: this.dataFor(projection),
              handler: async (events) => {
                await this.applyBatch(projection, from, events);
                from = events.at(-1)!.checkpoint;
                log.debug({ events: events.length, globalPosition: from.globalPosition.toString() }, 'batch applied');
              },
              onError: (error) => {
                failure = error;
                resolve();
              },
            });
            void stoppedSignal.then(resolve);
          });
          await current?.stop();
        } catch (error) {
          failure = error;
        }
        if (failure && !stopped) {
          const level = failure instanceof CheckpointMovedError ? 'info' : 'error';
          log[level]({ err: failure }, 'projection batch failed; resuming from the stored checkpoint');
          await Promise.race([stoppedSignal, new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 1000))]);
        }
      }
    })();

    return {
      async stop() {
        stopped = true;
        wakeStop();
        await loop;
      },
    };
  }

  /** Checkpoint, events applied and lag of every projection. */
  async status(): Promise<ProjectionStatus[]> {
    const { rows } = await this.pool.query<{ projection: string; transaction_id: string; global_position: bigint; events_applied: bigint; lag: bigint }>(
      `SELECT p.name AS projection, coalesce(c.transaction_id, '0')::text AS transaction_id,
              coalesce(c.global_position, 0) AS global_position, coalesce(c.events_applied, 0) AS events_applied,
              (SELECT count(*) FROM es.events e
                WHERE (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'), coalesce(c.global_position, 0))
                  AND e.transaction_id < (SELECT horizon FROM es.read_horizon())) AS lag
         FROM unnest($1::text[]) WITH ORDINALITY AS p(name, i) LEFT JOIN rm.checkpoints c ON c.projection = p.name
        ORDER BY p.i`,
      [this.projections.map((p) => p.name)],
    );
    return rows.map((r) => ({
      projection: r.projection,
      checkpoint: { transactionId: BigInt(r.transaction_id), globalPosition: r.global_position },
      eventsApplied: r.events_applied,
      lag: r.lag,
    }));
  }

  private dataFor(projection: Projection): readonly string[] | undefined {
    return handlesAll(projection) ? undefined : projection.handles;
  }
}
