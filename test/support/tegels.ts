import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { TestApp } from './app.ts';
import { vierkant } from './regelingen.ts';

/**
 * What the tile tests share: reading a tile, the tile of an RD point, the bevoegde gezagen that
 * publish in them and a waterschap regeling of their fixtures.
 */

export type Tegelfeature = { properties: Record<string, string | number>; type: number; bbox: [number, number, number, number] };

/** Fetches and decodes a tile with @mapbox/vector-tile: per layer its features, geometry as a lon/lat bbox. */
export async function leesTegel(app: TestApp, pad: string): Promise<{ res: Response; lagen: Record<string, Tegelfeature[]> }> {
  const res = await fetch(`${app.baseUrl}${pad}`);
  const lagen: Record<string, Tegelfeature[]> = {};
  if (res.status !== 200) return { res, lagen };
  const [, , z, x, y] = /^\/tiles\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\.mvt/.exec(pad)!.map(Number) as number[];
  const vt = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
  for (const [naam, laag] of Object.entries(vt.layers)) {
    lagen[naam] = Array.from({ length: laag.length }, (_, i) => {
      const f = laag.feature(i);
      const g = f.toGeoJSON(x!, y!, z!).geometry as { coordinates: unknown };
      const punten = (g.coordinates as unknown[]).flat(3) as number[];
      const xs = punten.filter((_, j) => j % 2 === 0);
      const ys = punten.filter((_, j) => j % 2 === 1);
      return { properties: f.properties as Record<string, string | number>, type: f.type, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
    });
  }
  return { res, lagen };
}

/** An RD point in lon/lat, by PostGIS (exact, with the datum shift). */
export async function lonLat(app: TestApp, x: number, y: number): Promise<{ lon: number; lat: number }> {
  const { rows } = await app.db.pool.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM ST_Transform(ST_SetSRID(ST_Point($1, $2), 28992), 4326) p`, [x, y]);
  return rows[0] as { lon: number; lat: number };
}

/** The z/x/y of the tile at zoom z that holds the RD point (x, y). */
export async function tegel(app: TestApp, z: number, x: number, y: number): Promise<[number, number, number]> {
  const { lon, lat } = await lonLat(app, x, y);
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

/** A werkingsgebied in short: its bevoegd gezag and activiteiten, "gm0344:dakkapel,kappen" ("-": none). */
export const kort = (f: Tegelfeature) => `${String(f.properties.bevoegdGezag)}:${String(f.properties.activiteiten ?? '-').replace(/nl\.imow-\w+\.activiteit\./g, '')}`;

export const TOKENS = { gm0344: 'utrecht-token-0123456789', pv26: 'provincie-token-0123456789', ws0155: 'waterschap-token-0123456789', gm0307: 'amersfoort-token-0123456789' };
/** The app's environment: each bevoegd gezag above may publish. */
export const env = { BEVOEGD_GEZAG_TOKENS: Object.entries(TOKENS).map(([c, t]) => `${c}:${t}`).join(',') };

/** Publishes for a bevoegd gezag through the API: a besluit, or with `stap` 'ontwerpen' an ontwerp. */
export function schrijf(app: TestApp, code: keyof typeof TOKENS, regeling: string, body: unknown, stap: 'besluiten' | 'ontwerpen' = 'besluiten') {
  return fetch(`${app.baseUrl}/api/bevoegd-gezag/v1/regelingen/${encodeURIComponent(regeling)}/${stap}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS[code]}` },
    body: JSON.stringify(body),
  });
}

export const WATERSCHAP = '/akn/nl/act/ws0155/2024/waterschapsverordening';

/** A waterschap regeling: an omgevingswaarde (Omgevingswaarderegel, no thema) on a groep of two dijkvakken, with two values. */
export const waterschapBesluit = {
  documenttype: 'waterschapsverordening',
  citeertitel: 'Waterschapsverordening Hoogheemraadschap De Stichtse Rijnlanden',
  doel: '/join/id/proces/ws0155/2024/instelling',
  instrumentversie: `${WATERSCHAP}/nld@2024-03-18;1`,
  bekendOp: '2024-03-18',
  juridischWerkendVanaf: '2024-04-01',
  mutatie: {
    plaats: {
      regelteksten: [{ wId: 'ws0155_1__art_4.1', soort: 'artikel', nummer: '4.1', opschrift: 'Veiligheid', tekst: 'De waterkering voldoet aan de omgevingswaarde voor de overstromingskans.' }],
      locaties: [
        { identificatie: 'nl.imow-ws0155.gebied.dijkvak1', type: 'Gebied', noemer: 'Dijkvak 1', geometrie: vierkant(137000, 455200, 300) },
        { identificatie: 'nl.imow-ws0155.gebied.dijkvak2', type: 'Gebied', noemer: 'Dijkvak 2', geometrie: vierkant(137300, 455200, 300) },
        { identificatie: 'nl.imow-ws0155.gebiedengroep.dijk', type: 'Gebiedengroep', groepselementen: ['nl.imow-ws0155.gebied.dijkvak1', 'nl.imow-ws0155.gebied.dijkvak2'] },
      ],
      normen: [
        {
          identificatie: 'nl.imow-ws0155.omgevingswaarde.overstromingskans',
          type: 'Omgevingswaarde',
          naam: 'maximale overstromingskans',
          groep: 'waterveiligheid',
          eenheid: 'per jaar',
          normwaarden: [
            { locaties: ['nl.imow-ws0155.gebied.dijkvak1'], waarde: 0.001 },
            { locaties: ['nl.imow-ws0155.gebied.dijkvak2'], waarde: 'zeer klein' },
          ],
        },
      ],
      juridischeRegels: [
        { identificatie: 'nl.imow-ws0155.juridischeregel.art4_1', type: 'Omgevingswaarderegel', regeltekst: 'ws0155_1__art_4.1', locaties: ['nl.imow-ws0155.gebiedengroep.dijk'], normen: ['nl.imow-ws0155.omgevingswaarde.overstromingskans'] },
      ],
    },
  },
};
