/**
 * `npm run import -- <zip|folder|gml> … [--juridisch-werkend-vanaf jjjj-mm-dd] [--geldig-vanaf jjjj-mm-dd]`:
 * imports real deliveries into the configured database, through the same commands as the
 * write API:
 *  - a STOP/TPOD delivery as LVBB packages it: a zip with pakbon.xml, or that zip unpacked in a
 *    folder (in force from the dates given, else from its gemaaktOp);
 *  - STOP ConsolidatieInformatie: a folder of `*Consolidatie-informatie.xml`, read in file-name
 *    order as successive deliveries, each received at its gemaaktOp (time events only);
 *  - IMRO2012 bestemmingsplannen: a FeatureCollectionIMRO .gml, or a folder of them.
 * A delivery with errors is reported with file, element and id, and nothing of it is stored.
 * The projector (npm start) then makes what was stored visible.
 */
import type pg from 'pg';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LeveringError, type LeveringImport } from '../../application/omgevingsdocumenten/levering-import.ts';
import type { BestemmingsplanService } from '../../application/ruimtelijke-plannen/bestemmingsplan-service.ts';
import { RegelingFout } from '../../domain/omgevingsdocumenten/decide.ts';
import { PlanFout } from '../../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import { boot } from '../boot.ts';
import { TYPES, storeOp } from '../container.ts';
import { importeerConsolidatie, regelingenMetDoelIn } from '../../application/omgevingsdocumenten/consolidatie-import.ts';
import type { EventStore } from '../../application/ports/event-store.ts';
import { RegelingService } from '../../application/omgevingsdocumenten/regeling-service.ts';
import { StopXmlError, leesConsolidatieInformatie } from '../stop/consolidatie-informatie.ts';
import { ImroError } from '../imro/imro-plan.ts';
import { leesImroBestand } from '../imro/imro-bestand.ts';
import { BronFout, mapBron, zipBron, type Leveringsbron } from '../stop/bron.ts';
import { leesStopLevering, leveringstijd, type StopLevering } from '../stop/levering.ts';
import type { PostgresInhoudsindex } from '../omgevingsdocumenten/postgres-inhoudsindex.ts';
import { echteDatum } from '../http/tijdreis.ts';
import { progressBar } from './progress.ts';

const args = process.argv.slice(2).filter((a) => a !== '--');
const optie = (naam: string) => {
  const i = args.indexOf(naam);
  if (i < 0) return undefined;
  const [, waarde] = args.splice(i, 2);
  if (!waarde || !echteDatum(waarde)) {
    process.stderr.write(`${naam} verwacht een datum (jjjj-mm-dd)\n`);
    process.exit(2);
  }
  return waarde;
};
const tijd = { juridischWerkendVanaf: optie('--juridisch-werkend-vanaf'), geldigVanaf: optie('--geldig-vanaf') };
if (args.length === 0) {
  process.stderr.write('Gebruik: npm run import -- <levering.zip | map | plan.gml> … [--juridisch-werkend-vanaf jjjj-mm-dd] [--geldig-vanaf jjjj-mm-dd]\n');
  process.exit(2);
}

type Taak = { soort: 'stop-zip' | 'stop-map' | 'consolidatie' | 'imro'; pad: string };
const CONSOLIDATIE = /Consolidatie-informatie\.xml$/i;

/** What each path is: a STOP delivery (zip, or folder with pakbon.xml) or IMRO files. */
async function taken(): Promise<Taak[]> {
  const uit: Taak[] = [];
  for (const pad of args) {
    const s = await stat(pad).catch(() => undefined);
    if (!s) throw new Error(`${pad} bestaat niet`);
    if (s.isDirectory()) {
      const namen = (await readdir(pad)).sort();
      if (existsSync(join(pad, 'pakbon.xml'))) uit.push({ soort: 'stop-map', pad });
      else if (namen.some((n) => CONSOLIDATIE.test(n))) uit.push(...namen.filter((n) => CONSOLIDATIE.test(n)).map((n) => ({ soort: 'consolidatie' as const, pad: join(pad, n) })));
      else uit.push(...(await readdir(pad)).filter((n) => /\.(gml|xml)$/i.test(n)).sort().map((n) => ({ soort: 'imro' as const, pad: join(pad, n) })));
    } else uit.push({ soort: /\.zip$/i.test(pad) ? 'stop-zip' : CONSOLIDATIE.test(pad) ? 'consolidatie' : 'imro', pad });
  }
  return uit;
}

const { logger, container, config, close } = await boot('import');
// Diagnosis (the import bench): with --expose-gc and IMPORT_HEAP_SAMPLE_MS, the heap still in use
// after a full collection is sampled, and its peak reported in the summary.
const gc = (globalThis as { gc?: () => void }).gc;
let piekHeap = 0;
const heapMeter = gc && process.env.IMPORT_HEAP_SAMPLE_MS
  ? setInterval(() => {
      gc();
      piekHeap = Math.max(piekHeap, process.memoryUsage().heapUsed);
    }, Number(process.env.IMPORT_HEAP_SAMPLE_MS))
  : undefined;
