/**
 * The demo catalogue of werkzaamheden (`werkzaamheden.json`), each mapped to activiteit names
 * that the demo regelingen use (and the names real DSO regelingen use for the same thing).
 * Safe to run at every start: what is in the catalogue already stores nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WerkzaamhedenService } from '../../application/catalogus/werkzaamheden-service.ts';
import type { Werkzaamheidinhoud } from '../../domain/catalogus/werkzaamheid.ts';
import type { Logger } from '../logger.ts';

const ACTOR = 'system:demo';

type Demowerkzaamheid = { id: string } & Werkzaamheidinhoud;

export const demoWerkzaamheden = (): Demowerkzaamheid[] => JSON.parse(readFileSync(new URL('./werkzaamheden.json', import.meta.url), 'utf8')) as Demowerkzaamheid[];

const inhoudHash = (w: Werkzaamheidinhoud) =>
  createHash('sha256').update(JSON.stringify([w.naam, w.omschrijving ?? null, w.zoektermen, w.activiteiten])).digest('hex').slice(0, 16);

/** Stores every werkzaamheid of the demo file; returns how many there are and how many were stored now. */
export async function laadWerkzaamheden(service: WerkzaamhedenService, log?: Logger): Promise<{ werkzaamheden: number; nieuw: number }> {
  const lijst = demoWerkzaamheden();
  let nieuw = 0;
  for (const { id, ...inhoud } of lijst) {
    const hash = inhoudHash(inhoud);
    const { state } = await service.laad(id);
    // Withdrawn since (by a beheerder) with this very content: it stays out until the file changes it.
    if (state.ingetrokken && state.inhoud && inhoudHash(state.inhoud) === hash) continue;
    // The version it would make is part of the id, so going back to an earlier content is a
    // new command (not "handled before"); the same content again stores nothing by itself.
    const afhandeling = await service.handel({ type: 'StelWerkzaamheidVast', data: { id, ...inhoud } }, { actor: ACTOR, commandId: `demo:werkzaamheid:${id}:${hash}:v${state.versie + 1}` });
    if (afhandeling.nieuw) nieuw++;
  }
  log?.info({ werkzaamheden: lijst.length, nieuw }, 'demo: werkzaamheden vastgesteld');
  return { werkzaamheden: lijst.length, nieuw };
}
