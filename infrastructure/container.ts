import { Container } from 'inversify';
import type pg from 'pg';
import type { EventStore } from '../application/ports/event-store.ts';
import { projections } from '../projections/index.ts';
import type { Projection } from '../projections/projection.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import type { Config } from './config.ts';
import { createPool } from './database/database.ts';
import { PostgresEventStore } from './event-store/postgres-event-store.ts';
import { createApp, type HttpFeature } from './http/app.ts';
import { healthFeature } from './http/health.ts';
import { bevoegdGezagFeature } from './http/bevoegd-gezag.ts';
import { presenterenFeature } from './http/presenteren.ts';
import { ogcFeaturesFeature } from './http/ogc-features.ts';
import { postgisGeometrieControle, postgisPlanControle } from './omgevingsdocumenten/geometrie-controle.ts';
import { PostgresInhoudsindex } from './omgevingsdocumenten/postgres-inhoudsindex.ts';
import { externeBronnen, viewerFeature } from './http/viewer.ts';
import { plaatsenFeature } from './http/plaatsen.ts';
import { toepasbareRegelsFeature } from './http/toepasbare-regels.ts';
import { werkzaamhedenFeature } from './http/werkzaamheden.ts';
import { vergunningcheckFeature } from './http/vergunningcheck.ts';
import { VergunningcheckService } from '../application/toepasbare-regels/vergunningcheck-service.ts';
import { postgresCheckBronnen } from './toepasbare-regels/check-bronnen.ts';
import { randomUUID } from 'node:crypto';
import { RegelbestandService } from '../application/toepasbare-regels/regelbestand-service.ts';
import { leesDmn } from './sttr/dmn-lezer.ts';
import { DmnModellen } from './sttr/dmn-modellen.ts';
import { BestemmingsplanService } from '../application/ruimtelijke-plannen/bestemmingsplan-service.ts';
import { ruimtelijkePlannenFeature } from './http/ruimtelijke-plannen.ts';
import { LeveringImport } from '../application/omgevingsdocumenten/levering-import.ts';
import { AmbtsgebiedService } from '../application/bestuursgrenzen/ambtsgebied-service.ts';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import type { Logger } from './logger.ts';
import type { DemoDeps } from './demo/demo.ts';
import { join } from 'node:path';
import { productVersion, projectRoot } from './paths.ts';
import type express from 'express';
import { eventsFeature } from '../tiles/events.ts';
import { tilesFeature } from '../tiles/routes.ts';
import { TileVersion } from '../tiles/version.ts';

/** Service identifiers; the only place where the parts are wired together. */
export const TYPES = {
  Config: Symbol('Config'),
  DatabaseUrl: Symbol('DatabaseUrl'),
  Logger: Symbol('Logger'),
  Clock: Symbol('Clock'),
  Pool: Symbol('Pool'),
  EventStore: Symbol('EventStore'),
  Projections: Symbol('Projections'),
  ProjectionRunner: Symbol('ProjectionRunner'),
  RegelingService: Symbol('RegelingService'),
  Inhoudsindex: Symbol('Inhoudsindex'),
  BestemmingsplanService: Symbol('BestemmingsplanService'),
  LeveringImport: Symbol('LeveringImport'),
  TileVersion: Symbol('TileVersion'),
  DmnModellen: Symbol('DmnModellen'),
  HttpFeatures: Symbol('HttpFeatures'),
  TileFeatures: Symbol('TileFeatures'),
  HttpApp: Symbol('HttpApp'),
  TilesApp: Symbol('TilesApp'),
} as const;

export interface Services {
  config: Config;
  databaseUrl: string;
  logger: Logger;
}

/**
 * The composition root. Bindings are factories (no decorators): tsx emits no decorator
 * metadata, and the domain and application code stay free of inversify.
 */
