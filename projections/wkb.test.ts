import test from 'ava';
import { wkbVan } from './wkb.ts';

// Expected bytes as PostGIS writes them: SELECT ST_AsBinary('…'::geometry, 'NDR').
test('points, lines and polygons as little-endian WKB, as PostGIS writes them', (t) => {
  t.is(wkbVan({ type: 'Point', coordinates: [1, 2] }).toString('hex'), '0101000000000000000000f03f0000000000000040');
  t.is(wkbVan({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }).toString('hex'), '010200000002000000' + '0'.repeat(32) + '000000000000f03f000000000000f03f');
  const vlak = wkbVan({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] });
  t.is(vlak.length, 1 + 4 + 4 + 4 + 4 * 16);
  t.is(vlak.readUInt32LE(1), 3);
  t.is(vlak.readDoubleLE(9 + 4 + 16), 1, 'the second point starts with x = 1');
});

test('multi-geometries nest one WKB per part; a third coordinate makes it Z (ISO codes)', (t) => {
  const multi = wkbVan({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [5, 6], [5, 5]]]] });
  t.is(multi.readUInt32LE(1), 6);
  t.is(multi.readUInt32LE(5), 2, 'two polygons');
  t.is(multi.readUInt32LE(10), 3, 'the first part is a polygon with its own header');
  const z = wkbVan({ type: 'Point', coordinates: [1, 2, 3] });
  t.is(z.readUInt32LE(1), 1001);
  t.is(z.readDoubleLE(21), 3);
});
