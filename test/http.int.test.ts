import { randomUUID } from 'node:crypto';
import test from 'ava';
import { Router } from 'express';
import type { EventStore, ExpectedVersion, NewEvent } from '../application/ports/event-store.ts';
import type { HttpFeature } from '../infrastructure/http/app.ts';
import { startTestApp } from './support/app.ts';
import { createEmptyDatabase } from './support/database.ts';
import { migrations } from '../migrations/index.ts';

/**
 * Stand-in for the write endpoints later issues add: appends what it is given, so the edge's
 * mapping of store errors, body parsing and limits can be tried on the real app.
 */
const appendFeature = (store: EventStore): HttpFeature[] => {
  const router = Router();
  router.post('/test/streams/:streamId/events', async (req, res) => {
    const { expectedVersion, events } = req.body as { expectedVersion: string; events: NewEvent[] };
    const expected: ExpectedVersion = expectedVersion === 'any' || expectedVersion === 'no_stream' ? expectedVersion : BigInt(expectedVersion);
    const result = await store.appendToStream(req.params.streamId, expected, events);
    res.status(201).json({ nextExpectedVersion: result.nextExpectedVersion.toString() });
  });
  router.get('/test/boom', () => {
    throw new Error('secret internal detail');
  });
  return [{ router, openapi: { paths: {} } }];
};

