/**
 * The register of bestuursgrenzen: the ambtsgebied (the area it governs) of each bevoegd gezag.
 * One stream per bevoegd gezag code; its events, state, `evolve`, the command and `decide`.
 * Pure: structural checks here, repairing self-intersections is left to PostGIS in the projection.
 */
import { controleerGeometrie } from '../omgevingsdocumenten/inhoud.ts';
import { BEVOEGD_GEZAG, bestuurslaagVan, type Bestuurslaag } from '../omgevingsdocumenten/regeling.ts';

/** An area as GeoJSON with coordinates in EPSG:28992 (RD New). */
export type Vlakgeometrie = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export const ambtsgebiedStream = (code: string) => `ambtsgebied-${code}`;

export type AmbtsgebiedEvent = {
  type: 'AmbtsgebiedVastgesteld';
  data: { code: string; naam: string; bestuurslaag: Bestuurslaag; geometrie: Vlakgeometrie; bron: string };
};

/** The ambtsgebied as last vastgesteld; empty before the first time. */
export interface Ambtsgebied {
  code?: string;
  naam?: string;
  bestuurslaag?: Bestuurslaag;
  geometrie?: Vlakgeometrie;
  bron?: string;
}

export const beginToestand = (): Ambtsgebied => ({});

export function evolve(state: Ambtsgebied, event: AmbtsgebiedEvent): Ambtsgebied {
  switch (event.type) {
    case 'AmbtsgebiedVastgesteld':
      return { ...state, ...event.data };
  }
}

export type AmbtsgebiedCommand = {
  type: 'StelAmbtsgebiedVast';
  /** `bron` says where the boundary comes from (dataset and year), so the register can be traced. */
  data: { code: string; naam: string; geometrie: Vlakgeometrie; bron: string };
};

export type AmbtsgebiedFoutcode = 'ongeldige_invoer' | 'ongeldige_geometrie' | 'te_groot';

/** Why a command is refused. The edge turns the code into an HTTP status. */
export class AmbtsgebiedFout extends Error {
  override name = 'AmbtsgebiedFout';
  constructor(
    readonly code: AmbtsgebiedFoutcode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The largest event this context writes. The store takes 1 MiB of JSON per event; this leaves
 * room for the metadata and says clearly what to do instead of failing inside the store.
 */
export const MAX_AMBTSGEBIED_BYTES = 900 * 1024;

/** Refuses anything but a bevoegd gezag code; callers check this before they build a stream id from it. */
export function controleerCode(code: unknown): asserts code is string {
  if (typeof code !== 'string' || !BEVOEGD_GEZAG.test(code)) {
    throw new AmbtsgebiedFout('ongeldige_invoer', `${JSON.stringify(code)} is geen code van een bevoegd gezag (kleine letters, zoals gm0344, pv26, ws0155, mnre1034)`);
  }
}

const zelfdeGeometrie = (a: Vlakgeometrie | undefined, b: Vlakgeometrie) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Sets the ambtsgebied of a bevoegd gezag. Setting the same naam and geometrie again causes no
 * event (a re-import of unchanged data leaves the stream as it is); a change of `bron` alone
 * is no new boundary either.
 */
export function decide(command: AmbtsgebiedCommand, state: Ambtsgebied): AmbtsgebiedEvent[] {
  switch (command.type) {
    case 'StelAmbtsgebiedVast': {
      const { code, naam, geometrie, bron } = command.data;
      controleerCode(code);
      if (state.code && state.code !== code) throw new AmbtsgebiedFout('ongeldige_invoer', `Dit is het ambtsgebied van ${state.code}, niet van ${code}`);
      if (typeof naam !== 'string' || !naam.trim()) throw new AmbtsgebiedFout('ongeldige_invoer', `Het ambtsgebied van ${code} heeft een naam`);
      if (typeof bron !== 'string' || !bron.trim()) throw new AmbtsgebiedFout('ongeldige_invoer', `Noem de bron van de grens van ${code} (bijvoorbeeld "CBS gemeenten 2023")`);
      const soort = (geometrie as { type?: unknown } | undefined)?.type;
      if (soort !== 'Polygon' && soort !== 'MultiPolygon') {
        throw new AmbtsgebiedFout('ongeldige_geometrie', `Een ambtsgebied is een vlak (Polygon of MultiPolygon), geen ${JSON.stringify(soort) ?? 'lege geometrie'}`);
      }
      const reden = controleerGeometrie(geometrie);
      if (reden) throw new AmbtsgebiedFout('ongeldige_geometrie', `De geometrie van ${code} klopt niet: ${reden}`);
      if (state.naam === naam && zelfdeGeometrie(state.geometrie, geometrie)) return [];
      const event: AmbtsgebiedEvent = { type: 'AmbtsgebiedVastgesteld', data: { code, naam, bestuurslaag: bestuurslaagVan(code), geometrie, bron } };
      const bytes = Buffer.byteLength(JSON.stringify(event.data));
      if (bytes > MAX_AMBTSGEBIED_BYTES) {
        throw new AmbtsgebiedFout('te_groot', `De grens van ${code} is ${bytes} bytes JSON; de grens is ${MAX_AMBTSGEBIED_BYTES}. Vereenvoudig de geometrie (bijvoorbeeld met ST_SimplifyPreserveTopology) of rond de coördinaten af op centimeters`);
      }
      return [event];
    }
  }
}
