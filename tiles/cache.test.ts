import test from 'ava';
import { TileCache } from './cache.ts';

const tegel = (bytes: number, etag = 'e') => ({ gzip: Buffer.alloc(bytes), etag });

test('keeps tiles until the byte bound, then drops the least recently used', (t) => {
  const cache = new TileCache(3 * (100 + 1 + 64));
  cache.set('a', tegel(100));
  cache.set('b', tegel(100));
  cache.set('c', tegel(100));
  t.is(cache.count, 3);
  t.truthy(cache.get('a'), 'a is now the most recently used');
  cache.set('d', tegel(100));
  t.is(cache.get('b'), undefined, 'b was the least recently used');
  t.truthy(cache.get('a'));
  t.truthy(cache.get('c'));
  t.truthy(cache.get('d'));
  t.true(cache.bytes <= cache.maxBytes);
});

test('a large tile evicts as many as it needs; one larger than the bound is not kept', (t) => {
  const cache = new TileCache(1000);
  for (const k of ['a', 'b', 'c', 'd']) cache.set(k, tegel(150));
  cache.set('groot', tegel(700));
  t.truthy(cache.get('groot'));
  t.true(cache.bytes <= 1000);
  t.is(cache.get('a'), undefined);
  cache.set('te-groot', tegel(2000));
  t.is(cache.get('te-groot'), undefined);
  t.truthy(cache.get('groot'), 'a tile that does not fit evicts nothing');
});

test('replacing a key counts its bytes once', (t) => {
  const cache = new TileCache(10_000);
  cache.set('a', tegel(100, 'x'));
  cache.set('a', tegel(300, 'y'));
  t.is(cache.count, 1);
  t.is(cache.bytes, 300 + 1 + 64);
  t.is(cache.get('a')?.etag, 'y');
  t.is(cache.get('zz'), undefined);
});