const event = (data: unknown = { a: 1 }) => ({ eventId: randomUUID(), type: 'Getest', data });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function expectProblem(t: import('ava').ExecutionContext, res: Response, status: number, code: string) {
  t.is(res.status, status);
  t.regex(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  t.is(body.status, status);
  t.is(body.code, code);
  t.is(typeof body.title, 'string');
  t.is(typeof body.detail, 'string');
  t.is(body.requestId, res.headers.get('x-request-id'));
  return body;
}

test('health answers, with security headers and a request id that is logged', async (t) => {
  const app = await startTestApp();
  t.teardown(app.close);
  const res = await fetch(`${app.baseUrl}/api/health`, { headers: { 'X-Request-Id': 'loket-42' } });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { status: 'ok' });
  t.is(res.headers.get('x-request-id'), 'loket-42');
  t.is(res.headers.get('x-content-type-options'), 'nosniff');
  t.regex(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  t.is(res.headers.get('x-powered-by'), null);
  const line = app.logs.find((l) => l.requestId === 'loket-42' && l.msg === 'request');
  t.like(line, { method: 'GET', url: '/api/health', status: 200 });

  const generated = await fetch(`${app.baseUrl}/api/health`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
  t.regex(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('ready reports migrations and the lag of each projection', async (t) => {
  const app = await startTestApp();
  t.teardown(app.close);
  await app.store.appendToStream('regeling-1', 'no_stream', [event(), event(), event()]);
  // Events count once no older transaction can still commit before them. That horizon is the
  // whole cluster's, so a long transaction of a test in another database can hold it back a moment.
  type Ready = { status: string; projections: { name: string; lag: number }[] };
  let before = (await (await fetch(`${app.baseUrl}/api/ready`)).json()) as Ready;
  for (let i = 0; i < 100 && before.projections[0]?.lag !== 3; i++) {
    await new Promise((r) => setTimeout(r, 100));
    before = (await (await fetch(`${app.baseUrl}/api/ready`)).json()) as Ready;
  }
  t.is(before.status, 'ready');
  t.deepEqual(before.projections.map((p) => [p.name, p.lag]), [['stream-activity', 3], ['omgevingsdocumenten', 3], ['ambtsgebieden', 3], ['bestemmingsplannen', 3], ['toepasbare-regels', 3], ['werkzaamheden', 3]]);
  await app.runner.catchUp(app.runner.find('stream-activity')!);
  const after = (await (await fetch(`${app.baseUrl}/api/ready`)).json()) as { projections: { lag: number; eventsApplied: number }[] };
  t.like(after.projections[0], { lag: 0, eventsApplied: 3 });
});

test('ready is 503 while migrations are pending', async (t) => {
  const app = await startTestApp({ db: await createEmptyDatabase() });
  t.teardown(app.close);
  const res = await fetch(`${app.baseUrl}/api/ready`);
  t.is(res.status, 503);
  const body = (await res.json()) as { status: string; database: string; migrations: { pending: string[] | null } };
  t.like(body, { status: 'not_ready', database: 'ok' });
  t.deepEqual(body.migrations.pending, Object.keys(migrations));
});

test('unknown routes, malformed JSON and oversized bodies are problems, and nothing is stored', async (t) => {
  const app = await startTestApp({ env: { BODY_LIMIT_BYTES: '2048' }, extraFeatures: appendFeature });
  t.teardown(app.close);
  await expectProblem(t, await fetch(`${app.baseUrl}/api/bestaat-niet`), 404, 'not_found');
  await expectProblem(t, await post(`${app.baseUrl}/test/streams/s-1/events`, '{"expectedVersion": "any", "events": ['), 400, 'malformed_json');
  const big = JSON.stringify({ expectedVersion: 'any', events: [event({ tekst: 'x'.repeat(4096) })] });
  const tooLarge = await expectProblem(t, await post(`${app.baseUrl}/test/streams/s-1/events`, big), 413, 'payload_too_large');
  t.regex(String(tooLarge.detail), /2048 bytes/);
  t.deepEqual(await app.store.readAll(), []);
});

test('a wrong expected version is 409, and of two racing writers exactly one wins', async (t) => {
  const app = await startTestApp({ extraFeatures: appendFeature });
  t.teardown(app.close);
  const url = `${app.baseUrl}/test/streams/regeling-2/events`;
  t.is((await post(url, JSON.stringify({ expectedVersion: 'no_stream', events: [event()] }))).status, 201);
  const stale = await expectProblem(t, await post(url, JSON.stringify({ expectedVersion: 'no_stream', events: [event()] })), 409, 'wrong_expected_version');
  t.regex(String(stale.detail), /regeling-2/);

  const racers = await Promise.all([0, 1, 2].map(() => post(url, JSON.stringify({ expectedVersion: '0', events: [event()] }))));
  t.deepEqual(racers.map((r) => r.status).sort(), [201, 409, 409]);
  t.is(await app.store.streamVersion('regeling-2'), 1n);
});

test('an invalid stream id is 400, an event over 1 MiB is 413, an internal error hides its details', async (t) => {
  const app = await startTestApp({ env: { BODY_LIMIT_BYTES: String(4 * 1024 * 1024) }, extraFeatures: appendFeature });
  t.teardown(app.close);
  await expectProblem(t, await post(`${app.baseUrl}/test/streams/${encodeURIComponent('$all')}/events`, JSON.stringify({ expectedVersion: 'any', events: [event()] })), 400, 'invalid_stream_id');
  const huge = JSON.stringify({ expectedVersion: 'any', events: [event({ blob: 'x'.repeat(1024 * 1024 + 1) })] });
  await expectProblem(t, await post(`${app.baseUrl}/test/streams/s-1/events`, huge), 413, 'event_too_large');
  t.deepEqual(await app.store.readAll(), []);

  const boom = await expectProblem(t, await fetch(`${app.baseUrl}/test/boom`), 500, 'internal_error');
  t.false(JSON.stringify(boom).includes('secret'));
  t.truthy(app.logs.find((l) => l.level === 50 && JSON.stringify(l).includes('secret internal detail')), 'the cause is logged');
});

test('the OpenAPI document describes every endpoint, and each documented path answers', async (t) => {
  const app = await startTestApp();
  t.teardown(app.close);
  const res = await fetch(`${app.baseUrl}/api/openapi.json`);
  t.is(res.status, 200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses: object }>>; components: { schemas: Record<string, unknown> } };
  t.regex(doc.openapi, /^3\.0\./);
  t.truthy(doc.components.schemas.Problem);
  for (const path of ['/api/health', '/api/openapi.json', '/api/ready', '/api/presenteren/v1/regeltekstannotaties/_zoek', '/api/bevoegd-gezag/v1/regelingen/{id}/besluiten']) {
    t.truthy(doc.paths[path], `${path} is documented`);
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      t.true(Object.keys(operation.responses).length > 0, `${method} ${path} documents its responses`);
      const answer = await fetch(`${app.baseUrl}${path.replace('{id}', 'x')}`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
      const body = answer.headers.get('content-type')?.includes('problem') ? ((await answer.json()) as { detail: string }) : undefined;
      t.false(answer.status === 404 && body?.detail.startsWith('Er is niets op'), `${method} ${path} has a route`);
    }
  }
});
