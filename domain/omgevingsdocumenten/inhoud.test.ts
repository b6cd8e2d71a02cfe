import test from 'ava';
import { kleineInhoud } from '../../test/support/regelingen.ts';
import { SOORTEN, controleerInhoud, controleerObject, legeInhoud, type Inhoud, type Inhoudsfout } from './inhoud.ts';
import { pasToe } from './kern.ts';

/** Every object checked by itself, then the references of the whole: all a besluit checks. */
function fouten(i: Inhoud): Inhoudsfout[] {
  const perObject = SOORTEN.flatMap((soort) =>
    Object.entries(i[soort]).flatMap(([id, o]) => controleerObject(soort, o as Inhoud[typeof soort][string]).map((reden) => ({ soort, identificatie: id, reden }))),
  );
  return [...perObject, ...controleerInhoud(i)];
}
/** The same problems, in whatever order they are found. */
const opVolgorde = <T>(lijst: T[]) => [...lijst].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));


test('a bovenliggende activiteit of another bevoegd gezag (the functionele structuur) may be absent; one of the same may not', (t) => {
  const i = legeInhoud();
  i.activiteiten['nl.imow-gm0160.activiteit.a'] = { identificatie: 'nl.imow-gm0160.activiteit.a', naam: 'a', groep: 'g', bovenliggendeActiviteit: 'nl.imow-mnre1034.activiteit.ActInOmgevingsplan' };
  i.activiteiten['nl.imow-gm0160.activiteit.b'] = { identificatie: 'nl.imow-gm0160.activiteit.b', naam: 'b', groep: 'g', bovenliggendeActiviteit: 'nl.imow-gm0160.activiteit.weg' };
  t.deepEqual(fouten(i).map((f) => f.identificatie), ['nl.imow-gm0160.activiteit.b']);
});

/** Content with a gebied, a lijn, a groep of the gebied, a gebiedsaanwijzing, a norm and a regel on artikel a1. */
function metAnnotaties(): Inhoud {
  const i = kleineInhoud('tekst', false);
  const gebied = 'nl.imow-gm0001.gebied.centrum';
  i.locaties['nl.imow-gm0001.lijn.dijk'] = { identificatie: 'nl.imow-gm0001.lijn.dijk', type: 'Lijn', geometrie: { type: 'LineString', coordinates: [[130000, 400000], [130010, 400010]] } };
  i.locaties['nl.imow-gm0001.gebiedengroep.kern'] = { identificatie: 'nl.imow-gm0001.gebiedengroep.kern', type: 'Gebiedengroep', groepselementen: [gebied] };
  i.gebiedsaanwijzingen['nl.imow-gm0001.gebiedsaanwijzing.winkels'] = { identificatie: 'nl.imow-gm0001.gebiedsaanwijzing.winkels', type: 'Functie', naam: 'winkels', groep: 'detailhandel', locaties: [gebied] };
  i.normen['nl.imow-gm0001.omgevingsnorm.hoogte'] = { identificatie: 'nl.imow-gm0001.omgevingsnorm.hoogte', type: 'Omgevingsnorm', naam: 'bouwhoogte', groep: 'bouwhoogte', normwaarden: [{ locaties: [gebied], waarde: 10 }] };
  return i;
}

