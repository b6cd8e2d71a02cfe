import type { Element } from '@xmldom/xmldom';
import type { Geometrie } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { kindElementen } from '../xml.ts';

/** GML 3.2 and 3.1 namespaces (IMRO2012 uses 3.2; older files 3.1). */
export const GML = ['http://www.opengis.net/gml/3.2', 'http://www.opengis.net/gml'];

export class GmlError extends Error {
  override name = 'GmlError';
}

type Positie = [number, number];

const isGml = (el: Element) => GML.includes(el.namespaceURI ?? '');
const kinderen = (el: Element, naam?: string) => kindElementen(el, GML, naam);

const kind = (el: Element, naam: string) => kinderen(el, naam)[0];

/** Coordinates of posList (or of pos elements), two per point: RD New has no height. */
function posities(el: Element, waar: string): Positie[] {
  const lijst = kind(el, 'posList');
  const getallen = lijst
    ? lijst.textContent!.trim().split(/\s+/).map(Number)
    : kinderen(el, 'pos').flatMap((p) => p.textContent!.trim().split(/\s+/).map(Number));
  const dim = Number(lijst?.getAttribute('srsDimension') || 2);
  if (getallen.length === 0 || getallen.some((g) => !Number.isFinite(g)) || getallen.length % dim !== 0) {
    throw new GmlError(`${waar}: de coördinaten zijn geen reeks getallen`);
  }
  const uit: Positie[] = [];
  for (let i = 0; i < getallen.length; i += dim) uit.push([getallen[i]!, getallen[i + 1]!]);
  return uit;
}

