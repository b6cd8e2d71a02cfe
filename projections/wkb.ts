import type { Geometrie } from '../domain/omgevingsdocumenten/inhoud.ts';

const TYPE = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const;

/**
 * A GeoJSON geometry as (ISO) WKB, little endian, with Z when its coordinates have three
 * values. PostgreSQL reads WKB many times faster than GeoJSON, which is what makes bulk
 * projection of locaties cheap.
 */
export function wkbVan(geometrie: Geometrie): Buffer {
  const eerste = (function vind(c: unknown): number[] | undefined {
    return Array.isArray(c) && typeof c[0] === 'number' ? (c as number[]) : Array.isArray(c) ? vind(c[0]) : undefined;
  })(geometrie.coordinates);
  const dim = eerste && eerste.length >= 3 ? 3 : 2;
  const delen: Buffer[] = [];
  const kop = (type: number) => {
    const b = Buffer.alloc(5);
    b.writeUInt8(1, 0);
    b.writeUInt32LE(type + (dim === 3 ? 1000 : 0), 1);
    delen.push(b);
  };
  const aantal = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n, 0);
    delen.push(b);
  };
  const punten = (ps: number[][]) => {
    const b = Buffer.alloc(ps.length * dim * 8);
    ps.forEach((p, i) => {
      for (let d = 0; d < dim; d++) b.writeDoubleLE(p[d] ?? 0, (i * dim + d) * 8);
    });
    delen.push(b);
  };
  const ringen = (rs: number[][][]) => {
    aantal(rs.length);
    for (const r of rs) {
      aantal(r.length);
      punten(r);
    }
  };
  // A single geometry's body; a multi-geometry holds one full WKB (header and body) per part.
  const lichaam = (type: 'Point' | 'LineString' | 'Polygon', c: unknown) => {
    if (type === 'Point') punten([c as number[]]);
    else if (type === 'LineString') {
      aantal((c as number[][]).length);
      punten(c as number[][]);
    } else ringen(c as number[][][]);
  };
  const enkel = { MultiPoint: 'Point', MultiLineString: 'LineString', MultiPolygon: 'Polygon' } as const;
  kop(TYPE[geometrie.type]);
  if (geometrie.type in enkel) {
    const deel = enkel[geometrie.type as keyof typeof enkel];
    aantal(geometrie.coordinates.length);
    for (const c of geometrie.coordinates) {
      kop(TYPE[deel]);
      lichaam(deel, c);
    }
  } else lichaam(geometrie.type as 'Point' | 'LineString' | 'Polygon', geometrie.coordinates);
  return Buffer.concat(delen);
}