test('a pons names existing areas: a missing locatie or a lijn is refused, a groep or the ambtsgebied is fine', (t) => {
  const i = metAnnotaties();
  i.locaties['nl.imow-gm0001.ambtsgebied.1'] = { identificatie: 'nl.imow-gm0001.ambtsgebied.1', type: 'Ambtsgebied' };
  i.ponsen['nl.imow-gm0001.pons.goed'] = { identificatie: 'nl.imow-gm0001.pons.goed', locaties: ['nl.imow-gm0001.gebiedengroep.kern', 'nl.imow-gm0001.gebied.centrum', 'nl.imow-gm0001.ambtsgebied.1'] };
  t.deepEqual(fouten(i), []);
  i.ponsen['nl.imow-gm0001.pons.weg'] = { identificatie: 'nl.imow-gm0001.pons.weg', locaties: ['nl.imow-gm0001.gebied.bestaatniet'] };
  i.ponsen['nl.imow-gm0001.pons.lijn'] = { identificatie: 'nl.imow-gm0001.pons.lijn', locaties: ['nl.imow-gm0001.lijn.dijk'] };
  i.ponsen['nl.imow-gm0001.pons.leeg'] = { identificatie: 'nl.imow-gm0001.pons.leeg', locaties: [] };
  t.deepEqual(opVolgorde(fouten(i)), opVolgorde([
    { soort: 'ponsen', identificatie: 'nl.imow-gm0001.pons.weg', reden: 'locatie nl.imow-gm0001.gebied.bestaatniet bestaat niet' },
    { soort: 'ponsen', identificatie: 'nl.imow-gm0001.pons.lijn', reden: 'locatie nl.imow-gm0001.lijn.dijk is een Lijn; een pons is een gebied (Gebied, Gebiedengroep of Ambtsgebied)' },
    { soort: 'ponsen', identificatie: 'nl.imow-gm0001.pons.leeg', reden: 'een pons heeft minstens één locatie' },
  ]));
  // Removing the gebied the pons names, without the pons, leaves it dangling.
  const zonder = pasToe(metAnnotaties(), [{ plaats: { ponsen: [{ identificatie: 'nl.imow-gm0001.pons.p', locaties: ['nl.imow-gm0001.gebied.centrum'] }] }, verwijder: { locaties: ['nl.imow-gm0001.gebied.centrum'] } }]);
  t.true(fouten(zonder).some((f) => f.soort === 'ponsen' && /centrum bestaat niet/.test(f.reden)));
});

test('a kaart shows existing gebiedsaanwijzingen and normen, belongs to existing regelteksten, and has layers', (t) => {
  const goed = metAnnotaties();
  goed.kaarten['nl.imow-gm0001.kaart.1'] = {
    identificatie: 'nl.imow-gm0001.kaart.1',
    naam: 'Functies',
    nummer: '1',
    uitsnede: { minX: 129000, minY: 399000, maxX: 131000, maxY: 401000 },
    regelteksten: ['a1'],
    kaartlagen: [
      { identificatie: 'nl.imow-gm0001.kaartlaag.1', naam: 'winkels', niveau: 1, gebiedsaanwijzingen: ['nl.imow-gm0001.gebiedsaanwijzing.winkels'] },
      { identificatie: 'nl.imow-gm0001.kaartlaag.2', niveau: 2, normen: ['nl.imow-gm0001.omgevingsnorm.hoogte'], activiteitlocatieaanduidingen: ['niet.hier.gecontroleerd'] },
    ],
  };
  t.deepEqual(fouten(goed), []);

  const fout = metAnnotaties();
  fout.kaarten['nl.imow-gm0001.kaart.2'] = {
    identificatie: 'nl.imow-gm0001.kaart.2',
    naam: 'Fout',
    uitsnede: { minX: 131000, minY: 399000, maxX: 129000, maxY: 401000 },
    regelteksten: ['a9'],
    kaartlagen: [
      { identificatie: 'nl.imow-gm0001.kaartlaag.3', niveau: 0, gebiedsaanwijzingen: ['nl.imow-gm0001.gebiedsaanwijzing.weg'] },
      { identificatie: 'nl.imow-gm0001.kaartlaag.3', niveau: 1, normen: ['nl.imow-gm0001.omgevingsnorm.weg'] },
    ],
  };
  fout.kaarten['nl.imow-gm0001.kaart.3'] = { identificatie: 'nl.imow-gm0001.kaart.3', naam: 'Leeg', kaartlagen: [] };
  t.deepEqual(opVolgorde(fouten(fout).map((f) => [f.identificatie.split('.').at(-1), f.reden])), opVolgorde([
    ['2', 'de uitsnede is geen rechthoek (minX < maxX en minY < maxY, in EPSG:28992)'],
    ['2', 'regeltekst a9 bestaat niet'],
    ['2', 'kaartlaag nl.imow-gm0001.kaartlaag.3: niveau 0 is geen geheel getal vanaf 1'],
    ['2', 'kaartlaag nl.imow-gm0001.kaartlaag.3: gebiedsaanwijzing nl.imow-gm0001.gebiedsaanwijzing.weg bestaat niet'],
    ['2', 'kaartlaag nl.imow-gm0001.kaartlaag.3 komt twee keer voor'],
    ['2', 'kaartlaag nl.imow-gm0001.kaartlaag.3: omgevingsnorm of -waarde nl.imow-gm0001.omgevingsnorm.weg bestaat niet'],
    ['3', 'een kaart heeft minstens één kaartlaag'],
  ]));
});
