/**
 * Evaluating a toepasbare-regels model (DMN) on the answers given so far, with FEEL by a real
 * interpreter (@bpmn-io/feelin, pure). What is not answered yet is unknown, not false: a rule
 * that depends on it may still match. A decision is determined as soon as no unknown answer
 * can change it, so the questions still needed are only those that can: a question whose
 * answer cannot change any outcome is never asked. Pure: no I/O.
 */
import { evaluate, unaryTest } from '@bpmn-io/feelin';
import { hoofdbeslissingen, type Beslissing, type Beslistabel, type DmnModel, type Gegevenstype } from './model.ts';

/** Why an evaluation cannot go on: a table that breaks its own hit policy, an answer of the wrong type. */
export class EvaluatieFout extends Error {
  override name = 'EvaluatieFout';
  constructor(
    readonly element: string,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/** The outcome of one decision on the answers so far. */
export interface Beslisuitkomst {
  /** False while an unanswered question can still change it. */
  bepaald: boolean;
  /** The value (null: no rule matched); undefined while not determined. */
  waarde?: unknown;
  /** The rules that matched (for a table), in rule order. */
  regels: string[];
  /** Their annotations (often the juridische regel behind them) and explanations. */
  annotaties: string[];
  toelichtingen: string[];
  /** Inputs (ids) whose answer could still change it. */
  nodig: string[];
  /** Set when it cannot be determined here at all: a decision of another model that is not loaded. */
  extern?: string;
}

export interface Evaluatie {
  /** Per decision that was looked at, by id. */
  beslissingen: Record<string, Beslisuitkomst>;
  /** The decisions the model answers (none needs them), by id. */
  hoofd: Record<string, Beslisuitkomst>;
  /** The questions still needed, as inputs (ids), in the order the model asks them. */
  nodig: string[];
}

/** Answers by inputData id. */
export type Antwoorden = Record<string, unknown>;

export interface Evaluatieopties {
  /** Evaluates a decision of another model (an aansluitpunt); undefined: not available here. */
  aanroep?: (model: string, beslissing: string) => Beslisuitkomst | undefined;
}

const ONBEKEND = /Variable '(.+)' not found/;
const nietBepaald = (nodig: Iterable<string>, extern?: string): Beslisuitkomst => ({ bepaald: false, regels: [], annotaties: [], toelichtingen: [], nodig: [...new Set(nodig)], ...(extern ? { extern } : {}) });

/** The value of an answer for FEEL, from how the model types it (a fixed value is text in the file). */
export function waardeVan(type: Gegevenstype | string | undefined, waarde: unknown): unknown {
  if (typeof waarde !== 'string') return waarde;
  if (type === 'boolean') return waarde === 'true' ? true : waarde === 'false' ? false : waarde;
  if (type === 'number' && waarde.trim() !== '' && Number.isFinite(Number(waarde))) return Number(waarde);
  return waarde;
}

/**
 * Evaluates every decision the model answers, on these answers (by inputData id). Inputs the
 * model fixes itself (uitv:vasteWaarde) are filled in; others not given are unknown.
 */
export function evalueer(model: DmnModel, antwoorden: Antwoorden, opties: Evaluatieopties = {}): Evaluatie {
  const bekend = new Map<string, unknown>();
  for (const invoer of Object.values(model.invoer)) {
    const vast = invoer.uitvoeringsregel ? model.uitvoeringsregels[invoer.uitvoeringsregel]?.vasteWaarde : undefined;
    if (Object.hasOwn(antwoorden, invoer.id)) bekend.set(invoer.id, antwoorden[invoer.id]);
    else if (vast) bekend.set(invoer.id, waardeVan(vast.gegevensType, vast.waarde));
  }
  const idVanNaam = new Map<string, string>([...Object.values(model.invoer).map((i) => [i.naam, i.id] as const), ...Object.values(model.beslissingen).map((b) => [b.naam, b.id] as const)]);
  const uitkomsten: Record<string, Beslisuitkomst> = {};

  const beslis = (id: string): Beslisuitkomst => {
    const klaar = uitkomsten[id];
    if (klaar) return klaar;
    const b = model.beslissingen[id]!;
    const context: Record<string, unknown> = {};
    const vereist = b.vereisteBeslissingen.map(beslis);
    b.vereisteBeslissingen.forEach((v, i) => {
      if (vereist[i]!.bepaald) context[model.beslissingen[v]!.naam] = vereist[i]!.waarde;
    });
    for (const i of b.vereisteInvoer) if (bekend.has(i)) context[model.invoer[i]!.naam] = bekend.get(i);
    /** What an unknown name in FEEL stands for: the input to ask, or what the undetermined decision still needs. */
    const nodigVoor = (naam: string): string[] => {
      const gevonden = idVanNaam.get(naam);
      if (!gevonden) throw new EvaluatieFout('beslissing', b.id, `Beslissing ${b.naam} gebruikt ${JSON.stringify(naam)}, dat geen invoer of beslissing van het model is`);
      return model.invoer[gevonden] ? [gevonden] : beslis(gevonden).nodig;
    };
    let uitkomst = beslisMet(b, context, nodigVoor, opties);
    // Open with no question left: it waits for a decision of another model it needs (through others).
    if (!uitkomst.bepaald && uitkomst.nodig.length === 0 && !uitkomst.extern) {
      const extern = vereist.flatMap((v) => (v.extern ? [v.extern] : []));
      if (extern.length) uitkomst = { ...uitkomst, extern: [...new Set(extern)].join('; ') };
    }
    uitkomsten[id] = uitkomst;
    return uitkomst;
  };

  const hoofd: Record<string, Beslisuitkomst> = {};
  for (const b of hoofdbeslissingen(model)) hoofd[b.id] = beslis(b.id);
  return { beslissingen: uitkomsten, hoofd, nodig: opVraagvolgorde(model, Object.values(hoofd).flatMap((u) => u.nodig)) };
}

/** FEEL evaluated in a context; `onbekend` lists the names it needed that the context lacks. */
function feel(tekst: string, context: Record<string, unknown>): { waarde: unknown; onbekend: string[] } {
  const { value, warnings } = evaluate(tekst, context);
  const onbekend = warnings.flatMap((w) => (w.type === 'NO_VARIABLE_FOUND' ? [ONBEKEND.exec(w.message)?.[1] ?? ''] : []));
  return { waarde: value, onbekend };
}

type Status = 'ja' | 'nee' | 'misschien';

function beslisMet(b: Beslissing, context: Record<string, unknown>, nodigVoor: (naam: string) => string[], opties: Evaluatieopties): Beslisuitkomst {
  const logica = b.logica;
  if (logica.soort === 'aanroep') {
    return opties.aanroep?.(logica.model, logica.beslissing) ?? nietBepaald([], `${logica.model}: ${logica.beslissing}`);
  }
  if (logica.soort === 'expressie') {
    const { waarde, onbekend } = feel(logica.tekst, context);
    if (onbekend.length) return nietBepaald(onbekend.flatMap(nodigVoor));
    return { bepaald: true, waarde, regels: [], annotaties: [], toelichtingen: [], nodig: [] };
  }
  return beslisTabel(b, logica, context, nodigVoor);
}

function beslisTabel(b: Beslissing, tabel: Beslistabel, context: Record<string, unknown>, nodigVoor: (naam: string) => string[]): Beslisuitkomst {
  // The value of each input, or the names it needs that are not known yet.
  const invoer = tabel.invoer.map((i) => feel(i.expressie, context));
  const statussen: Status[] = [];
  const nodigPerRegel: string[][] = [];
  for (const regel of tabel.regels) {
    let status = 'ja' as Status;
    const nodig: string[] = [];
    regel.invoer.forEach((test, k) => {
      if (status === 'nee') return;
      const t = test.trim();
      if (t === '' || t === '-') return;
      const v = invoer[k]!;
      if (v.onbekend.length) {
        status = 'misschien';
        nodig.push(...v.onbekend.flatMap(nodigVoor));
        return;
      }
      let past: unknown;
      try {
        past = unaryTest(t, { ...context, '?': v.waarde }).value;
      } catch (error) {
        throw new EvaluatieFout('inputEntry', regel.id, `De test ${JSON.stringify(t)} in regel ${regel.id} van ${b.naam} is geen geldige FEEL: ${(error as Error).message}`);
      }
      if (past !== true) status = 'nee';
    });
    statussen.push(status);
    nodigPerRegel.push(status === 'misschien' ? nodig : []);
  }
  const ja = tabel.regels.filter((_, i) => statussen[i] === 'ja');
  const misschien = tabel.regels.flatMap((_, i) => (statussen[i] === 'misschien' ? [i] : []));
  const nodigVanMisschien = () => misschien.flatMap((i) => nodigPerRegel[i]!);
  const uitvoer = (regelIndex: number) => {
    const regel = tabel.regels[regelIndex]!;
    const waarden = regel.uitvoer.map((e) => feel(e, context));
    const onbekend = waarden.flatMap((w) => w.onbekend);
    if (onbekend.length) return { onbekend };
    if (tabel.uitvoer.length === 1) return { waarde: waarden[0]!.waarde };
    return { waarde: Object.fromEntries(tabel.uitvoer.map((o, k) => [o.naam ?? o.id, waarden[k]!.waarde])) };
  };
  const jaIndex = tabel.regels.flatMap((_, i) => (statussen[i] === 'ja' ? [i] : []));
  const uitkomst = (indexen: number[], waarde: unknown): Beslisuitkomst => {
    const regels = indexen.map((i) => tabel.regels[i]!);
    return {
      bepaald: true,
      waarde,
      regels: regels.map((r) => r.id),
      // An annotation is often a FEEL string literal ("/akn/…"): the text is what it names.
      annotaties: regels.flatMap((r) => r.annotaties.map((a) => a.trim().replace(/^"(.*)"$/s, '$1'))),
      toelichtingen: regels.flatMap((r) => (r.toelichting ? [r.toelichting] : [])),
      nodig: [],
    };
  };
  const waardeVanRegels = (indexen: number[]): { waarden: unknown[]; onbekend: string[] } => {
    const uit = indexen.map(uitvoer);
    return { waarden: uit.map((u) => u.waarde), onbekend: uit.flatMap((u) => u.onbekend ?? []) };
  };
  /** Priority of a rule's output: the place of its value in the outputValues (lower is higher), per output. */
  const prioriteit = (i: number): number[] =>
    tabel.regels[i]!.uitvoer.map((tekst, k) => {
      const plek = tabel.uitvoer[k]!.waarden?.indexOf(tekst.trim()) ?? -1;
      return plek === -1 ? Number.MAX_SAFE_INTEGER : plek;
    });
  const hoger = (a: number[], c: number[]) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== c[k]) return a[k]! < c[k]!;
    return false;
  };

