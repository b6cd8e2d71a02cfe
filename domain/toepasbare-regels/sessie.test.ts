import test from 'ava';
import { vraagbeschrijving, type DmnModel } from './model.ts';
import { SessieFout, beantwoordVraag, beginSessie, evolveSessie, type Sessieboom, type SessieEvent } from './sessie.ts';
import { VraagFout, vraagsleutel } from './vragenboom.ts';

const model: DmnModel = {
  id: 'm',
  naam: 'Model',
  namespace: 'urn:test',
  dmnVersie: '1.3',
  regelgroepen: [],
  uitvoeringsregels: {
    U1: { id: 'U1', vraag: { gegevensType: 'boolean', tekst: 'Is het pand een monument?' }, toelichting: 'Rijks-, provinciaal of gemeentelijk.' },
    U2: { id: 'U2', bijlage: { type: 'Plattegrond' } },
    U3: { id: 'U3', geoVerwijzing: { locatie: 'nl.imow-gm0344.gebied.centrum', vraag: 'Ligt het pand in het centrum?' } },
  },
  invoer: {
    I1: { id: 'I1', naam: 'Monument', typeRef: 'boolean', uitvoeringsregel: 'U1' },
    I2: { id: 'I2', naam: 'Plattegrond', uitvoeringsregel: 'U2' },
    I3: { id: 'I3', naam: 'Centrum', uitvoeringsregel: 'U3' },
    I4: { id: 'I4', naam: 'Hoogte', typeRef: 'number' },
  },
  beslissingen: {},
  maatregelen: [],
};
const boom = (werkzaamheid: Record<string, unknown>, soort: Sessieboom['soort'] = 'conclusie') => ({
  id: `gm0344/nl.imow-gm0344.activiteit.bouwen/${soort}`,
  bevoegdGezag: 'gm0344',
  activiteit: 'nl.imow-gm0344.activiteit.bouwen',
  activiteitNaam: 'bouwen',
  soort,
  versie: 1,
  regels: [],
  ...werkzaamheid,
});
const gestart = (bomen: unknown[]): SessieEvent => ({
  type: 'CheckGestart',
  data: { sessieId: 's1', locatie: { type: 'Point', coordinates: [0, 0] }, werkzaamheden: [], datum: '2025-01-01', bekendOp: '2025-01-01T10:00:00Z', bomen: bomen as Sessieboom[], ligging: {}, voorIngevuld: {} },
});

test('a question says the same wherever it is shown: its text, type, options and bijlage', (t) => {
  t.deepEqual(vraagbeschrijving(model, 'I1'), { tekst: 'Is het pand een monument?', type: 'boolean', toelichting: 'Rijks-, provinciaal of gemeentelijk.' });
  t.deepEqual(vraagbeschrijving(model, 'I2'), { tekst: 'Bijlage: Plattegrond', type: 'boolean', bijlage: 'Plattegrond' });
  t.deepEqual(vraagbeschrijving(model, 'I3'), { tekst: 'Ligt het pand in het centrum?', type: 'boolean' });
  t.deepEqual(vraagbeschrijving(model, 'I4'), { tekst: 'Hoogte', type: 'number' });
});

test('one tree per regelbestand with its werkzaamheden; a check started with a tree per werkzaamheid is read the same way', (t) => {
  const nu = evolveSessie(beginSessie(), gestart([boom({ werkzaamheden: ['dakkapel-plaatsen', 'aanbouw-bouwen'] })]));
  t.deepEqual(nu.gestart?.bomen.map((b) => [b.id, b.werkzaamheden]), [['gm0344/nl.imow-gm0344.activiteit.bouwen/conclusie', ['dakkapel-plaatsen', 'aanbouw-bouwen']]]);
  const oud = evolveSessie(beginSessie(), gestart([boom({ werkzaamheid: 'dakkapel-plaatsen' }), boom({ werkzaamheid: 'dakkapel-plaatsen' }, 'maatregelen'), boom({ werkzaamheid: 'aanbouw-bouwen' })]));
  t.deepEqual(oud.gestart?.bomen, [
    { ...boom({}), werkzaamheden: ['dakkapel-plaatsen', 'aanbouw-bouwen'] },
    { ...boom({}, 'maatregelen'), werkzaamheden: ['dakkapel-plaatsen'] },
  ]);
});

test('an answer is checked against the trees that ask it; then it is the answer, and a later one replaces it', (t) => {
  const bomen = [{ id: 'gm0344/bouwen/conclusie', model }];
  const sleutel = vraagsleutel(model, 'I1');
  const s = evolveSessie(beginSessie(), gestart([boom({ werkzaamheden: ['aanbouw-bouwen'] })]));
  const events = beantwoordVraag(s, bomen, sleutel, true);
  t.deepEqual(events, [{ type: 'VraagBeantwoord', data: { sleutel, antwoord: true } }]);
  const na = events.reduce(evolveSessie, s);
  t.deepEqual(na.antwoorden, { [sleutel]: true });
  t.deepEqual(beantwoordVraag(na, bomen, sleutel, false).reduce(evolveSessie, na).antwoorden, { [sleutel]: false });
  t.throws(() => beantwoordVraag(s, bomen, sleutel, 'ja'), { message: /is ja of nee/ });
  t.throws(() => beantwoordVraag(s, bomen, 'boolean:heeft het pand een kelder', true), { instanceOf: VraagFout });
  t.throws(() => beantwoordVraag(beginSessie(), bomen, sleutel, true), { instanceOf: SessieFout });
});
