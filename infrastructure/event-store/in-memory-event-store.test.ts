import test from 'ava';
import { eventStoreContract } from '../../test/support/event-store-contract.ts';
import { InMemoryEventStore } from './in-memory-event-store.ts';

eventStoreContract(test, 'in-memory', async () => {
  let now = new Date();
  return { store: new InMemoryEventStore(() => now), setNow: (date) => (now = date), cleanup: async () => {} };
});
