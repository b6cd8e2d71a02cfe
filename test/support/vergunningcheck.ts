import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WerkzaamhedenService } from '../../application/catalogus/werkzaamheden-service.ts';
import { RegelingService } from '../../application/omgevingsdocumenten/regeling-service.ts';
import type { RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import { PostgresInhoudsindex } from '../../infrastructure/omgevingsdocumenten/postgres-inhoudsindex.ts';
import { projectRoot } from '../../infrastructure/paths.ts';
import type { TestApp } from './app.ts';
import { PROVINCIE, provincieVaststelling, utrechtVaststelling, vierkant } from './regelingen.ts';

/**
 * Data for the Vergunningcheck tests: the Utrecht and provincie fixtures, Veenendaal's
 * gemeentegrens (the dakkapel's geo question refers to it), the real dakkapel of Amsterdam's
 * vergunningcheck delivered by the gemeente (DMN 1.2) and, as a second bevoegd gezag asking the
 * same questions, by the provincie (DMN 1.1), the gemeente's maatregelen and
 * indieningsvereisten, and two werkzaamheden. All projected.
 */
export const CHECK_TOKENS = { gm0344: 'utrecht-token-0123456789abc', pv26: 'provincie-token-0123456789' };
export const checkEnv = { BEVOEGD_GEZAG_TOKENS: Object.entries(CHECK_TOKENS).map(([c, t]) => `${c}:${t}`).join(',') };
/** In the Utrecht park: the dakkapel regel of the gemeente and the provincie's stiltegebied. */
export const PARK = [138100, 456100];
const dmn = (versie: string, naam: string) => readFileSync(join(projectRoot, '..', 'shared', 'data', 'amsterdam-vergunningcheck', versie, `${naam}.dmn`), 'utf8');
const door = (bevoegdGezag: string, commandId: string) => ({ bevoegdGezag, actor: `${bevoegdGezag}:test`, commandId });

async function lever(app: TestApp, code: keyof typeof CHECK_TOKENS, activiteit: string, soort: string, body: string) {
  const res = await fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/toepasbare-regels?${new URLSearchParams({ activiteit, soort, geldigVanaf: '2024-01-01' })}`, {
    method: 'POST',
    headers: { 'content-type': 'application/dmn+xml', authorization: `Bearer ${CHECK_TOKENS[code]}` },
    body,
  });
  if (res.status !== 201) throw new Error(`${activiteit} ${soort}: ${res.status} ${await res.text()}`);
}

export async function metCheckgegevens(app: TestApp): Promise<void> {
  const regelingen = new RegelingService(app.store, new PostgresInhoudsindex(app.db.pool));
  await regelingen.handel('/akn/nl/act/gm0344/2024/omgevingsplan', utrechtVaststelling(), door('gm0344', 'u1'));
  await regelingen.handel(PROVINCIE, { type: 'PubliceerBesluit', data: provincieVaststelling() } as RegelingCommand, door('pv26', 'p1'));
  const VEENENDAAL = '/akn/nl/act/gm0345/2024/omgevingsplan';
  await regelingen.handel(
    VEENENDAAL,
    utrechtVaststelling({
      citeertitel: 'Omgevingsplan Veenendaal',
      doel: 'instelling-veenendaal',
      instrumentversie: `${VEENENDAAL}/nld@2024-01-10;1`,
      mutatie: {
        plaats: {
          regelteksten: [{ wId: 'gm0345_art_1', soort: 'artikel', nummer: '1', tekst: 'Binnen de gemeentegrens gelden deze regels.' }],
          locaties: [{ identificatie: 'nl.imow-gm0345.gebied.gemeentegrens', type: 'Gebied', geometrie: vierkant(130000, 450000, 20000) }],
          juridischeRegels: [{ identificatie: 'nl.imow-gm0345.juridischeregel.art1', type: 'RegelVoorIedereen', regeltekst: 'gm0345_art_1', locaties: ['nl.imow-gm0345.gebied.gemeentegrens'] }],
        },
      },
    }),
    door('gm0345', 'v1'),
  );
  await lever(app, 'gm0344', 'nl.imow-gm0344.activiteit.dakkapel', 'conclusie', dmn('DMN1.2', 'ConclusieBouwenDakkapel'));
  await lever(app, 'pv26', 'nl.imow-pv26.activiteit.geluid', 'conclusie', dmn('DMN1.1', 'ConclusieBouwenDakkapel'));
  await lever(app, 'gm0344', 'nl.imow-gm0344.activiteit.dakkapel', 'maatregelen', dmn('DMN1.2', 'MaatregelenOpslaanOlieproducten'));
  await lever(app, 'gm0344', 'nl.imow-gm0344.activiteit.dakkapel', 'indieningsvereisten', dmn('DMN1.2', 'IndieningsvereistenVergunningEvenementOrganiseren'));
  const catalogus = new WerkzaamhedenService(app.store);
  await catalogus.handel({ type: 'StelWerkzaamheidVast', data: { id: 'dakkapel-plaatsen', naam: 'Dakkapel plaatsen', zoektermen: ['dakraam'], activiteiten: ['dakkapel plaatsen', 'geluid maken in stiltegebied'] } }, { actor: 'beheerder:test', commandId: 'w1' });
  await catalogus.handel({ type: 'StelWerkzaamheidVast', data: { id: 'boom-kappen', naam: 'Boom kappen', zoektermen: [], activiteiten: ['boom kappen'] } }, { actor: 'beheerder:test', commandId: 'w2' });
  for (const p of ['omgevingsdocumenten', 'toepasbare-regels', 'werkzaamheden']) await app.runner.catchUp(app.runner.find(p)!);
}
