/**
 * Complete toestanden as boxes in the four time axes, for a read model that answers a
 * tijdreis with range containment (`@>` on GiST-indexed ranges) instead of replaying.
 * `kies` only changes where a query crosses one of the toestanden's own dates, so evaluating
 * it on the grid of those dates and merging neighbours with the same answer covers the space.
 */
import { kies, type Datum, type Tijdreis, type Tijdstip, type Toestand } from './toestanden.ts';

/** A half-open interval [van, tot); `tot` undefined: no end. */
export interface Vak<T extends string> {
  van: T;
  tot?: T;
}

/** Where in time one version (or not-in-force, `instrumentversie` undefined) is the answer. */
export interface Tijdvak {
  instrumentversie?: string;
  beschikbaar: Vak<Tijdstip>;
  bekend: Vak<Datum>;
  werkend: Vak<Datum>;
  geldig: Vak<Datum>;
}

type As = 'beschikbaar' | 'bekend' | 'werkend' | 'geldig';
const ASSEN: readonly As[] = ['geldig', 'werkend', 'bekend', 'beschikbaar'];

const grenzen = (waarden: string[]) => [...new Set(waarden)].sort();
const vakken = <T extends string>(g: T[]): Vak<T>[] => g.map((van, i) => ({ van, tot: g[i + 1] }));

/** Every box in which a query finds a toestand; queries outside all boxes find nothing. */
export function tijdvakken(toestanden: readonly Toestand[]): Tijdvak[] {
  if (toestanden.length === 0) return [];
  const r = vakken(grenzen(toestanden.map((t) => t.ontvangenOp)));
  const b = vakken(grenzen(toestanden.map((t) => t.bekendOp)));
  const w = vakken(grenzen(toestanden.map((t) => t.juridischWerkendVanaf)));
  const g = vakken(grenzen(toestanden.map((t) => t.geldigVanaf)));
  let uit: Tijdvak[] = [];
  for (const beschikbaar of r)
    for (const bekend of b)
      for (const werkend of w)
        for (const geldig of g) {
          const reis: Tijdreis = { beschikbaarOp: beschikbaar.van, bekendOp: bekend.van, inWerkingOp: werkend.van, geldigOp: geldig.van };
          const gekozen = kies(toestanden, reis);
          if (!gekozen) continue;
          const instrumentversie = 'instrumentversie' in gekozen.inhoud ? gekozen.inhoud.instrumentversie : undefined;
          uit.push({ instrumentversie, beschikbaar, bekend, werkend, geldig });
        }
  for (const as of ASSEN) uit = voegSamen(uit, as);
  return uit;
}

const sleutel = (v: Tijdvak, behalve: As) =>
  [v.instrumentversie ?? '-', ...ASSEN.filter((a) => a !== behalve).map((a) => `${v[a].van}/${v[a].tot ?? ''}`)].join('|');

/** Merges boxes that touch along one axis and agree on everything else. */
function voegSamen(vakken: Tijdvak[], as: As): Tijdvak[] {
  const groepen = new Map<string, Tijdvak[]>();
  for (const v of vakken) {
    const k = sleutel(v, as);
    groepen.set(k, [...(groepen.get(k) ?? []), v]);
  }
  const uit: Tijdvak[] = [];
  for (const groep of groepen.values()) {
    groep.sort((x, y) => x[as].van.localeCompare(y[as].van));
    let huidig = groep[0]!;
    for (const volgende of groep.slice(1)) {
      if (huidig[as].tot === volgende[as].van) huidig = { ...huidig, [as]: { van: huidig[as].van, tot: volgende[as].tot } };
      else {
        uit.push(huidig);
        huidig = volgende;
      }
    }
    uit.push(huidig);
  }
  return uit;
}

/** The box a query falls in (what the read model's `@>` query does), for tests and replays. */
export function vakOp(vakken: readonly Tijdvak[], reis: Required<Tijdreis>): Tijdvak | undefined {
  const in_ = <T extends string>(v: Vak<T>, x: T) => v.van <= x && (v.tot === undefined || x < v.tot);
  return vakken.find(
    (v) => in_(v.beschikbaar, reis.beschikbaarOp) && in_(v.bekend, reis.bekendOp) && in_(v.werkend, reis.inWerkingOp) && in_(v.geldig, reis.geldigOp),
  );
}