  switch (tabel.hitPolicy) {
    case 'UNIQUE':
    case 'ANY': {
      if (jaIndex.length === 0) return misschien.length ? nietBepaald(nodigVanMisschien()) : uitkomst([], null);
      const { waarden, onbekend } = waardeVanRegels(jaIndex);
      if (onbekend.length) return nietBepaald(onbekend.flatMap(nodigVoor));
      if (tabel.hitPolicy === 'UNIQUE' && jaIndex.length > 1) {
        throw new EvaluatieFout('decisionTable', b.id, `Beslistabel ${b.naam} (UNIQUE) heeft meer dan één passende regel: ${ja.map((r) => r.id).join(', ')}`);
      }
      if (waarden.some((w) => JSON.stringify(w) !== JSON.stringify(waarden[0]))) {
        throw new EvaluatieFout('decisionTable', b.id, `Beslistabel ${b.naam} (ANY) heeft passende regels met verschillende uitkomsten: ${ja.map((r) => r.id).join(', ')}`);
      }
      return uitkomst(jaIndex, waarden[0]);
    }
    case 'FIRST': {
      const eerste = statussen.findIndex((s) => s !== 'nee');
      if (eerste === -1) return uitkomst([], null);
      if (statussen[eerste] === 'misschien') return nietBepaald(nodigPerRegel[eerste]!);
      const { waarden, onbekend } = waardeVanRegels([eerste]);
      return onbekend.length ? nietBepaald(onbekend.flatMap(nodigVoor)) : uitkomst([eerste], waarden[0]);
    }
    case 'PRIORITY': {
      if (jaIndex.length === 0) return misschien.length ? nietBepaald(nodigVanMisschien()) : uitkomst([], null);
      const beste = jaIndex.reduce((a, c) => (hoger(prioriteit(c), prioriteit(a)) ? c : a));
      // A rule that may still match with a higher priority could still win.
      const kanWinnen = misschien.filter((i) => hoger(prioriteit(i), prioriteit(beste)));
      if (kanWinnen.length) return nietBepaald(kanWinnen.flatMap((i) => nodigPerRegel[i]!));
      const { waarden, onbekend } = waardeVanRegels([beste]);
      return onbekend.length ? nietBepaald(onbekend.flatMap(nodigVoor)) : uitkomst([beste], waarden[0]);
    }
    case 'COLLECT':
    case 'RULE ORDER':
    case 'OUTPUT ORDER': {
      if (misschien.length) return nietBepaald(nodigVanMisschien());
      const volgorde = tabel.hitPolicy === 'OUTPUT ORDER' ? [...jaIndex].sort((a, c) => (hoger(prioriteit(a), prioriteit(c)) ? -1 : hoger(prioriteit(c), prioriteit(a)) ? 1 : a - c)) : jaIndex;
      const { waarden, onbekend } = waardeVanRegels(volgorde);
      if (onbekend.length) return nietBepaald(onbekend.flatMap(nodigVoor));
      if (tabel.hitPolicy !== 'COLLECT' || !tabel.aggregatie) return uitkomst(volgorde, waarden);
      if (tabel.aggregatie === 'COUNT') return uitkomst(volgorde, waarden.length);
      const getallen = waarden.map((w) => {
        if (typeof w !== 'number') throw new EvaluatieFout('decisionTable', b.id, `Beslistabel ${b.naam} telt met ${tabel.aggregatie} op, maar een uitkomst is geen getal: ${JSON.stringify(w)}`);
        return w;
      });
      if (getallen.length === 0) return uitkomst(volgorde, null);
      const waarde = tabel.aggregatie === 'SUM' ? getallen.reduce((a, c) => a + c, 0) : tabel.aggregatie === 'MIN' ? Math.min(...getallen) : Math.max(...getallen);
      return uitkomst(volgorde, waarde);
    }
  }
}

