import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logger.ts';
import { openApiDocument, type OpenApiFragment } from './openapi.ts';
import { notFound, problemHandler } from './problem.ts';
import { requestContext } from './request-context.ts';

/** A part of the HTTP surface: its routes and their OpenAPI description. */
export interface HttpFeature {
  router: Router;
  openapi: OpenApiFragment;
  /**
   * Runs before request ids, security headers and body parsing, for a hot path that answers
   * from memory (cached tiles); it calls next() for everything else.
   */
  early?: RequestHandler;
  /** A path prefix under which this feature parses request bodies itself (uploads above the general limit). */
  ownsBodiesUnder?: string;
}

export interface AppOptions {
  logger: Logger;
  bodyLimitBytes: number;
  version: string;
  features: readonly HttpFeature[];
  /** Origins the browser may load images and data from besides this one (the viewer's base maps). */
  externeBronnen?: readonly string[];
}

/** The express app: security headers, request ids, JSON bodies with a size limit, features, problem+json. */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  for (const feature of options.features) if (feature.early) app.use(feature.early);
  app.use(requestContext(options.logger));
  // Served over plain HTTP inside networks too, so no forced upgrade to https of sub-resources.
  // The viewer draws with WebGL in a worker and loads base-map tiles from public services.
  const extern = options.externeBronnen ?? [];
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:', ...extern], connectSrc: ["'self'", ...extern], workerSrc: ["'self'", 'blob:'] },
      },
    }),
  );
  const json = express.json({ limit: options.bodyLimitBytes, type: ['application/json', 'application/*+json'] });
  const eigen = options.features.flatMap((f) => (f.ownsBodiesUnder ? [f.ownsBodiesUnder] : []));
  app.use((req, res, next) => (eigen.some((prefix) => req.path.startsWith(prefix)) ? next() : json(req, res, next)));

  const document = openApiDocument(options.version, [openApiRoute, ...options.features.map((f) => f.openapi)]);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  for (const feature of options.features) app.use(feature.router);

  app.use(notFound);
  app.use(problemHandler);
  return app;
}

/** The OpenAPI description of the document route itself. */
const openApiRoute: OpenApiFragment = {
  paths: {
    '/api/openapi.json': {
      get: {
        summary: 'This OpenAPI 3 document',
        operationId: 'getOpenApi',
        tags: ['Algemeen'],
        responses: { '200': { description: 'The document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};
