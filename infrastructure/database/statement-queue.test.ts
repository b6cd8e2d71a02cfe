import test from 'ava';
import type pg from 'pg';
import { StatementQueue } from './statement-queue.ts';

/** A client that answers after a tick, fails on `FOUT`, and notes what it was sent and when. */
function nepClient() {
  const gezonden: string[] = [];
  let bezig = 0;
  let meesteTegelijk = 0;
  const client = {
    async query(text: string) {
      gezonden.push(text);
      meesteTegelijk = Math.max(meesteTegelijk, ++bezig);
      await new Promise((r) => setImmediate(r));
      bezig--;
      if (text === 'FOUT') throw new Error(`mislukt: ${text}`);
      return { rows: [{ text }], rowCount: 1 };
    },
  };
  return { client: client as unknown as pg.ClientBase, gezonden, meesteTegelijk: () => meesteTegelijk };
}

test('statements are sent one at a time, in the order given, and answered', async (t) => {
  const nep = nepClient();
  const queue = new StatementQueue(nep.client);
  queue.send('A');
  const b = queue.query('B');
  queue.send('C');
  t.is((await b).rows[0]!.text, 'B');
  await queue.drained();
  t.deepEqual(nep.gezonden, ['A', 'B', 'C']);
  t.is(nep.meesteTegelijk(), 1, 'never two at once on one connection');
});

test('after the first failure nothing more is sent, and every later statement fails with it', async (t) => {
  const nep = nepClient();
  const queue = new StatementQueue(nep.client);
  queue.send('A');
  queue.send('FOUT');
  const c = queue.query('C');
  await t.throwsAsync(c, { message: 'mislukt: FOUT' });
  await t.throwsAsync(queue.drained(), { message: 'mislukt: FOUT' });
  t.throws(() => queue.check(), { message: 'mislukt: FOUT' });
  t.deepEqual(nep.gezonden, ['A', 'FOUT']);
});

test('stop lets the running statement end and sends nothing after it', async (t) => {
  const nep = nepClient();
  const queue = new StatementQueue(nep.client);
  queue.send('A');
  const b = queue.query('B');
  await new Promise((r) => setImmediate(r)); // A is on its way now, B waits for it
  t.deepEqual(nep.gezonden, ['A']);
  await queue.stop(new Error('gestopt'));
  await t.throwsAsync(b, { message: 'gestopt' });
  t.deepEqual(nep.gezonden, ['A']);
});
