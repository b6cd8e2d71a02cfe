import { Router } from 'express';
import type { HttpFeature } from '../infrastructure/http/app.ts';
import type { TileVersion } from './version.ts';

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HARTSLAG_MS = 20_000;

/**
 * `GET /api/events`: server-sent events for the viewer. On connecting and whenever the read
 * models behind the tiles advance, an event `tiles` with the new version (`{"v": "…"}`): the
 * viewer then loads the TileJSON again (its tile URLs carry the new version) and redraws.
 */
export function eventsFeature(version: TileVersion): HttpFeature {
  const router = Router();
  router.get('/api/events', async (req, res) => {
    const eerste = await version.current();
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    let laatste = '';
    const stuur = (v: string) => {
      if (v === laatste) return;
      laatste = v;
      res.write(`event: tiles\nid: ${v}\ndata: ${JSON.stringify({ v })}\n\n`);
    };
    res.write('retry: 3000\n\n');
    stuur(eerste);
    const stop = version.subscribe(stuur);
    const hartslag = setInterval(() => res.write(': hartslag\n\n'), HARTSLAG_MS);
    req.on('close', () => {
      clearInterval(hartslag);
      stop();
    });
  });
  return {
    router,
    openapi: {
      paths: {
        '/api/events': {
          get: {
            summary: 'Server-sent events: `tiles` met de nieuwe versie zodra de kaartgegevens zijn bijgewerkt',
            operationId: 'getEvents',
            tags: ['Kaart'],
            responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
          },
        },
      },
    },
  };
}
