/**
 * The demo catalogue of werkzaamheden (`werkzaamheden.json`), each mapped to activiteit names
 * that the demo regelingen use (and the names real DSO regelingen use for the same thing).
 * Safe to run at every start: the domain stores nothing for content the catalogue has already,
 * nor for content a beheerder withdrew since (`behoudIntrekking`); a changed file is a new version.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WerkzaamhedenService } from '../../application/catalogus/werkzaamheden-service.ts';
import type { Werkzaamheidinhoud } from '../../domain/catalogus/werkzaamheid.ts';
import type { Logger } from '../logger.ts';

const ACTOR = 'system:demo';

type Demowerkzaamheid = { id: string } & Werkzaamheidinhoud;

export const demoWerkzaamheden = (): Demowerkzaamheid[] => JSON.parse(readFileSync(new URL('./werkzaamheden.json', import.meta.url), 'utf8')) as Demowerkzaamheid[];

/** Stores every werkzaamheid of the demo file; returns how many there are and how many were stored now. */
export async function laadWerkzaamheden(service: WerkzaamhedenService, log?: Logger): Promise<{ werkzaamheden: number; nieuw: number }> {
  const lijst = demoWerkzaamheden();
  let nieuw = 0;
  for (const { id, ...inhoud } of lijst) {
    // Idempotent by content, not by command id: a fresh id each run, so a file that goes back to
    // an earlier content is a new command (not "handled before").
    const afhandeling = await service.handel({ type: 'StelWerkzaamheidVast', data: { id, ...inhoud, behoudIntrekking: true } }, { actor: ACTOR, commandId: `demo:werkzaamheid:${id}:${randomUUID()}` });
    if (afhandeling.nieuw) nieuw++;
  }
  log?.info({ werkzaamheden: lijst.length, nieuw }, 'demo: werkzaamheden vastgesteld');
  return { werkzaamheden: lijst.length, nieuw };
}