export function createContainer({ config, databaseUrl, logger }: Services): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  const viewer = { basiskaart: config.basiskaart, locatieserver: config.locatieserver, map: join(projectRoot, 'web', 'dist') };
  c.bind<Config>(TYPES.Config).toConstantValue(config);
  c.bind<string>(TYPES.DatabaseUrl).toConstantValue(databaseUrl);
  c.bind<Logger>(TYPES.Logger).toConstantValue(logger);
  c.bind<() => Date>(TYPES.Clock).toConstantValue(() => new Date());
  c.bind<pg.Pool>(TYPES.Pool).toDynamicValue(() => createPool(databaseUrl, config.databasePoolSize));
  c.bind<EventStore>(TYPES.EventStore).toDynamicValue(
    (ctx) => new PostgresEventStore(ctx.get(TYPES.Pool), { databaseUrl, clock: ctx.get(TYPES.Clock) }),
  );
  c.bind<readonly Projection[]>(TYPES.Projections).toConstantValue(projections);
  c.bind<ProjectionRunner>(TYPES.ProjectionRunner).toDynamicValue(
    (ctx) =>
      new ProjectionRunner(ctx.get(TYPES.Pool), ctx.get(TYPES.EventStore), ctx.get(TYPES.Projections), logger.child({ role: 'projector' }), {
        batchSize: config.projectionBatchSize,
      }),
  );
  c.bind<PostgresInhoudsindex>(TYPES.Inhoudsindex).toDynamicValue((ctx) => new PostgresInhoudsindex(ctx.get(TYPES.Pool)));
  c.bind<RegelingService>(TYPES.RegelingService).toDynamicValue(
    (ctx) => new RegelingService(ctx.get(TYPES.EventStore), ctx.get(TYPES.Inhoudsindex), postgisGeometrieControle(ctx.get(TYPES.Pool))),
  );
  c.bind<BestemmingsplanService>(TYPES.BestemmingsplanService).toDynamicValue(
    (ctx) => new BestemmingsplanService(ctx.get(TYPES.EventStore), postgisPlanControle(ctx.get(TYPES.Pool))),
  );
  c.bind<LeveringImport>(TYPES.LeveringImport).toDynamicValue(
    (ctx) => new LeveringImport(ctx.get(TYPES.RegelingService), new AmbtsgebiedService(ctx.get(TYPES.EventStore)), ctx.get(TYPES.Inhoudsindex)),
  );
  // Read DMN models by regelbestand and version, shared by the check and the toepasbare-regels API.
  c.bind<DmnModellen>(TYPES.DmnModellen).toDynamicValue(() => new DmnModellen(leesDmn));
  c.bind<TileVersion>(TYPES.TileVersion).toDynamicValue((ctx) => new TileVersion(ctx.get(TYPES.Pool), logger));
  // The tiles role serves only these (and health); the api role and a single process serve all.
  c.bind<readonly HttpFeature[]>(TYPES.TileFeatures).toDynamicValue((ctx) => [
    tilesFeature(ctx.get(TYPES.Pool), ctx.get(TYPES.TileVersion), { cacheBytes: config.tileCacheBytes }),
    eventsFeature(ctx.get(TYPES.TileVersion)),
  ]);
  c.bind<readonly HttpFeature[]>(TYPES.HttpFeatures).toDynamicValue((ctx) => [
    healthFeature(ctx.get(TYPES.Pool), ctx.get(TYPES.ProjectionRunner)),
    presenterenFeature(ctx.get(TYPES.Pool)),
    ogcFeaturesFeature(ctx.get(TYPES.Pool)),
    ruimtelijkePlannenFeature(ctx.get(TYPES.Pool)),
    plaatsenFeature(ctx.get(TYPES.Pool)),
    toepasbareRegelsFeature(ctx.get(TYPES.Pool), ctx.get(TYPES.DmnModellen)),
    werkzaamhedenFeature(ctx.get(TYPES.Pool)),
    vergunningcheckFeature(
      ctx.get(TYPES.Pool),
      new VergunningcheckService(ctx.get(TYPES.EventStore), postgresCheckBronnen(ctx.get(TYPES.Pool), ctx.get(TYPES.DmnModellen)), () => randomUUID(), ctx.get(TYPES.Clock)),
    ),
    bevoegdGezagFeature(
      {
        regelingen: ctx.get(TYPES.RegelingService),
        plannen: ctx.get(TYPES.BestemmingsplanService),
        leveringen: ctx.get(TYPES.LeveringImport),
        opslag: { pool: ctx.get(TYPES.Pool), index: ctx.get(TYPES.Inhoudsindex) },
        regelbestanden: new RegelbestandService(ctx.get(TYPES.EventStore), leesDmn),
      },
      config.bevoegdGezagTokens,
      config.publicationLimitBytes,
    ),
    ...ctx.get<readonly HttpFeature[]>(TYPES.TileFeatures),
    // Last: its pages answer every other path a browser asks for.
    viewerFeature(viewer),
  ]);
  c.bind<express.Express>(TYPES.HttpApp).toDynamicValue((ctx) =>
    createApp({ logger, bodyLimitBytes: config.bodyLimitBytes, version: productVersion, features: ctx.get(TYPES.HttpFeatures), externeBronnen: externeBronnen(viewer) }),
  );
  c.bind<express.Express>(TYPES.TilesApp).toDynamicValue((ctx) =>
    createApp({
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      version: productVersion,
      features: [healthFeature(ctx.get(TYPES.Pool), ctx.get(TYPES.ProjectionRunner)), ...ctx.get<readonly HttpFeature[]>(TYPES.TileFeatures)],
    }),
  );
  return c;
}

/**
 * A store that records events at a given moment: for deliveries received "then" (STOP
 * ConsolidatieInformatie at its gemaaktOp, demo steps on their publication date).
 */
export function storeOp(c: Container): (moment: Date) => EventStore {
  const pool = c.get<pg.Pool>(TYPES.Pool);
  const databaseUrl = c.get<string>(TYPES.DatabaseUrl);
  return (moment) => new PostgresEventStore(pool, { databaseUrl, clock: () => moment });
}

/** What the demo loader needs: the pool, the store, and stores that record at a past moment. */
export function demoDeps(c: Container, logger: Logger): DemoDeps {
  return { pool: c.get<pg.Pool>(TYPES.Pool), store: c.get<EventStore>(TYPES.EventStore), log: logger, storeOp: storeOp(c) };
}