const storeOpMoment = storeOp(container);
const plannen = container.get<BestemmingsplanService>(TYPES.BestemmingsplanService);
const leveringen = container.get<LeveringImport>(TYPES.LeveringImport);
const index = container.get<PostgresInhoudsindex>(TYPES.Inhoudsindex);
const opslag = { pool: container.get<pg.Pool>(TYPES.Pool), index };
// Sets left by an import that was stopped halfway belong to no version.
await index.ruimOp();
// A TerugtrekkingTijdstempel names only a doel: this finds its regeling (one reading for the whole folder).
const regelingenMetDoel = regelingenMetDoelIn(container.get<EventStore>(TYPES.EventStore));
const begin = Date.now();
const perType: Record<string, number> = {};
const uitkomst: Record<string, number> = {};
let fout = 0;
const meld = (pad: string, regels: string[], message: string) => {
  fout++;
  logger.error({ bestand: pad, fouten: regels.slice(0, 100), aantal: regels.length }, `${pad}: niets opgeslagen. ${message}`);
  process.stderr.write(`\n${pad}: niets opgeslagen.\n${regels.slice(0, 20).map((f) => `  - ${f}`).join('\n')}${regels.length > 20 ? `\n  … en ${regels.length - 20} meer` : ''}\n`);
};

async function stop(taak: Taak) {
  let bron: Leveringsbron | undefined;
  let levering: StopLevering | undefined;
  try {
    bron = taak.soort === 'stop-zip' ? await zipBron(taak.pad, taak.pad, config.publicationLimitBytes) : await mapBron(taak.pad, config.publicationLimitBytes);
    levering = await leesStopLevering(bron, opslag);
    const { soort, events } = await leveringen.importeer(levering, leveringstijd(levering, tijd), { actor: 'beheerder:import' });
    uitkomst[soort] = (uitkomst[soort] ?? 0) + 1;
    if (soort !== 'ongewijzigd') for (const [type, n] of Object.entries(levering.telling)) perType[type] = (perType[type] ?? 0) + n;
    logger.info({ bestand: taak.pad, regeling: levering.regelingId, instrumentversie: levering.instrumentversie, soort, events: events.length, objecten: levering.telling, nietBewaard: levering.nietBewaard }, `levering: ${soort}`);
  } catch (error) {
    if (error instanceof LeveringError) meld(taak.pad, error.fouten.map((f) => `${f.bestand} ${f.element} ${f.id}: ${f.reden}`), error.message);
    else if (error instanceof BronFout) meld(taak.pad, [`${error.bestand}: ${error.message}`], error.message);
    else if (error instanceof RegelingFout) meld(taak.pad, [error.message, ...error.inhoudsfouten.map((f) => `${f.soort} ${f.identificatie}: ${f.reden}`)], error.message);
    else throw error;
  } finally {
    await levering?.sluit();
    await bron?.close();
  }
}

async function consolidatie(taak: Taak) {
  try {
    const levering = leesConsolidatieInformatie(await readFile(taak.pad, 'utf8'));
    // Received at its gemaaktOp, as the STOP simulator has it: the toestanden are then STOP's own.
    const regelingen = new RegelingService(storeOpMoment(new Date(levering.ontvangenOp)), index);
    const uit = await importeerConsolidatie(levering, regelingen, { actor: 'beheerder:import' }, regelingenMetDoel);
    const soort = uit.events.length > 0 ? 'consolidatie' : 'ongewijzigd';
    uitkomst[soort] = (uitkomst[soort] ?? 0) + 1;
    logger.info({ bestand: taak.pad, gemaaktOp: levering.gemaaktOp, regelingen: uit.regelingen, informatieobjecten: uit.informatieobjecten, events: uit.events.length }, `consolidatie-informatie: ${soort}`);
  } catch (error) {
    if (error instanceof StopXmlError || error instanceof RegelingFout) meld(taak.pad, [error.message], error.message);
    else throw error;
  }
}

async function imro(taak: Taak) {
  try {
    const plan = await leesImroBestand(taak.pad, config.publicationLimitBytes);
    const afhandeling = await plannen.importeer(plan, { actor: 'beheerder:import' });
    const soort = afhandeling.nieuw ? 'bestemmingsplan' : 'ongewijzigd';
    uitkomst[soort] = (uitkomst[soort] ?? 0) + 1;
    if (afhandeling.nieuw) {
      perType.Bestemmingsplangebied = (perType.Bestemmingsplangebied ?? 0) + 1;
      for (const o of plan.objecten) perType[o.type] = (perType[o.type] ?? 0) + 1;
    }
    logger.info({ bestand: taak.pad, plan: plan.identificatie, nieuw: afhandeling.nieuw, events: afhandeling.events.length }, afhandeling.nieuw ? 'plan opgeslagen' : 'plan ongewijzigd: niets opgeslagen');
  } catch (error) {
    if (error instanceof ImroError) meld(taak.pad, error.fouten.map((f) => `${f.element} ${f.id}: ${f.reden}`), error.message);
    else if (error instanceof PlanFout) meld(taak.pad, error.fouten.map((f) => `${f.element} ${f.identificatie}: ${f.reden}`), error.message);
    else throw error;
  }
}

try {
  const lijst = await taken();
  const voortgang = progressBar('import', lijst.length);
  for (const [i, taak] of lijst.entries()) {
    await (taak.soort === 'imro' ? imro(taak) : taak.soort === 'consolidatie' ? consolidatie(taak) : stop(taak));
    voortgang.update(i + 1);
  }
  voortgang.done(lijst.length);
  clearInterval(heapMeter);
  logger.info({ ...uitkomst, fout, objecten: perType, seconden: (Date.now() - begin) / 1000, ...(heapMeter ? { piekHeapMb: Math.round(piekHeap / 1e6) } : {}) }, 'import klaar');
} catch (error) {
  logger.error({ err: error }, (error as Error).message);
  process.stderr.write(`${(error as Error).message}\n`);
  fout++;
} finally {
  await close();
}
process.exit(fout > 0 ? 1 : 0);
