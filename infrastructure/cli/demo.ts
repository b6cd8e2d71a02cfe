/** `npm run demo`: loads the demo data set into the configured database (idempotent). */
import type pg from 'pg';
import type { EventStore } from '../../application/ports/event-store.ts';
import { boot } from '../boot.ts';
import { TYPES } from '../container.ts';
import { laadDemo } from '../demo/demo.ts';

const { logger, container, close } = await boot('demo');
const result = await laadDemo({ pool: container.get<pg.Pool>(TYPES.Pool), store: container.get<EventStore>(TYPES.EventStore), log: logger });
logger.info(result, 'demo data present; the projector (npm start) makes it visible');
await close();
