import type { EventStore, SubscribeOptions, Subscription } from '../../application/ports/event-store.ts';
import { START } from '../../application/ports/event-store.ts';

export interface SubscriptionSource {
  pollIntervalMs: number;
  /** Starts listening for new-event notifications; returns how to stop listening. */
  listen(wake: () => void): Promise<() => Promise<void>>;
}

/**
 * The catch-up-then-live loop shared by the event store adapters: read a batch after the
 * checkpoint, hand it to the handler, and when nothing is left wait for a notification or
 * the poll interval, whichever comes first. Polling also covers lost notifications.
 */
export function runSubscription(store: Pick<EventStore, 'readAll'>, options: SubscribeOptions, source: SubscriptionSource): Subscription {
  let stopped = false;
  // A notification that arrives while a batch is read or handled is kept, so the next sleep ends at once.
  let woken = false;
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    let unlisten: (() => Promise<void>) | undefined;
    let after = options.after ?? START;
    while (!stopped) {
      try {
        unlisten ??= await source.listen(wake);
        const events = await store.readAll({ after, limit: options.batchSize ?? 500, dataForTypes: options.dataForTypes });
        if (events.length > 0) {
          await options.handler(events);
          after = events[events.length - 1]!.checkpoint;
          continue;
        }
      } catch (error) {
        options.onError?.(error);
      }
      if (!stopped) await sleep(source.pollIntervalMs);
    }
    await unlisten?.();
  })();

  return {
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