/** Inputs in the order the model asks their questions: regelgroep, then the uitvoeringsregel's prioriteit. */
export function opVraagvolgorde(model: DmnModel, invoer: Iterable<string>): string[] {
  const groep = new Map(model.regelgroepen.map((g) => [g.id, g.prioriteit]));
  const sleutel = (id: string): [number, number, string] => {
    const u = model.uitvoeringsregels[model.invoer[id]?.uitvoeringsregel ?? ''];
    return [groep.get(u?.regelgroep ?? '') ?? Number.MAX_SAFE_INTEGER, u?.prioriteit ?? Number.MAX_SAFE_INTEGER, model.invoer[id]?.naam ?? id];
  };
  return [...new Set(invoer)].sort((a, c) => {
    const [ga, pa, na] = sleutel(a);
    const [gc, pc, nc] = sleutel(c);
    return ga - gc || pa - pc || na.localeCompare(nc, 'nl');
  });
}

/**
 * Checks an answer against its question: the type, and for a list question an option that
 * exists. Returns the value as FEEL takes it, or throws with the reason.
 */
export function controleerAntwoord(model: DmnModel, invoerId: string, antwoord: unknown): unknown {
  const invoer = model.invoer[invoerId];
  if (!invoer) throw new EvaluatieFout('inputData', invoerId, `${invoerId} is geen vraag van dit model`);
  const vraag = invoer.uitvoeringsregel ? model.uitvoeringsregels[invoer.uitvoeringsregel]?.vraag : undefined;
  const type = vraag?.gegevensType ?? invoer.typeRef;
  const fout = (reden: string) => new EvaluatieFout('inputData', invoerId, `Het antwoord op "${vraag?.tekst ?? invoer.naam}" ${reden}`);
  if (type === 'boolean' && typeof antwoord !== 'boolean') throw fout('is ja of nee (true of false)');
  if (type === 'number' && (typeof antwoord !== 'number' || !Number.isFinite(antwoord))) throw fout('is een getal');
  if ((type === 'string' || type === 'date') && typeof antwoord !== 'string') throw fout('is tekst');
  if (vraag?.opties?.length) {
    const gekozen = vraag.meerdereAntwoorden && Array.isArray(antwoord) ? antwoord : [antwoord];
    const bestaand = vraag.opties.map((o) => o.tekst);
    for (const g of gekozen) if (!bestaand.includes(g as string)) throw fout(`is een van: ${bestaand.join(', ')}; niet ${JSON.stringify(g)}`);
  }
  return antwoord;
}
