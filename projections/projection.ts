import type pg from 'pg';
import type { RecordedEvent } from '../application/ports/event-store.ts';
import type { StatementQueue } from '../infrastructure/database/statement-queue.ts';

/** A read model: the events it handles and the SQL that applies them. */
export interface Projection {
  /** Unique; the key of its checkpoint and the argument of `npm run rebuild`. */
  readonly name: string;
  /** Event types it applies (`*`: all); other events only move its checkpoint. */
  readonly handles: readonly string[];
  /** Applies handled events, in order, inside the runner's transaction (with the checkpoint). */
  apply(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Indexes (schema-qualified) that only queries use, not `apply`: a rebuild drops them and
   * builds them once at the end.
   */
  readonly queryIndexes?: readonly string[];
  /**
   * Tables (schema-qualified) a rebuild fills in bulk: autovacuum is paused on them while it
   * runs, and they are analysed when it ends.
   */
  readonly tables?: readonly string[];
  /**
   * Optional, for a rebuild: starts a run that applies batch after batch from the start. It
   * queues its statements without waiting for them, and may keep what it learns in memory for
   * the next batch: within a run nothing else writes its tables (each batch's checkpoint is
   * compared and set). The run, and its memory, end at the first failure.
   */
  startReplay?(): (queue: StatementQueue, events: readonly RecordedEvent[]) => Promise<void>;
  /** Empties its tables, inside the transaction that resets its checkpoint for a rebuild. */
  reset(client: pg.ClientBase): Promise<void>;
}
