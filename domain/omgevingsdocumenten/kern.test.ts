import test from 'ava';
import { kleineInhoud, vierkant } from '../../test/support/regelingen.ts';
import type { Locatie } from './inhoud.ts';
import { Delen, MAX_DEEL_BYTES, digest, kernVan, kernVanInhoud, pasToe } from './kern.ts';

const vlak = vierkant(130000, 400000, 10);

test('a digest ignores the order of keys (jsonb reorders them) and undefined properties, not values or array order', (t) => {
  t.is(digest({ a: 1, b: { c: [1, 2], d: 'x' } }), digest({ b: { d: 'x', c: [1, 2] }, a: 1 }));
  t.is(digest({ a: 1, b: undefined }), digest({ a: 1 }));
  t.not(digest({ a: [1, 2] }), digest({ a: [2, 1] }));
  t.not(digest({ a: 1 }), digest({ a: '1' }));
  t.not(digest([1]), digest({ 0: 1 }));
  t.not(digest({ a: 130000.5 }), digest({ a: 130000.25 }));
});

test('a kern keeps everything but geometry and text; its digest is that of the whole object, also when only the geometry digest is given', (t) => {
  const gebied: Locatie = { identificatie: 'nl.imow-gm0001.gebied.centrum', type: 'Gebied', noemer: 'centrum', geometrie: vlak };
  const kern = kernVan('locaties', gebied);
  t.deepEqual(Object.keys(kern).sort(), ['digest', 'identificatie', 'noemer', 'type']);
  const { geometrie, ...zonder } = gebied;
  t.is(kernVan('locaties', zonder, { geometrie: digest(geometrie) }).digest, kern.digest, 'a reader that holds only the digest of the GIO geometry');
  t.not(kernVan('locaties', { ...gebied, geometrie: { ...vlak, coordinates: [[[130000, 400000], [130011, 400000], [130010, 400010], [130000, 400010], [130000, 400000]]] } }).digest, kern.digest);
  t.not(kernVan('locaties', zonder).digest, kern.digest, 'a locatie without geometry is another locatie');
  t.not(kernVan('regelteksten', { wId: 'a1', soort: 'artikel', nummer: '1', tekst: 'x' }).digest, kernVan('regelteksten', { wId: 'a1', soort: 'artikel', nummer: '1', tekst: 'y' }).digest);
});

test('pasToe applies parts in order, to content and to its kern', (t) => {
  const van = kleineInhoud('oud', true);
  const naar = kleineInhoud('nieuw', false);
  naar.activiteiten['nl.imow-gm0001.activiteit.bouwen'] = { identificatie: 'nl.imow-gm0001.activiteit.bouwen', naam: 'bouwen', groep: 'bouwactiviteit' };
  naar.ponsen['nl.imow-gm0001.pons.p'] = { identificatie: 'nl.imow-gm0001.pons.p', locaties: ['nl.imow-gm0001.gebied.centrum'] };

  const m1 = { verwijder: { locaties: ['nl.imow-gm0001.gebied.park'] } };
  const m2 = { plaats: { regelteksten: [naar.regelteksten.a1!], activiteiten: Object.values(naar.activiteiten), ponsen: Object.values(naar.ponsen) } };
  t.deepEqual(pasToe(van, [m1, m2]), naar);
  t.deepEqual(pasToe(kernVanInhoud(van), [m1, { plaats: { regelteksten: [kernVan('regelteksten', naar.regelteksten.a1!)] } }]).regelteksten, kernVanInhoud(naar).regelteksten);
  t.is(van.locaties['nl.imow-gm0001.gebied.park']?.identificatie, 'nl.imow-gm0001.gebied.park', 'the input is left as it was');
});

test('Delen cuts content into parts under MAX_DEEL_BYTES, objects whole and in order', (t) => {
  const d = new Delen();
  const delen = [];
  for (let i = 0; i < 100; i++) {
    const deel = d.voegToe('regelteksten', 'plaats', { wId: `a${i}` }, 20_000);
    if (deel) delen.push(deel);
  }
  delen.push(d.rest()!);
  // 26 objects of 20,000 bytes fit under 512 KiB: 100 objects make 4 parts.
  t.is(delen.length, 4);
  t.true(delen.every((m) => m.plaats!.regelteksten!.length * 20_000 <= MAX_DEEL_BYTES));
  t.deepEqual(delen.flatMap((m) => m.plaats!.regelteksten!.map((r) => (r as { wId: string }).wId)), Array.from({ length: 100 }, (_, i) => `a${i}`));
  t.is(new Delen().rest(), undefined);
});
