/**
 * Toepasbare regels (STTR): a DMN decision model of one bevoegd gezag for one activiteit, with
 * the STTR extensions: uitvoeringsregels (the questions), regelgroepen (their order),
 * maatregelen (content) and the link of a decision to the functionele structuur. Read from DMN
 * 1.1, 1.2 or 1.3 by infrastructure/sttr; evaluated by `evaluatie.ts`. Pure data.
 */

/** The DMN hit policies; COLLECT may aggregate. */
export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export type Aggregatie = 'SUM' | 'COUNT' | 'MIN' | 'MAX';

/** An option of a list question: its text is also the value the decisions test ("Voorkant"). */
export interface Optie {
  volgnummer: number;
  tekst: string;
  toelichting?: string;
}

/** A question (STTR uitvoeringsregel with a vraag). */
export interface Uitvoeringsregel {
  id: string;
  /** The regelgroep it belongs to, and its order within the model (lower first). */
  regelgroep?: string;
  prioriteit?: number;
  vraag?: {
    gegevensType: Gegevenstype;
    tekst: string;
    /** For a list question: one answer (enkelAntwoord) or several (meerdereAntwoorden). */
    opties?: Optie[];
    meerdereAntwoorden?: boolean;
  };
  /**
   * A value the model sets itself instead of asking (uitv:vasteWaarde), with the question it
   * stands for; with a voorbehoud, the conclusion holds on that condition (uitv:tekstVoorbehoud).
   */
  vasteWaarde?: { vraag: string; waarde: string; gegevensType: Gegevenstype; voorbehoud?: string };
  /** A question answered from the location (uitv:geoVerwijzing): is it in this locatie (IMOW id)? */
  geoVerwijzing?: { locatie: string; vraag: string };
  /** A document to hand in (uitv:bijlage), for indieningsvereisten. */
  bijlage?: { type: string };
  /** Short and long explanation shown with the question (content:uitvoeringsregelToelichting). */
  toelichting?: string;
  langeToelichting?: string;
}

export type Gegevenstype = 'boolean' | 'number' | 'string' | 'list' | 'date';

export interface Regelgroep {
  id: string;
  naam: string;
  prioriteit: number;
}

/** An input of the model (DMN inputData): a name the decisions use, answered by an uitvoeringsregel. */
export interface Invoer {
  id: string;
  naam: string;
  typeRef?: string;
  uitvoeringsregel?: string;
}

export interface Beslisregel {
  id: string;
  /** Unary tests, one per input ("-" matches anything). */
  invoer: string[];
  /** FEEL expressions, one per output. */
  uitvoer: string[];
  /** Annotations (often the juridische regel behind the rule, as an AKN id). */
  annotaties: string[];
  /** Explanation with the conclusion (content:conclusieToelichting). */
  toelichting?: string;
}

export interface Beslistabel {
  soort: 'beslistabel';
  hitPolicy: HitPolicy;
  aggregatie?: Aggregatie;
  invoer: { id: string; expressie: string; typeRef?: string }[];
  /** One or more outputs; `waarden` (outputValues) give PRIORITY and OUTPUT ORDER their order. */
  uitvoer: { id: string; naam?: string; typeRef?: string; waarden?: string[] }[];
  regels: Beslisregel[];
}

export interface Expressie {
  soort: 'expressie';
  tekst: string;
}

/** A decision of another model (DMN invocation of an aansluitpunt): by model name and decision name. */
export interface Aanroep {
  soort: 'aanroep';
  model: string;
  beslissing: string;
}

/** A decision (DMN decision), with what it needs: other decisions and inputs, by id. */
export interface Beslissing {
  id: string;
  naam: string;
  typeRef?: string;
  vereisteBeslissingen: string[];
  vereisteInvoer: string[];
  /** The concept in the functionele structuur (bedr:functioneleStructuurRef), e.g. the activiteit. */
  functioneleStructuur?: string;
  logica: Beslistabel | Expressie | Aanroep;
}

/** A maatregel (content:maatregel): what to do, how often, on which thema. */
export interface Maatregel {
  id: string;
  nummer: string;
  tekst: string;
  toelichting?: string;
  frequentie?: string;
  volgorde?: number;
  kenmerk?: string;
  thema?: string;
}

export interface DmnModel {
  id: string;
  naam: string;
  namespace: string;
  /** The DMN version of the file. */
  dmnVersie: '1.1' | '1.2' | '1.3';
  regelgroepen: Regelgroep[];
  uitvoeringsregels: Record<string, Uitvoeringsregel>;
  invoer: Record<string, Invoer>;
  beslissingen: Record<string, Beslissing>;
  maatregelen: Maatregel[];
}

/** The decisions no other decision needs: what the model answers. */
export function hoofdbeslissingen(model: DmnModel): Beslissing[] {
  const nodig = new Set(Object.values(model.beslissingen).flatMap((b) => b.vereisteBeslissingen));
  return Object.values(model.beslissingen).filter((b) => !nodig.has(b.id));
}

/** What a question says, the same wherever it is shown (the check, the API, `npm run sttr`). */
export interface Vraagbeschrijving {
  tekst: string;
  type: Gegevenstype | string;
  opties?: Optie[];
  meerdereAntwoorden?: boolean;
  toelichting?: string;
  /** For a document to hand in (uitv:bijlage): its type. */
  bijlage?: string;
}

/**
 * The question behind an input: its text (the vraag, else what a geo question or a fixed value
 * stands for, else "Bijlage: …" for a document, else the input's name), its type (a geo or
 * bijlage question without one is a yes/no), options and explanation.
 */
export function vraagbeschrijving(model: DmnModel, invoerId: string): Vraagbeschrijving {
  const invoer = model.invoer[invoerId]!;
  const u = invoer.uitvoeringsregel ? model.uitvoeringsregels[invoer.uitvoeringsregel] : undefined;
  return {
    tekst: u?.vraag?.tekst ?? u?.geoVerwijzing?.vraag ?? u?.vasteWaarde?.vraag ?? (u?.bijlage ? `Bijlage: ${u.bijlage.type}` : invoer.naam),
    type: u?.vraag?.gegevensType ?? u?.vasteWaarde?.gegevensType ?? invoer.typeRef ?? (u?.geoVerwijzing || u?.bijlage ? 'boolean' : 'string'),
    ...(u?.vraag?.opties ? { opties: u.vraag.opties, ...(u.vraag.meerdereAntwoorden ? { meerdereAntwoorden: true } : {}) } : {}),
    ...(u?.bijlage ? { bijlage: u.bijlage.type } : {}),
    ...(u?.toelichting ? { toelichting: u.toelichting } : {}),
  };
}
