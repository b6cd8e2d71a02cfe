import type { Request } from 'express';
import { JURIDISCHE_REGEL_TYPES } from '../domain/omgevingsdocumenten/inhoud.ts';
import { HttpProblem, type InvalidParam } from '../infrastructure/http/problem.ts';
import { leesTijdreis, lijst } from '../infrastructure/http/tijdreis.ts';

/** Zoom levels a tile route serves (as martin does). */
export const MAX_ZOOM = 22;

const BESTUURSLAGEN = ['rijk', 'provincie', 'waterschap', 'gemeente'];
const PROCEDURES = ['vigerend', 'in procedure'];

/** A tile address, checked: z in 0..22, x and y within the zoom's grid. */
export interface TileAdres {
  z: number;
  x: number;
  y: number;
}

/** The query parameters of a tile, checked and normalised. */
export interface TileVraag {
  /** What the SQL function gets as `query_params`: only what was asked, dates resolved. */
  params: Record<string, string>;
  /** Stable text of `params` (sorted), for cache keys and tile URLs. */
  sleutel: string;
  /** The projection version asked for (`v`), if any. */
  versie?: string;
  /**
   * Whether the tile's content is fixed by its URL once the version is: the day-dependent
   * axes (geldigOp, inWerkingOp, bekendOp) are given, not "today".
   */
  datumsGegeven: boolean;
}

/** Reads z/x/y from the path; anything else is a 400 naming the parameter. */
export function leesTileAdres(params: { z?: string; x?: string; y?: string }): TileAdres {
  const fouten: InvalidParam[] = [];
  const geheel = (naam: 'z' | 'x' | 'y', hoogst: number) => {
    const waarde = String(params[naam]);
    const n = Number(waarde);
    if (!/^\d{1,8}$/.test(waarde) || n > hoogst) fouten.push({ name: naam, code: 'range', reason: `Een geheel getal van 0 tot en met ${hoogst}` });
    return n;
  };
  const z = geheel('z', MAX_ZOOM);
  if (fouten.length > 0) throw new HttpProblem(400, 'ongeldige_tegel', `Zoomniveau ${JSON.stringify(params.z)} bestaat niet; gebruik 0 tot en met ${MAX_ZOOM}.`, fouten);
  const x = geheel('x', 2 ** z - 1);
  const y = geheel('y', 2 ** z - 1);
  if (fouten.length > 0) throw new HttpProblem(400, 'ongeldige_tegel', `Tegel ${z}/${params.x}/${params.y} bestaat niet: op zoomniveau ${z} lopen x en y van 0 tot en met ${2 ** z - 1}.`, fouten);
  return { z, x, y };
}

/**
 * Reads the time axes, inclusiefOntwerp, the filters and `v`. Dates are checked as the API
 * checks them; a missing date becomes today (Amsterdam), a missing beschikbaarOp stays out
 * (the function then takes everything known at the version).
 */
export function leesTileVraag(req: Request, nu: Date = new Date()): TileVraag {
  const tijd = leesTijdreis(req, nu);
  const q = req.query;
  const params: Record<string, string> = { geldigOp: tijd.geldigOp, inWerkingOp: tijd.inWerkingOp, bekendOp: tijd.bekendOp };
  if (q.beschikbaarOp !== undefined) params.beschikbaarOp = tijd.beschikbaarOp;
  const fouten: InvalidParam[] = [];
  const ontwerp = q.inclusiefOntwerp;
  if (ontwerp !== undefined && ontwerp !== 'true' && ontwerp !== 'false') fouten.push({ name: 'inclusiefOntwerp', code: 'boolean', reason: 'true of false' });
  if (ontwerp === 'true') params.inclusiefOntwerp = 'true';
  for (const naam of ['bestuurslaag', 'documenttype', 'activiteit', 'thema', 'regeltype', 'procedure'] as const) {
    const waarden = lijst(q[naam], naam);
    if (!waarden) continue;
    const toegestaan: readonly string[] | undefined = { bestuurslaag: BESTUURSLAGEN, procedure: PROCEDURES, regeltype: JURIDISCHE_REGEL_TYPES }[naam as string];
    if (toegestaan && waarden.some((w) => !toegestaan.includes(w))) {
      fouten.push({ name: naam, code: 'enum', reason: `Een of meer van ${toegestaan.join(', ')}` });
    }
    params[naam] = [...new Set(waarden)].sort().join(',');
  }
  const v = q.v;
  if (v !== undefined && (typeof v !== 'string' || !/^\d+(-\d+)*$/.test(v))) fouten.push({ name: 'v', code: 'version', reason: 'De versie uit de TileJSON, bijvoorbeeld 1234-1234' });
  if (fouten.length > 0) throw new HttpProblem(400, 'ongeldige_parameters', 'Een of meer parameters van de tegel kloppen niet.', fouten);
  const sleutel = new URLSearchParams(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))).toString();
  const datumsGegeven = ['geldigOp', 'inWerkingOp', 'bekendOp'].every((n) => q[n] !== undefined);
  return { params, sleutel, versie: v as string | undefined, datumsGegeven };
}