/** An arc through three points, as line segments every ~5 degrees (GML Arc/ArcString). */
function boog(drie: Positie[]): Positie[] {
  const [a, b, c] = drie as [Positie, Positie, Positie];
  const d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]));
  if (Math.abs(d) < 1e-9) return [a, c]; // collinear: a straight line
  const kw = (p: Positie) => p[0] ** 2 + p[1] ** 2;
  const mx = (kw(a) * (b[1] - c[1]) + kw(b) * (c[1] - a[1]) + kw(c) * (a[1] - b[1])) / d;
  const my = (kw(a) * (c[0] - b[0]) + kw(b) * (a[0] - c[0]) + kw(c) * (b[0] - a[0])) / d;
  const r = Math.hypot(a[0] - mx, a[1] - my);
  const hoek = (p: Positie) => Math.atan2(p[1] - my, p[0] - mx);
  const [ha, hb, hc] = [hoek(a), hoek(b), hoek(c)];
  // Go from a to c the way that passes b.
  const norm = (x: number) => ((x % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  const links = norm(hb - ha) < norm(hc - ha);
  const zwaai = links ? norm(hc - ha) : -norm(ha - hc);
  const stappen = Math.max(2, Math.ceil(Math.abs(zwaai) / (Math.PI / 36)));
  const uit: Positie[] = [a];
  for (let i = 1; i < stappen; i++) {
    const h = ha + (zwaai * i) / stappen;
    uit.push([Math.round((mx + r * Math.cos(h)) * 1000) / 1000, Math.round((my + r * Math.sin(h)) * 1000) / 1000]);
  }
  uit.push(c);
  return uit;
}

/** The points of a curve: LineString, or Curve with LineStringSegment, Arc and ArcString segments. */
function lijn(el: Element): Positie[] {
  if (el.localName === 'LineString') return posities(el, 'LineString');
  if (el.localName !== 'Curve') throw new GmlError(`Onbekende lijn: gml:${el.localName}`);
  const uit: Positie[] = [];
  for (const segment of kinderen(kind(el, 'segments') ?? el)) {
    let punten = posities(segment, `Curve/${segment.localName}`);
    if (segment.localName === 'Arc' || segment.localName === 'ArcString') {
      const delen: Positie[] = [];
      for (let i = 0; i + 2 < punten.length; i += 2) delen.push(...(i > 0 ? boog(punten.slice(i, i + 3)).slice(1) : boog(punten.slice(i, i + 3))));
      punten = delen;
    } else if (segment.localName !== 'LineStringSegment') throw new GmlError(`Onbekend segment: gml:${segment.localName}`);
    uit.push(...(uit.length > 0 ? punten.slice(1) : punten));
  }
  return uit;
}

/** A ring: LinearRing (posList) or Ring of curveMembers, joined end to end. */
function ring(el: Element | undefined, waar: string): Positie[] {
  const r = el && (kind(el, 'LinearRing') ?? kind(el, 'Ring'));
  if (!r) throw new GmlError(`${waar}: geen LinearRing of Ring`);
  if (r.localName === 'LinearRing') return posities(r, 'LinearRing');
  const uit: Positie[] = [];
  for (const lid of kinderen(r, 'curveMember')) {
    const l = kinderen(lid)[0];
    if (!l) throw new GmlError('Ring: een curveMember zonder lijn');
    const punten = lijn(l);
    uit.push(...(uit.length > 0 ? punten.slice(1) : punten));
  }
  return uit;
}

function vlak(el: Element): Positie[][] {
  return [ring(kind(el, 'exterior'), `${el.localName}/exterior`), ...kinderen(el, 'interior').map((i) => ring(i, `${el.localName}/interior`))];
}

/** The polygons of a Polygon or Surface (one per PolygonPatch). */
function vlakken(el: Element): Positie[][][] {
  if (el.localName === 'Polygon') return [vlak(el)];
  if (el.localName === 'Surface') return kinderen(kind(el, 'patches') ?? el).map(vlak);
  throw new GmlError(`Onbekend vlak: gml:${el.localName}`);
}

/** The EPSG code of srsName (urn:ogc:def:crs:EPSG::28992, EPSG:28992, or the OGC URI), if given. */
function epsg(el: Element): number | undefined {
  const naam = el.getAttribute('srsName');
  if (!naam) return undefined;
  const m = /EPSG(?::|::|\/0\/)(\d+)$/i.exec(naam);
  if (!m) throw new GmlError(`Onbekend srsName ${JSON.stringify(naam)}`);
  return Number(m[1]);
}

/**
 * A GML geometry element as GeoJSON (coordinates as in the file). Surfaces, Curves with arcs
 * (as short segments) and Rings of curveMembers are read here because PostGIS's
 * ST_GeomFromGML does not read a gml:Ring. A CRS other than `crs` is refused.
 */
export function gmlNaarGeoJson(el: Element, crs = 28992): Geometrie {
  if (!isGml(el)) throw new GmlError(`Geen GML-geometrie: <${el.tagName}>`);
  const code = epsg(el);
  if (code !== undefined && code !== crs) throw new GmlError(`Geometrie in EPSG:${code}; verwacht EPSG:${crs} (RD New)`);
  switch (el.localName) {
    case 'Point':
      return { type: 'Point', coordinates: posities(el, 'Point')[0]! };
    case 'LineString':
    case 'Curve':
      return { type: 'LineString', coordinates: lijn(el) };
    case 'Polygon':
    case 'Surface': {
      const v = vlakken(el);
      return v.length === 1 ? { type: 'Polygon', coordinates: v[0]! } : { type: 'MultiPolygon', coordinates: v };
    }
    case 'MultiSurface':
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: [...kinderen(el, 'surfaceMember'), ...kinderen(el, 'polygonMember'), ...kinderen(el, 'surfaceMembers')]
          .flatMap((m) => kinderen(m))
          .flatMap(vlakken),
      };
    case 'MultiCurve':
      return { type: 'MultiLineString', coordinates: kinderen(el, 'curveMember').flatMap((m) => kinderen(m)).map(lijn) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: kinderen(el, 'pointMember').flatMap((m) => kinderen(m)).map((p) => posities(p, 'Point')[0]!) };
    default:
      throw new GmlError(`Onbekend geometrietype gml:${el.localName}`);
  }
}
