import test from 'ava';
import { DOMParser } from '@xmldom/xmldom';
import { GmlError, gmlNaarGeoJson } from './gml-geometrie.ts';

const lees = (xml: string) => gmlNaarGeoJson(new DOMParser().parseFromString(`<x xmlns:gml="http://www.opengis.net/gml/3.2">${xml}</x>`, 'text/xml').documentElement!.getElementsByTagName('*')[0]!);

test('a Surface whose ring is made of curve members (PostGIS cannot read it) becomes a polygon', (t) => {
  const g = lees(`<gml:Surface srsName="urn:ogc:def:crs:EPSG::28992"><gml:patches><gml:PolygonPatch><gml:exterior><gml:Ring>
    <gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>0 0 10 0 10 10</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember>
    <gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>10 10 0 10 0 0</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember>
  </gml:Ring></gml:exterior></gml:PolygonPatch></gml:patches></gml:Surface>`);
  t.deepEqual(g, { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] });
});

test('polygons with holes, multi-surfaces, curves, points', (t) => {
  t.deepEqual(
    lees(`<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 9 0 9 9 0 0</gml:posList></gml:LinearRing></gml:exterior><gml:interior><gml:LinearRing><gml:posList>1 1 2 1 2 2 1 1</gml:posList></gml:LinearRing></gml:interior></gml:Polygon>`),
    { type: 'Polygon', coordinates: [[[0, 0], [9, 0], [9, 9], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] },
  );
  const multi = lees(`<gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>5 5 6 5 6 6 5 5</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>`);
  t.is(multi.type, 'MultiPolygon');
  t.is((multi.coordinates as unknown[]).length, 2);
  t.deepEqual(lees(`<gml:Point><gml:pos>137474.75 388898.445</gml:pos></gml:Point>`), { type: 'Point', coordinates: [137474.75, 388898.445] });
  t.deepEqual(lees(`<gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>1 2 3 4</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve>`), { type: 'LineString', coordinates: [[1, 2], [3, 4]] });
});

test('an Arc becomes short segments on its circle, through its middle point', (t) => {
  const g = lees(`<gml:Curve><gml:segments><gml:Arc><gml:posList>-10 0 0 10 10 0</gml:posList></gml:Arc></gml:segments></gml:Curve>`) as unknown as { coordinates: [number, number][] };
  t.true(g.coordinates.length > 10);
  t.deepEqual(g.coordinates[0], [-10, 0]);
  t.deepEqual(g.coordinates.at(-1), [10, 0]);
  for (const [x, y] of g.coordinates) t.true(Math.abs(Math.hypot(x, y) - 10) < 0.01 && y >= -0.001, `${x},${y} on the upper half circle`);
});

test('bad input: another CRS, numbers that are not, an unknown element', (t) => {
  t.throws(() => lees(`<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>5 52</gml:pos></gml:Point>`), { instanceOf: GmlError, message: /EPSG:4326; verwacht EPSG:28992/ });
  t.throws(() => lees(`<gml:LineString><gml:posList>1 2 drie 4</gml:posList></gml:LineString>`), { instanceOf: GmlError, message: /geen reeks getallen/ });
  t.throws(() => lees(`<gml:Solid/>`), { instanceOf: GmlError, message: /Onbekend geometrietype gml:Solid/ });
});
