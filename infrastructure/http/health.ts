import { Router } from 'express';
import type pg from 'pg';
import { pendingMigrations } from '../database/database.ts';
import type { ProjectionRunner } from '../../projections/runner.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';

/**
 * `GET /api/health`: the process lives (no database call, for a liveness probe).
 * `GET /api/ready`: the database answers, every migration is applied, and how far each
 * projection lags behind the event store (for a readiness probe and for operators).
 */
export function healthFeature(pool: pg.Pool, runner: ProjectionRunner): HttpFeature {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/api/ready', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      req.log.warn({ err: error }, 'readiness check: database unreachable');
      res.status(503).json({ status: 'not_ready', database: 'unreachable', migrations: { pending: null }, projections: [] });
      return;
    }
    const pending = await pendingMigrations(pool);
    // Projection status needs the migrated tables; while migrations are pending there is none.
    const projections =
      pending.length > 0
        ? []
        : (await runner.status()).map((s) => ({
            name: s.projection,
            lag: Number(s.lag),
            eventsApplied: Number(s.eventsApplied),
            checkpoint: { transactionId: s.checkpoint.transactionId.toString(), globalPosition: s.checkpoint.globalPosition.toString() },
          }));
    const ready = pending.length === 0;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', database: 'ok', migrations: { pending }, projections });
  });

  const readySchema = {
    type: 'object',
    required: ['status', 'database', 'migrations', 'projections'],
    properties: {
      status: { type: 'string', enum: ['ready', 'not_ready'] },
      database: { type: 'string', enum: ['ok', 'unreachable'] },
      migrations: { type: 'object', properties: { pending: { type: 'array', nullable: true, items: { type: 'string' } } } },
      projections: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            lag: { type: 'integer', description: 'Committed events not yet applied' },
            eventsApplied: { type: 'integer' },
            checkpoint: { type: 'object', properties: { transactionId: { type: 'string' }, globalPosition: { type: 'string' } } },
          },
        },
      },
    },
  };
  return {
    router,
    openapi: {
      schemas: { Readiness: readySchema },
      paths: {
        '/api/health': {
          get: {
            summary: 'Liveness: the process answers',
            operationId: 'getHealth',
            tags: ['Algemeen'],
            responses: {
              '200': {
                description: 'Alive',
                content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } } },
              },
            },
          },
        },
        '/api/ready': {
          get: {
            summary: 'Readiness: database reachable, migrations applied, projection lag',
            operationId: 'getReady',
            tags: ['Algemeen'],
            responses: {
              '200': { description: 'Ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
              '503': { description: 'Not ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
              default: problemResponse('Unexpected error'),
            },
          },
        },
      },
    },
  };
}
