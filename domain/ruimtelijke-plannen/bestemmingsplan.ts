/**
 * Bestemmingsplannen (IMRO2012), the overbrugging of ruimtelijke plannen: events, state,
 * evolve and decide. A plan is delivered whole; each delivery that differs from the last is
 * stored (see `BestemmingsplanEvent`), so its history (ontwerp, vastgesteld, …) is kept.
 */

import { controleerGeometrie, type Geometrie } from '../omgevingsdocumenten/inhoud.ts';

/** Geometries are GeoJSON in RD New (EPSG:28992), as in the omgevingsdocumenten. */
export type { Geometrie };

export const PLANOBJECTTYPEN = ['Enkelbestemming', 'Dubbelbestemming', 'Bouwvlak', 'Functieaanduiding', 'Bouwaanduiding', 'Maatvoering', 'Figuur', 'Gebiedsaanduiding', 'Lettertekenaanduiding'] as const;
export type Planobjecttype = (typeof PLANOBJECTTYPEN)[number];

/** Bestemmingsvlakken: the objects aanduidingen and maatvoeringen lie in. */
export const BESTEMMINGEN: readonly Planobjecttype[] = ['Enkelbestemming', 'Dubbelbestemming'];

export interface Planobject {
  /** gml:id, e.g. NL.IMRO.422a8d8a864642ac991d064fe3737cd0 */
  identificatie: string;
  type: Planobjecttype;
  naam: string;
  bestemmingshoofdgroep?: string;
  artikelnummer?: string;
  /** The bestemmingsvlakken an aanduiding, maatvoering or figuur belongs to. */
  bestemmingsvlakken?: string[];
  /** Maatvoering: each value with its type (e.g. maximum bouwhoogte (m) → 10). */
  waarden?: { waardeType: string; waarde: string }[];
  geometrie: Geometrie;
}

/** IMRO2012 planstatus values. */
export const PLANSTATUSSEN = ['concept', 'voorontwerp', 'ontwerp', 'vastgesteld', 'geconsolideerd', 'onherroepelijk'] as const;
export type Planstatus = (typeof PLANSTATUSSEN)[number];

export interface Bestemmingsplan {
  /** e.g. NL.IMRO.0798.BPDoornboom-ON01 */
  identificatie: string;
  naam: string;
  typePlan: string;
  planstatus: Planstatus;
  /** The date of the planstatus (jjjj-mm-dd). */
  datum: string;
  /** The gemeente as bevoegd gezag code (gm0798). */
  bevoegdGezag: string;
  geometrie: Geometrie;
  objecten: Planobject[];
}

/** Vigerend (in force) or still in procedure, as ruimtelijkeplannen.nl shows plans. */
export function procedure(planstatus: Planstatus): 'vigerend' | 'in procedure' {
  return planstatus === 'concept' || planstatus === 'voorontwerp' || planstatus === 'ontwerp' ? 'in procedure' : 'vigerend';
}

/** A plan without its objects: what `BestemmingsplanGeleverd` carries. */
export type Plankop = Omit<Bestemmingsplan, 'objecten'>;

/**
 * A delivery is one `BestemmingsplanGeleverd` (the plan, how many parts follow) and its objects
 * in parts under `MAX_DEEL_BYTES`, so a large plan fits the event store's size per event. Each
 * delivery replaces the plan's objects; `kenmerk` (a hash of the whole plan, made by the
 * caller) says whether a delivery is the same as the last.
 */
export type BestemmingsplanEvent =
  | { type: 'BestemmingsplanGeleverd'; data: { kenmerk: string; plan: Plankop; delen: number; objecten: number } }
  | { type: 'PlanobjectenGeleverd'; data: { kenmerk: string; identificatie: string; deel: number; objecten: Planobject[] } };

export interface PlanState {
  /** The kenmerk of the last delivery. */
  kenmerk?: string;
  bevoegdGezag?: string;
  leveringen: number;
}

export const beginPlan = (): PlanState => ({ leveringen: 0 });
export const planStream = (identificatie: string) => `bestemmingsplan-${identificatie}`;

export function evolvePlan(state: PlanState, event: BestemmingsplanEvent): PlanState {
  switch (event.type) {
    case 'BestemmingsplanGeleverd':
      return { kenmerk: event.data.kenmerk, bevoegdGezag: event.data.plan.bevoegdGezag, leveringen: state.leveringen + 1 };
    case 'PlanobjectenGeleverd':
      return state;
  }
}

/** One problem in a delivered plan, naming the object. */
export interface Planfout {
  /** The IMRO feature type: Bestemmingsplangebied, Enkelbestemming, … */
  element: string;
  identificatie: string;
  reden: string;
}

export class PlanFout extends Error {
  override name = 'PlanFout';
  constructor(
    message: string,
    readonly fouten: Planfout[],
    readonly code: 'ongeldige_inhoud' | 'niet_bevoegd' = 'ongeldige_inhoud',
  ) {
    super(message);
  }
}

const DATUM = /^\d{4}-\d{2}-\d{2}$/;

