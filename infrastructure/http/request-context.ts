import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** From the caller's X-Request-Id when it is sane, otherwise new. */
      id: string;
      /** A child logger that carries the request id. */
      log: Logger;
    }
  }
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives every request an id (echoed as X-Request-Id) and logs one line when it is answered. */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && SANE_ID.test(given) ? given : randomUUID();
    req.id = id;
    // Made when first used: most requests (cached tiles) never log.
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', { get: () => (log ??= logger.child({ requestId: id })), configurable: true });
    res.setHeader('X-Request-Id', id);
    if (logger.isLevelEnabled('info')) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        req.log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
      });
    }
    next();
  };
}
