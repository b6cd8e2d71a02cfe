/**
 * `npm run import -- <file|folder> …`: imports real deliveries into the configured database.
 * IMRO2012 bestemmingsplannen (a FeatureCollectionIMRO .gml, or a folder of them) are read,
 * checked and stored as events; the projector (npm start) then makes them visible. A file
 * with errors is reported with element and id, and nothing of it is stored.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BestemmingsplanService } from '../../application/ruimtelijke-plannen/bestemmingsplan-service.ts';
import { PlanFout } from '../../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import { boot } from '../boot.ts';
import { TYPES } from '../container.ts';
import { ImroError } from '../imro/imro-plan.ts';
import { leesImroBestand } from '../imro/imro-bestand.ts';
import { progressBar } from './progress.ts';

const paden = process.argv.slice(2).filter((a) => a !== '--');
if (paden.length === 0) {
  process.stderr.write('Gebruik: npm run import -- <bestand.gml | map> …\n');
  process.exit(2);
}

/** Every file to import: the paths given, folders opened one level, in name order. */
async function bestanden(): Promise<string[]> {
  const uit: string[] = [];
  for (const pad of paden) {
    const s = await stat(pad).catch(() => undefined);
    if (!s) throw new Error(`${pad} bestaat niet`);
    if (s.isDirectory()) uit.push(...(await readdir(pad)).filter((n) => /\.(gml|xml)$/i.test(n)).sort().map((n) => join(pad, n)));
    else uit.push(pad);
  }
  return uit;
}

const { logger, container, config, close } = await boot('import');
const service = container.get<BestemmingsplanService>(TYPES.BestemmingsplanService);
const begin = Date.now();
const perType: Record<string, number> = {};
let nieuw = 0;
let ongewijzigd = 0;
let fout = 0;
try {
  const lijst = await bestanden();
  const voortgang = progressBar('import', lijst.length);
  for (const [i, bestand] of lijst.entries()) {
    try {
      const plan = await leesImroBestand(bestand, config.publicationLimitBytes);
      const afhandeling = await service.importeer(plan, { actor: 'beheerder:import' });
      if (afhandeling.nieuw) {
        nieuw++;
        perType.Bestemmingsplangebied = (perType.Bestemmingsplangebied ?? 0) + 1;
        for (const o of plan.objecten) perType[o.type] = (perType[o.type] ?? 0) + 1;
      } else ongewijzigd++;
      logger.info({ bestand, plan: plan.identificatie, nieuw: afhandeling.nieuw, events: afhandeling.events.length }, afhandeling.nieuw ? 'plan opgeslagen' : 'plan ongewijzigd: niets opgeslagen');
    } catch (error) {
      if (!(error instanceof ImroError || error instanceof PlanFout)) throw error;
      fout++;
      const fouten = error instanceof ImroError ? error.fouten.map((f) => `${f.element} ${f.id}: ${f.reden}`) : error.fouten.map((f) => `${f.element} ${f.identificatie}: ${f.reden}`);
      logger.error({ bestand, fouten: fouten.slice(0, 100), aantal: fouten.length }, `${bestand}: niets opgeslagen. ${error.message}`);
      process.stderr.write(`\n${bestand}: niets opgeslagen.\n${fouten.slice(0, 20).map((f) => `  - ${f}`).join('\n')}\n`);
    }
    voortgang.update(i + 1);
  }
  voortgang.done(lijst.length);
  logger.info({ nieuw, ongewijzigd, fout, objecten: perType, seconden: (Date.now() - begin) / 1000 }, 'import klaar');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.stderr.write(`${(error as Error).message}\n`);
  fout++;
} finally {
  await close();
}
process.exit(fout > 0 ? 1 : 0);