/** The problems of a plan that make it unfit to store: unknown status, doubles, dangling references. */
export function controleer(plan: Bestemmingsplan): Planfout[] {
  const fouten: Planfout[] = [];
  if (!PLANSTATUSSEN.includes(plan.planstatus)) fouten.push({ element: 'Bestemmingsplangebied', identificatie: plan.identificatie, reden: `onbekende planstatus ${JSON.stringify(plan.planstatus)}` });
  if (!DATUM.test(plan.datum) || Number.isNaN(Date.parse(plan.datum))) fouten.push({ element: 'Bestemmingsplangebied', identificatie: plan.identificatie, reden: `datum ${JSON.stringify(plan.datum)} is geen datum` });
  if (!/^gm\d{4}$/.test(plan.bevoegdGezag)) fouten.push({ element: 'Bestemmingsplangebied', identificatie: plan.identificatie, reden: `${plan.bevoegdGezag} is geen gemeentecode` });
  const vlak = (element: string, id: string, g: Geometrie) => {
    const reden = controleerGeometrie(g);
    if (reden) fouten.push({ element, identificatie: id, reden });
  };
  vlak('Bestemmingsplangebied', plan.identificatie, plan.geometrie);
  const typen = new Map<string, Planobjecttype>();
  for (const o of plan.objecten) {
    if (typen.has(o.identificatie)) fouten.push({ element: o.type, identificatie: o.identificatie, reden: 'komt twee keer voor' });
    typen.set(o.identificatie, o.type);
    if (!PLANOBJECTTYPEN.includes(o.type)) fouten.push({ element: o.type, identificatie: o.identificatie, reden: `onbekend planobject ${o.type}` });
    vlak(o.type, o.identificatie, o.geometrie);
  }
  for (const o of plan.objecten) {
    for (const v of o.bestemmingsvlakken ?? []) {
      const type = typen.get(v);
      if (!type) fouten.push({ element: o.type, identificatie: o.identificatie, reden: `verwijst naar bestemmingsvlak ${v}, dat er niet is` });
      else if (!BESTEMMINGEN.includes(type)) fouten.push({ element: o.type, identificatie: o.identificatie, reden: `verwijst naar ${v}, een ${type} en geen bestemming` });
    }
  }
  return fouten;
}

/** The JSON size of one part of a delivery (the event store takes at most 1 MiB per event). */
export const MAX_DEEL_BYTES = 512 * 1024;
/** The largest single planobject, as JSON. */
export const MAX_OBJECT_BYTES = 900 * 1024;

/**
 * Imports a delivered plan: its events when it differs from the last delivery, none when it is
 * the same. `door` is the gemeente delivering it, when a bevoegd gezag does (not the beheerder).
 */
export function importeer(state: PlanState, plan: Bestemmingsplan, kenmerk: string, door?: { bevoegdGezag: string }): BestemmingsplanEvent[] {
  if (door && plan.bevoegdGezag !== door.bevoegdGezag) {
    throw new PlanFout(`Het plan ${plan.identificatie} is van ${plan.bevoegdGezag}; u levert voor ${door.bevoegdGezag}`, [{ element: 'Bestemmingsplangebied', identificatie: plan.identificatie, reden: 'niet bevoegd' }], 'niet_bevoegd');
  }
  if (door && state.bevoegdGezag && state.bevoegdGezag !== door.bevoegdGezag) {
    throw new PlanFout(`Het plan ${plan.identificatie} is eerder geleverd door ${state.bevoegdGezag}`, [{ element: 'Bestemmingsplangebied', identificatie: plan.identificatie, reden: 'niet bevoegd' }], 'niet_bevoegd');
  }
  const fouten = controleer(plan);
  const { objecten, ...kop } = plan;
  const groottes = objecten.map((o) => Buffer.byteLength(JSON.stringify(o)) + 1);
  const metKop = [...objecten.map((o, i) => [o.type, o.identificatie, groottes[i]!] as const), ['Bestemmingsplangebied', plan.identificatie, Buffer.byteLength(JSON.stringify(kop))] as const];
  for (const [element, identificatie, bytes] of metKop) {
    if (bytes > MAX_OBJECT_BYTES) fouten.push({ element, identificatie, reden: `${bytes} bytes, groter dan ${MAX_OBJECT_BYTES}; vereenvoudig de geometrie` });
  }
  if (fouten.length > 0) throw new PlanFout(`Het plan ${plan.identificatie} heeft ${fouten.length} fout(en); de eerste: ${fouten[0]!.identificatie}: ${fouten[0]!.reden}`, fouten);
  if (state.kenmerk === kenmerk) return [];

  const delen: Planobject[][] = [];
  let deel: Planobject[] = [];
  let grootte = 0;
  for (const [i, o] of objecten.entries()) {
    const bytes = groottes[i]!;
    if (grootte + bytes > MAX_DEEL_BYTES && deel.length > 0) {
      delen.push(deel);
      deel = [];
      grootte = 0;
    }
    deel.push(o);
    grootte += bytes;
  }
  if (deel.length > 0) delen.push(deel);
  return [
    { type: 'BestemmingsplanGeleverd', data: { kenmerk, plan: kop, delen: delen.length, objecten: objecten.length } },
    ...delen.map((d, i): BestemmingsplanEvent => ({ type: 'PlanobjectenGeleverd', data: { kenmerk, identificatie: plan.identificatie, deel: i + 1, objecten: d } })),
  ];
}
