import type { Geometrie } from '../domain/omgevingsdocumenten/inhoud.ts';

const TYPE = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const;
const DEEL = { MultiPoint: 'Point', MultiLineString: 'LineString', MultiPolygon: 'Polygon' } as const;
type Enkel = 'Point' | 'LineString' | 'Polygon';

/** 3 when the first coordinate has a third value (Z), else 2. */
function dimensies(c: unknown): number {
  while (Array.isArray(c) && typeof c[0] !== 'number') c = c[0];
  return Array.isArray(c) && c.length >= 3 ? 3 : 2;
}

/** Bytes of a single geometry's body (after its 5-byte header). */
function lichaamLengte(type: Enkel, c: unknown, dim: number): number {
  if (type === 'Point') return dim * 8;
  if (type === 'LineString') return 4 + (c as unknown[]).length * dim * 8;
  let n = 4;
  for (const ring of c as unknown[][]) n += 4 + ring.length * dim * 8;
  return n;
}

/** The number of bytes `wkbSchrijf` writes for this geometry. */
export function wkbLengte(geometrie: Geometrie): number {
  const dim = dimensies(geometrie.coordinates);
  if (!(geometrie.type in DEEL)) return 5 + lichaamLengte(geometrie.type as Enkel, geometrie.coordinates, dim);
  const deel = DEEL[geometrie.type as keyof typeof DEEL];
  let n = 5 + 4;
  for (const c of geometrie.coordinates as unknown[]) n += 5 + lichaamLengte(deel, c, dim);
  return n;
}

function kop(doel: Buffer, plek: number, type: number, dim: number): number {
  doel.writeUInt8(1, plek); // little endian
  doel.writeUInt32LE(type + (dim === 3 ? 1000 : 0), plek + 1);
  return plek + 5;
}

function punten(doel: Buffer, plek: number, ps: number[][], dim: number): number {
  for (const p of ps) {
    for (let d = 0; d < dim; d++) plek = doel.writeDoubleLE(p[d] ?? 0, plek);
  }
  return plek;
}

function lichaam(doel: Buffer, plek: number, type: Enkel, c: unknown, dim: number): number {
  if (type === 'Point') return punten(doel, plek, [c as number[]], dim);
  if (type === 'LineString') return punten(doel, doel.writeUInt32LE((c as number[][]).length, plek), c as number[][], dim);
  plek = doel.writeUInt32LE((c as number[][][]).length, plek);
  for (const ring of c as number[][][]) plek = punten(doel, doel.writeUInt32LE(ring.length, plek), ring, dim);
  return plek;
}

/**
 * Writes a GeoJSON geometry as (ISO) WKB, little endian, with Z when its coordinates have
 * three values, into `doel` from `plek`; returns the position after it. Written in place, so a
 * batch's geometries fill one buffer without a buffer per ring. PostgreSQL reads WKB many
 * times faster than GeoJSON, which is what makes bulk projection of locaties cheap.
 */
export function wkbSchrijf(geometrie: Geometrie, doel: Buffer, plek: number): number {
  const dim = dimensies(geometrie.coordinates);
  plek = kop(doel, plek, TYPE[geometrie.type], dim);
  if (!(geometrie.type in DEEL)) return lichaam(doel, plek, geometrie.type as Enkel, geometrie.coordinates, dim);
  // A multi-geometry holds one full WKB (header and body) per part.
  const deel = DEEL[geometrie.type as keyof typeof DEEL];
  plek = doel.writeUInt32LE(geometrie.coordinates.length, plek);
  for (const c of geometrie.coordinates as unknown[]) plek = lichaam(doel, kop(doel, plek, TYPE[deel], dim), deel, c, dim);
  return plek;
}

/** A geometry's WKB in a buffer of its own. */
export function wkbVan(geometrie: Geometrie): Buffer {
  const doel = Buffer.allocUnsafe(wkbLengte(geometrie));
  wkbSchrijf(geometrie, doel, 0);
  return doel;
}
