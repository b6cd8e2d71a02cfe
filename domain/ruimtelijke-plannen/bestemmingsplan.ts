/**
 * Bestemmingsplannen (IMRO2012), the overbrugging of ruimtelijke plannen: events, state,
 * evolve and decide. A plan is delivered whole; each delivery that differs from the last is a
 * `BestemmingsplanGeimporteerd` event, so its history (ontwerp, vastgesteld, …) is kept.
 */

import type { Geometrie } from '../omgevingsdocumenten/inhoud.ts';

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

export type BestemmingsplanEvent = { type: 'BestemmingsplanGeimporteerd'; data: { plan: Bestemmingsplan } };

export interface PlanState {
  /** The last delivered plan as JSON, to see whether a delivery changes anything. */
  laatste?: string;
  leveringen: number;
}

export const beginPlan = (): PlanState => ({ leveringen: 0 });
export const planStream = (identificatie: string) => `bestemmingsplan-${identificatie}`;

export function evolvePlan(state: PlanState, event: BestemmingsplanEvent): PlanState {
  switch (event.type) {
    case 'BestemmingsplanGeimporteerd':
      return { laatste: JSON.stringify(event.data.plan), leveringen: state.leveringen + 1 };
  }
}

/** One problem in a delivered plan, naming the object. */
export interface Planfout {
  identificatie: string;
  reden: string;
}

export class PlanFout extends Error {
  override name = 'PlanFout';
  constructor(
    message: string,
    readonly fouten: Planfout[],
  ) {
    super(message);
  }
}

const DATUM = /^\d{4}-\d{2}-\d{2}$/;

/** The problems of a plan that make it unfit to store: unknown status, doubles, dangling references. */
export function controleer(plan: Bestemmingsplan): Planfout[] {
  const fouten: Planfout[] = [];
  if (!PLANSTATUSSEN.includes(plan.planstatus)) fouten.push({ identificatie: plan.identificatie, reden: `onbekende planstatus ${JSON.stringify(plan.planstatus)}` });
  if (!DATUM.test(plan.datum) || Number.isNaN(Date.parse(plan.datum))) fouten.push({ identificatie: plan.identificatie, reden: `datum ${JSON.stringify(plan.datum)} is geen datum` });
  if (!/^gm\d{4}$/.test(plan.bevoegdGezag)) fouten.push({ identificatie: plan.identificatie, reden: `${plan.bevoegdGezag} is geen gemeentecode` });
  const typen = new Map<string, Planobjecttype>();
  for (const o of plan.objecten) {
    if (typen.has(o.identificatie)) fouten.push({ identificatie: o.identificatie, reden: 'komt twee keer voor' });
    typen.set(o.identificatie, o.type);
    if (!PLANOBJECTTYPEN.includes(o.type)) fouten.push({ identificatie: o.identificatie, reden: `onbekend planobject ${o.type}` });
  }
  for (const o of plan.objecten) {
    for (const v of o.bestemmingsvlakken ?? []) {
      const type = typen.get(v);
      if (!type) fouten.push({ identificatie: o.identificatie, reden: `verwijst naar bestemmingsvlak ${v}, dat er niet is` });
      else if (!BESTEMMINGEN.includes(type)) fouten.push({ identificatie: o.identificatie, reden: `verwijst naar ${v}, een ${type} en geen bestemming` });
    }
  }
  return fouten;
}

/** Imports a delivered plan: an event when it differs from the last delivery, none when equal. */
export function importeer(state: PlanState, plan: Bestemmingsplan): BestemmingsplanEvent[] {
  const fouten = controleer(plan);
  if (fouten.length > 0) throw new PlanFout(`Het plan ${plan.identificatie} heeft ${fouten.length} fout(en); de eerste: ${fouten[0]!.identificatie}: ${fouten[0]!.reden}`, fouten);
  if (state.laatste === JSON.stringify(plan)) return [];
  return [{ type: 'BestemmingsplanGeimporteerd', data: { plan } }];
}
