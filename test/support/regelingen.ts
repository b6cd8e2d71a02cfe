import type { RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import { legeInhoud, type Inhoud, type Mutatie } from '../../domain/omgevingsdocumenten/inhoud.ts';

/** Test fixtures: a small Utrecht omgevingsplan with two areas, a groep and a dakkapel rule. */
export const UTRECHT = '/akn/nl/act/gm0344/2024/omgevingsplan';

export const vierkant = (x: number, y: number, d = 100) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});

/** A tiny content: artikel a1 with this text, gebied centrum, and gebied park when asked. */
export function kleineInhoud(tekst: string, metPark: boolean): Inhoud {
  const i = legeInhoud();
  i.regelteksten.a1 = { wId: 'a1', soort: 'artikel', nummer: '1', tekst };
  i.locaties['nl.imow-gm0001.gebied.centrum'] = { identificatie: 'nl.imow-gm0001.gebied.centrum', type: 'Gebied', geometrie: vierkant(130000, 400000, 10) };
  if (metPark) i.locaties['nl.imow-gm0001.gebied.park'] = { identificatie: 'nl.imow-gm0001.gebied.park', type: 'Gebied', geometrie: vierkant(130000, 400000, 10) };
  return i;
}

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

/** A provincial omgevingsverordening with a stiltegebied around the Utrecht fixture. */
export const PROVINCIE = '/akn/nl/act/pv26/2024/omgevingsverordening';

export const provincieVaststelling = () => ({
  documenttype: 'omgevingsverordening',
  citeertitel: 'Omgevingsverordening provincie Utrecht',
  doel: '/join/id/proces/pv26/2024/instelling',
  instrumentversie: `${PROVINCIE}/nld@2024-01-01;1`,
  bekendOp: '2024-01-01',
  juridischWerkendVanaf: '2024-01-15',
  mutatie: {
    plaats: {
      regelteksten: [{ wId: 'pv26_1__art_3.1', soort: 'artikel', nummer: '3.1', opschrift: 'Stiltegebied', tekst: 'In een stiltegebied is het verboden toestellen te gebruiken die geluid maken.' }],
      locaties: [{ identificatie: 'nl.imow-pv26.gebied.stilte', type: 'Gebied', noemer: 'Stiltegebied', geometrie: vierkant(135000, 454000, 5000) }],
      activiteiten: [{ identificatie: 'nl.imow-pv26.activiteit.geluid', naam: 'geluid maken in stiltegebied', groep: 'milieuactiviteit' }],
      juridischeRegels: [
        { identificatie: 'nl.imow-pv26.juridischeregel.art3_1', type: 'RegelVoorIedereen', regeltekst: 'pv26_1__art_3.1', locaties: ['nl.imow-pv26.gebied.stilte'], activiteiten: [{ activiteit: 'nl.imow-pv26.activiteit.geluid', kwalificatie: 'verbod' }], themas: ['geluid'] },
      ],
    },
  },
});
