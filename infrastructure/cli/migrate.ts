/** `npm run migrate`: applies every pending migration (start-up does the same) and stops. */
import { boot } from '../boot.ts';

const { logger, close } = await boot('migrate');
logger.info('database is up to date');
await close();
