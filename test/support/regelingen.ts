import type { RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import type { Mutatie } from '../../domain/omgevingsdocumenten/inhoud.ts';

/** Test fixtures: a small Utrecht omgevingsplan with two areas, a groep and a dakkapel rule. */
export const UTRECHT = '/akn/nl/act/gm0344/2024/omgevingsplan';

export const vierkant = (x: number, y: number, d = 100) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});

export const utrechtInhoud: Mutatie = {
  plaats: {
    regelteksten: [
      { wId: 'gm0344_1__art_1', soort: 'artikel', nummer: '1', opschrift: 'Bouwen', tekst: 'Het is verboden zonder omgevingsvergunning een dakkapel te plaatsen.' },
      { wId: 'gm0344_1__art_2', soort: 'artikel', nummer: '2', opschrift: 'Kappen', tekst: 'Het is verboden een boom te kappen.' },
    ],
    locaties: [
      { identificatie: 'nl.imow-gm0344.gebied.centrum', type: 'Gebied', noemer: 'Centrum', geometrie: vierkant(136000, 455000, 1000) },
      { identificatie: 'nl.imow-gm0344.gebied.park', type: 'Gebied', noemer: 'Park', geometrie: vierkant(138000, 456000, 500) },
      { identificatie: 'nl.imow-gm0344.gebiedengroep.alles', type: 'Gebiedengroep', groepselementen: ['nl.imow-gm0344.gebied.centrum', 'nl.imow-gm0344.gebied.park'] },
    ],
    activiteiten: [
      { identificatie: 'nl.imow-gm0344.activiteit.bouwen', naam: 'bouwen', groep: 'bouwactiviteit' },
      { identificatie: 'nl.imow-gm0344.activiteit.dakkapel', naam: 'dakkapel plaatsen', groep: 'bouwactiviteit', bovenliggendeActiviteit: 'nl.imow-gm0344.activiteit.bouwen' },
      { identificatie: 'nl.imow-gm0344.activiteit.kappen', naam: 'boom kappen', groep: 'kapactiviteit' },
    ],
    gebiedsaanwijzingen: [{ identificatie: 'nl.imow-gm0344.gebiedsaanwijzing.wonen', type: 'Functie', naam: 'wonen', groep: 'wonen', locaties: ['nl.imow-gm0344.gebied.centrum'] }],
    juridischeRegels: [
      {
        identificatie: 'nl.imow-gm0344.juridischeregel.art1',
        type: 'RegelVoorIedereen',
        regeltekst: 'gm0344_1__art_1',
        locaties: ['nl.imow-gm0344.gebiedengroep.alles'],
        activiteiten: [{ activiteit: 'nl.imow-gm0344.activiteit.dakkapel', kwalificatie: 'vergunningplicht' }],
        gebiedsaanwijzingen: ['nl.imow-gm0344.gebiedsaanwijzing.wonen'],
        themas: ['bouwen'],
      },
      {
        identificatie: 'nl.imow-gm0344.juridischeregel.art2',
        type: 'RegelVoorIedereen',
        regeltekst: 'gm0344_1__art_2',
        locaties: ['nl.imow-gm0344.gebied.park'],
        activiteiten: [{ activiteit: 'nl.imow-gm0344.activiteit.kappen', kwalificatie: 'verbod' }],
      },
    ],
  },
};

export const utrechtVaststelling = (data: Partial<Extract<RegelingCommand, { type: 'PubliceerBesluit' }>['data']> = {}): RegelingCommand => ({
  type: 'PubliceerBesluit',
  data: {
    documenttype: 'omgevingsplan',
    citeertitel: 'Omgevingsplan gemeente Utrecht',
    doel: '/join/id/proces/gm0344/2024/instelling',
    instrumentversie: `${UTRECHT}/nld@2024-01-10;1`,
    bekendOp: '2024-01-10',
    juridischWerkendVanaf: '2024-02-01',
    mutatie: utrechtInhoud,
    ...data,
  },
});
