import test from 'ava';
import { beginstaat, naarZoekdeel, uitZoekdeel, type Viewerstaat } from './url.ts';

test('a state survives the URL: location, moment, filters, regel, base map and view', (t) => {
  const s: Viewerstaat = {
    ...beginstaat(),
    locatie: { type: 'Polygon', coordinates: [[[136000, 455000], [136100.5, 455000], [136100.5, 455100], [136000, 455000]]] },
    geldigOp: '2024-03-01',
    ontwerpen: true,
    beschikbaarOp: '2024-01-22T10:30',
    regel: 'nl.imow-gm0344.juridischeregel.art1',
    basiskaart: 'lokaal',
    bestemmingsplannen: true,
    beeld: { lon: 5.12345, lat: 52.09876, zoom: 14.5 },
  };
  s.filters.bestuurslaag = ['gemeente', 'provincie'];
  s.filters.activiteit = ['dakkapel plaatsen'];
  const q = naarZoekdeel(s);
  t.regex(q, /vlak=136000%2C455000%3B136100.5%2C455000%3B136100.5%2C455100&/, 'the ring without its closing point');
  t.deepEqual(uitZoekdeel(q), s);
  t.is(naarZoekdeel(beginstaat()), '', 'defaults are left out');
});

test('a point and a line; what cannot be read is left at its default', (t) => {
  t.deepEqual(uitZoekdeel('punt=138100,456100').locatie, { type: 'Point', coordinates: [138100, 456100] });
  t.deepEqual(uitZoekdeel('lijn=1,2;3,4').locatie, { type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  const slecht = uitZoekdeel('punt=abc&lijn=1,2&vlak=1,2;3,4&geldigOp=gisteren&beschikbaarOp=morgen&beeld=1,2&ontwerpen=misschien');
  t.deepEqual(slecht, beginstaat());
});
