import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { projectRoot } from '../paths.ts';
import { ImroError, leesImroPlan } from './imro-plan.ts';

const doornboom = readFileSync(join(projectRoot, '..', 'shared', 'data', 'imro-harvester', 'NL.IMRO.0798.BPDoornboom-ON01.gml'), 'utf8');

test('the real Doornboom plan: every feature type with the counts of SOURCES.md, status, gemeente, values', (t) => {
  const plan = leesImroPlan(doornboom);
  t.like(plan, { identificatie: 'NL.IMRO.0798.BPDoornboom-ON01', naam: 'Doornboom', typePlan: 'bestemmingsplan', planstatus: 'ontwerp', datum: '2015-06-10', bevoegdGezag: 'gm0798' });
  t.is(plan.geometrie.type, 'Polygon');
  const tel: Record<string, number> = {};
  for (const o of plan.objecten) tel[o.type] = (tel[o.type] ?? 0) + 1;
  t.deepEqual(tel, { Enkelbestemming: 4, Bouwaanduiding: 4, Maatvoering: 12, Figuur: 7 });
  t.deepEqual([...new Set(plan.objecten.filter((o) => o.type === 'Enkelbestemming').map((o) => `${o.artikelnummer} ${o.naam} (${o.bestemmingshoofdgroep})`))].sort(), ['3 Verkeer - Verblijfsgebied (verkeer)', '4 Wonen (wonen)']);
  const maat = plan.objecten.find((o) => o.identificatie === 'NL.IMRO.63e98a6916aa41da9910e066923d988a')!;
  t.deepEqual(maat.waarden, [{ waardeType: 'maximum aantal wooneenheden', waarde: '7' }]);
  t.deepEqual(maat.bestemmingsvlakken, ['NL.IMRO.9cacbcca5a9e412faeaf47df4d75173d']);
  t.true(plan.objecten.every((o) => o.type !== 'Maatvoering' || o.geometrie.type === 'Polygon'), 'rings of curve members are read');
});

test('bad input is refused with the element and id: malformed XML, another root, an unknown type, a missing geometry, another CRS', (t) => {
  t.throws(() => leesImroPlan('<imro:FeatureCollectionIMRO xmlns:imro="http://www.geonovum.nl/imro/2012/1.1">'), { instanceOf: ImroError, message: /Geen geldige XML/ });
  t.throws(() => leesImroPlan('<FeatureCollection/>'), { instanceOf: ImroError, message: /Geen IMRO2012-bestand/ });
  const onbekend = doornboom.replace(/<imro:Bouwaanduiding (gml:id="NL\.IMRO\.3c3b6f4bdf5b4168bb4932c48d90466e">[^]*?)<\/imro:Bouwaanduiding>/, '<imro:Kabouter $1</imro:Kabouter>');
  const fout = t.throws(() => leesImroPlan(onbekend), { instanceOf: ImroError });
  t.deepEqual(fout.fouten[0], { element: 'Kabouter', id: 'NL.IMRO.3c3b6f4bdf5b4168bb4932c48d90466e', reden: 'onbekend objecttype Kabouter' });
  const wgs = doornboom.replace(/(<imro:Enkelbestemming gml:id="NL\.IMRO\.422a8d8a864642ac991d064fe3737cd0">[^]*?<gml:Surface gml:id="[^"]+" srsName=")urn:ogc:def:crs:EPSG::28992/, '$1urn:ogc:def:crs:EPSG::4326');
  const crs = t.throws(() => leesImroPlan(wgs), { instanceOf: ImroError });
  t.like(crs.fouten[0], { element: 'Enkelbestemming', id: 'NL.IMRO.422a8d8a864642ac991d064fe3737cd0' });
  t.regex(crs.fouten[0]!.reden, /EPSG:4326/);
  const zonder = doornboom.replace(/(<imro:Maatvoering gml:id="NL\.IMRO\.63e98a6916aa41da9910e066923d988a">[^]*?)<imro:geometrie>[^]*?<\/imro:geometrie>/, '$1');
  t.like(t.throws(() => leesImroPlan(zonder), { instanceOf: ImroError }).fouten[0], { element: 'Maatvoering', id: 'NL.IMRO.63e98a6916aa41da9910e066923d988a', reden: 'zonder geometrie' });
});

test('Dubbelbestemming, Bouwvlak and Functieaanduiding are read as the other planobjecten (Doornboom has none: renamed here)', (t) => {
  const hernoem = (xml: string, van: string, id: string, naar: string) =>
    xml.replace(new RegExp(`<imro:${van} (gml:id="${id.replace(/\./g, '\\.')}">[^]*?)</imro:${van}>`), `<imro:${naar} $1</imro:${naar}>`);
  let xml = hernoem(doornboom, 'Enkelbestemming', 'NL.IMRO.422a8d8a864642ac991d064fe3737cd0', 'Dubbelbestemming');
  xml = hernoem(xml, 'Bouwaanduiding', 'NL.IMRO.3c3b6f4bdf5b4168bb4932c48d90466e', 'Functieaanduiding');
  xml = hernoem(xml, 'Bouwaanduiding', 'NL.IMRO.aaa5bc11caa94c1cae6443d5403e1a8d', 'Bouwvlak');
  const tel: Record<string, number> = {};
  for (const o of leesImroPlan(xml).objecten) tel[o.type] = (tel[o.type] ?? 0) + 1;
  t.deepEqual(tel, { Dubbelbestemming: 1, Enkelbestemming: 3, Functieaanduiding: 1, Bouwvlak: 1, Bouwaanduiding: 2, Maatvoering: 12, Figuur: 7 });
});
