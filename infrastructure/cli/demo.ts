/** `npm run demo`: loads the demo data set into the configured database (idempotent). */
import { boot } from '../boot.ts';
import { laadDemo } from '../demo/demo.ts';
import { demoDeps } from '../container.ts';

const { logger, container, close } = await boot('demo');
const result = await laadDemo(demoDeps(container, logger));
logger.info(result, 'demo data present; the projector (npm start) makes it visible');
await close();
