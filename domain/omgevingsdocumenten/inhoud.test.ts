import test from 'ava';
import { controleerInhoud, gelijk, legeInhoud, pasMutatieToe, verschil, type Inhoud } from './inhoud.ts';

const vlak = { type: 'Polygon' as const, coordinates: [[[130000, 400000], [130010, 400000], [130010, 400010], [130000, 400010], [130000, 400000]]] };

function inhoud(tekst: string, metPark: boolean): Inhoud {
  const i = legeInhoud();
  i.regelteksten.a1 = { wId: 'a1', soort: 'artikel', nummer: '1', tekst };
  i.locaties['nl.imow-gm0001.gebied.centrum'] = { identificatie: 'nl.imow-gm0001.gebied.centrum', type: 'Gebied', geometrie: vlak };
  if (metPark) i.locaties['nl.imow-gm0001.gebied.park'] = { identificatie: 'nl.imow-gm0001.gebied.park', type: 'Gebied', geometrie: vlak };
  return i;
}

test('verschil places what changed or is new, removes what is gone, and leaves equal objects out', (t) => {
  const van = inhoud('oud', true);
  const naar = inhoud('nieuw', false);
  naar.activiteiten['nl.imow-gm0001.activiteit.bouwen'] = { identificatie: 'nl.imow-gm0001.activiteit.bouwen', naam: 'bouwen', groep: 'bouwactiviteit' };
  const m = verschil(van, naar);
  t.deepEqual(m.plaats?.regelteksten?.map((r) => r.tekst), ['nieuw']);
  t.deepEqual(m.plaats?.activiteiten?.map((a) => a.identificatie), ['nl.imow-gm0001.activiteit.bouwen']);
  t.is(m.plaats?.locaties, undefined, 'the unchanged centrum is not placed again');
  t.deepEqual(m.verwijder, { locaties: ['nl.imow-gm0001.gebied.park'] });
  t.deepEqual(pasMutatieToe(van, m), naar);
  t.deepEqual(verschil(naar, naar), {});
});

test('a bovenliggende activiteit of another bevoegd gezag (the functionele structuur) may be absent; one of the same may not', (t) => {
  const i = legeInhoud();
  i.activiteiten['nl.imow-gm0160.activiteit.a'] = { identificatie: 'nl.imow-gm0160.activiteit.a', naam: 'a', groep: 'g', bovenliggendeActiviteit: 'nl.imow-mnre1034.activiteit.ActInOmgevingsplan' };
  i.activiteiten['nl.imow-gm0160.activiteit.b'] = { identificatie: 'nl.imow-gm0160.activiteit.b', naam: 'b', groep: 'g', bovenliggendeActiviteit: 'nl.imow-gm0160.activiteit.weg' };
  t.deepEqual(controleerInhoud(i).map((f) => f.identificatie), ['nl.imow-gm0160.activiteit.b']);
});

test('gelijk ignores the order of keys (jsonb reorders them) and undefined properties, not values or array order', (t) => {
  t.true(gelijk({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 }));
  t.true(gelijk({ a: 1, b: undefined }, { a: 1 }));
  t.false(gelijk({ a: [1, 2] }, { a: [2, 1] }));
  t.false(gelijk({ a: 1 }, { a: '1' }));
  t.false(gelijk([1], { 0: 1 }));
});
