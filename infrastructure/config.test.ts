import test from 'ava';
import { ConfigError, loadConfig } from './config.ts';

const defaults = { embeddedDataDir: '/tmp/x' };

test('defaults: embedded database, port 3000, level info, 1 MiB bodies', (t) => {
  const config = loadConfig({}, defaults);
  t.deepEqual(config, { databaseUrl: undefined, port: 3000, logLevel: 'info', bodyLimitBytes: 1048576, databasePoolSize: 10, projectionBatchSize: 500, publicationLimitBytes: 67108864, tileCacheBytes: 268435456, bevoegdGezagTokens: new Map(), demoData: true, embeddedDataDir: '/tmp/x', basiskaart: 'brt-standaard', locatieserver: 'https://api.pdok.nl/bzk/locatieserver/search/v3_1/free' });
});

test('the viewer: base map by id, the locatieserver a URL or uit', (t) => {
  t.is(loadConfig({ BASISKAART: 'lokaal', LOCATIESERVER_URL: 'uit' }, defaults).basiskaart, 'lokaal');
  t.is(loadConfig({ LOCATIESERVER_URL: 'uit' }, defaults).locatieserver, undefined);
  t.is(loadConfig({ LOCATIESERVER_URL: 'http://geo.intern/free' }, defaults).locatieserver, 'http://geo.intern/free');
  const error = t.throws(() => loadConfig({ BASISKAART: 'google', LOCATIESERVER_URL: 'pdok' }, defaults), { instanceOf: ConfigError });
  t.regex(error.problems[0]!, /^BASISKAART: one of brt-standaard, brt-grijs, luchtfoto, kadastraal, lokaal; got "google"/);
  t.regex(error.problems[1]!, /^LOCATIESERVER_URL: an http\(s\) URL, or uit/);
});

test('takes valid values', (t) => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/loket', PORT: '8080', LOG_LEVEL: 'debug' }, defaults);
  t.is(config.databaseUrl, 'postgres://u:p@db:5432/loket');
  t.is(config.port, 8080);
  t.is(config.logLevel, 'debug');
  t.false(config.demoData, 'no demo data on a database of your own unless asked');
  t.true(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/loket', DEMO_DATA: 'true' }, defaults).demoData);
  t.false(loadConfig({ DEMO_DATA: 'false' }, defaults).demoData);
});

test('names every wrong variable in one error', (t) => {
  const error = t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x/y', PORT: 'drieduizend', LOG_LEVEL: 'loud' }, defaults), {
    instanceOf: ConfigError,
  });
  t.is(error.problems.length, 3);
  t.regex(error.problems[0]!, /^DATABASE_URL: must be a PostgreSQL connection URL/);
  t.regex(error.problems[1]!, /^PORT: must be a whole number from 0 to 65535; got "drieduizend"/);
  t.regex(error.problems[2]!, /^LOG_LEVEL: must be one of fatal, error/);
});

test('rejects ports out of range and a URL without database name', (t) => {
  const error = t.throws(() => loadConfig({ PORT: '70000', DATABASE_URL: 'postgres://host:5432' }, defaults), { instanceOf: ConfigError });
  t.deepEqual(
    error.problems.map((p) => p.split(':')[0]),
    ['DATABASE_URL', 'PORT'],
  );
});

test('bevoegd gezag tokens: code and token of 16 or more characters', (t) => {
  const config = loadConfig({ BEVOEGD_GEZAG_TOKENS: 'gm0344:utrecht-geheim-1234567, pv26:provincie-utrecht-geheim' }, defaults);
  t.deepEqual([...config.bevoegdGezagTokens], [['utrecht-geheim-1234567', 'gm0344'], ['provincie-utrecht-geheim', 'pv26']]);
  const error = t.throws(() => loadConfig({ BEVOEGD_GEZAG_TOKENS: 'gemeente:kort' }, defaults), { instanceOf: ConfigError });
  t.regex(error.problems[0]!, /^BEVOEGD_GEZAG_TOKENS: each entry is <bevoegd gezag code>:<token/);
  t.false(error.problems[0]!.includes('kort'), 'the token itself is not echoed');
});

test('tile cache size: bytes, 0 turns it off, words are refused', (t) => {
  t.is(loadConfig({ TILE_CACHE_BYTES: '0' }, defaults).tileCacheBytes, 0);
  t.is(loadConfig({ TILE_CACHE_BYTES: '1073741824' }, defaults).tileCacheBytes, 1024 ** 3);
  const error = t.throws(() => loadConfig({ TILE_CACHE_BYTES: 'veel' }, defaults), { instanceOf: ConfigError });
  t.regex(error.problems[0]!, /^TILE_CACHE_BYTES: must be a whole number from 0 to/);
});
