/**
 * The STOP time model ("tijdreizen"), pure. Deliveries of consolidatie-informatie (from a
 * besluit, a rectificatie, an inwerkingtredingsbesluit, a court ruling) are replayed in the
 * order this system received them into the complete toestanden of each instrument: every
 * toestand that was ever known, with when it became known. A query on the four axes
 * (beschikbaarOp, bekendOp, inWerkingOp, geldigOp) then picks one toestand.
 */

/** A calendar date, `yyyy-mm-dd`; ISO dates compare correctly as strings. */
export type Datum = string;
/** A moment, ISO 8601 in UTC (`2020-01-25T15:03:00.000Z`); compares correctly as a string. */
export type Tijdstip = string;

export type SoortTijdstempel = 'juridischWerkendVanaf' | 'geldigVanaf';

/** One delivery of consolidatie-informatie, as STOP's ConsolidatieInformatie holds it. */
export interface Levering {
  /** When this system received it (STOP ontvangenOp; the event's recorded time). */
  ontvangenOp: Tijdstip;
  /** When it became public (STOP bekendOp): the publication, or the date of a court ruling. */
  bekendOp: Datum;
  /** New versions of instruments for doelen (BeoogdeRegeling, BeoogdInformatieobject); a later one for the same doel replaces it (rectificatie). */
  beoogdeVersies?: { doelen: string[]; instrumentversie: string }[];
  /** Instruments a doel withdraws (Intrekking): not in force from the doel's date. */
  intrekkingen?: { doelen: string[]; instrument: string }[];
  /** Dates per doel; a later one of the same kind for the same doel replaces it. */
  tijdstempels?: { doel: string; soort: SoortTijdstempel; datum: Datum }[];
  /** Tijdstempels taken back (TerugtrekkingTijdstempel), e.g. after vernietiging by a court. */
  terugtrekkingenTijdstempel?: { doel: string; soort: SoortTijdstempel }[];
  /** Versions or intrekkingen taken back for a doel (TerugtrekkingRegeling/-Intrekking), e.g. a withdrawn ontwerp. */
  terugtrekkingen?: { doel: string; instrument: string }[];
}

/** What an instrument is in a toestand: a version in force, or not in force (ingetrokken, vernietigd, not yet). */
export type ToestandInhoud = { instrumentversie: string } | { nietInWerking: true };

export interface Toestand {
  juridischWerkendVanaf: Datum;
  geldigVanaf: Datum;
  inhoud: ToestandInhoud;
  bekendOp: Datum;
  ontvangenOp: Tijdstip;
}

/** The four time axes of a query. Unset axes mean: as far as is known now. */
export interface Tijdreis {
  beschikbaarOp?: Tijdstip;
  bekendOp?: Datum;
  inWerkingOp?: Datum;
  geldigOp?: Datum;
}

/** The work id of an expression id: `/akn/nl/act/gm9999/2020/REG0001/nld@2020-01-20;1` → `/akn/nl/act/gm9999/2020/REG0001`. */
/** Orders ISO dates and moments (fixed-width ASCII): plain comparison, much faster than localeCompare. */
const vergelijk = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function instrumentVan(instrumentversie: string): string {
  const match = /^(.+)\/[a-z]{3}@[^/]*$/.exec(instrumentversie);
  if (!match) throw new Error(`Not an expression id: ${instrumentversie}`);
  return match[1]!;
}

/** What all deliveries so far say, per doel. */
interface Kennis {
  /** doel → instrument → version, or `null` for an intrekking. */
  inhoud: Map<string, Map<string, string | null>>;
  tijdstempels: Map<string, Partial<Record<SoortTijdstempel, Datum>>>;
}

function pasToe(kennis: Kennis, levering: Levering): void {
  const zet = (doel: string, instrument: string, versie: string | null) => {
    const perDoel = kennis.inhoud.get(doel) ?? new Map<string, string | null>();
    perDoel.set(instrument, versie);
    kennis.inhoud.set(doel, perDoel);
  };
  for (const v of levering.beoogdeVersies ?? []) for (const doel of v.doelen) zet(doel, instrumentVan(v.instrumentversie), v.instrumentversie);
  for (const i of levering.intrekkingen ?? []) for (const doel of i.doelen) zet(doel, i.instrument, null);
  for (const t of levering.tijdstempels ?? []) kennis.tijdstempels.set(t.doel, { ...kennis.tijdstempels.get(t.doel), [t.soort]: t.datum });
  for (const t of levering.terugtrekkingenTijdstempel ?? []) {
    const stempels = { ...kennis.tijdstempels.get(t.doel) };
    delete stempels[t.soort];
    kennis.tijdstempels.set(t.doel, stempels);
  }
  for (const t of levering.terugtrekkingen ?? []) kennis.inhoud.get(t.doel)?.delete(t.instrument);
}

/** A period of the actual timeline: from its dates on, until the next one. */
interface Periode {
  juridischWerkendVanaf: Datum;
  geldigVanaf: Datum;
  inhoud: ToestandInhoud;
}

/**
 * The actual toestanden of one instrument by what is known: every doel with a date starts a
 * period with its version (or not in force, for an intrekking). A doel without
 * juridischWerkendVanaf (a besluit awaiting its inwerkingtredingsbesluit) starts nothing.
 */
function actueleToestanden(kennis: Kennis, instrument: string): Periode[] {
  const perioden: Periode[] = [];
  for (const [doel, perInstrument] of kennis.inhoud) {
    if (!perInstrument.has(instrument)) continue;
    const stempels = kennis.tijdstempels.get(doel);
    const jwv = stempels?.juridischWerkendVanaf;
    if (!jwv) continue;
    const versie = perInstrument.get(instrument)!;
    perioden.push({
      juridischWerkendVanaf: jwv,
      geldigVanaf: stempels.geldigVanaf ?? jwv,
      inhoud: versie === null ? { nietInWerking: true } : { instrumentversie: versie },
    });
  }
  // Of two doelen on one date, the one whose first delivery came later wins (stable sort, last match).
  return perioden.sort((a, b) => vergelijk(a.juridischWerkendVanaf, b.juridischWerkendVanaf));
}

/** The period in force at a date in an actual timeline. */
function periodeOp(perioden: readonly Periode[], juridischWerkendOp: Datum, geldigOp: Datum): ToestandInhoud | undefined {
  let gevonden: ToestandInhoud | undefined;
  for (const p of perioden) if (p.juridischWerkendVanaf <= juridischWerkendOp && p.geldigVanaf <= geldigOp) gevonden = p.inhoud;
  return gevonden;
}

/** What a toestand holds as one string: the version, or '' for not in force. */
const inhoudSleutel = (i: ToestandInhoud | undefined) => (i && 'instrumentversie' in i ? i.instrumentversie : '');
const zelfde = (a: ToestandInhoud | undefined, b: ToestandInhoud | undefined) => inhoudSleutel(a) === inhoudSleutel(b);

type Grens = { juridischWerkendVanaf: Datum; geldigVanaf: Datum };

/**
 * The complete toestanden, built one delivery at a time (deliveries in the order received).
 * A delivery adds a toestand at each start date (ever known) where what is now known differs
 * from what a query found before; only starts from the earliest changed period on can differ.
 * Toestanden are only ever added, so a read model can append what `voegToe` returns.
 */
export class Consolidatie {
  private readonly kennis: Kennis = { inhoud: new Map(), tijdstempels: new Map() };
  private readonly resultaat = new Map<string, Toestand[]>();
  private readonly grenzen = new Map<string, Map<string, Grens>>();
  /** hoeken() of each instrument's grenzen, until a grens is added. */
  private readonly hoekenCache = new Map<string, Grens[]>();
  private readonly tijdlijnen = new Map<string, Periode[]>();
  /** Every instrument a delivery named. */
  private readonly alleInstrumenten = new Set<string>();
  /** The ontvangenOp of the last delivery: the next one may not be older. */
  laatsteOntvangenOp: Tijdstip = '';

  /** Adds one delivery; returns the toestanden it adds, per instrument. */
  voegToe(levering: Levering): Map<string, Toestand[]> {
    if (levering.ontvangenOp < this.laatsteOntvangenOp) throw new Error('Deliveries must be added in the order they were received');
    this.laatsteOntvangenOp = levering.ontvangenOp;
    pasToe(this.kennis, levering);
    for (const v of levering.beoogdeVersies ?? []) this.alleInstrumenten.add(instrumentVan(v.instrumentversie));
    for (const i of levering.intrekkingen ?? []) this.alleInstrumenten.add(i.instrument);
    const toegevoegd = new Map<string, Toestand[]>();
    for (const instrument of this.alleInstrumenten) {
      const nu = actueleToestanden(this.kennis, instrument);
      const was = this.tijdlijnen.get(instrument) ?? [];
      this.tijdlijnen.set(instrument, nu);
      const { vanaf, nieuwePerioden } = verschil(was, nu);
      if (vanaf === undefined) continue;
      // Every period of the last timeline is known already: only new ones can add a grens.
      const bekend = this.grenzen.get(instrument) ?? new Map<string, Grens>();
      const eerderBekend = bekend.size;
      for (const p of nieuwePerioden) bekend.set(`${p.juridischWerkendVanaf}|${p.geldigVanaf}`, { juridischWerkendVanaf: p.juridischWerkendVanaf, geldigVanaf: p.geldigVanaf });
      this.grenzen.set(instrument, bekend);
      if (bekend.size !== eerderBekend || !this.hoekenCache.has(instrument)) this.hoekenCache.set(instrument, hoeken([...bekend.values()]));
      const eerder = this.resultaat.get(instrument) ?? [];
      const nieuw: Toestand[] = [];
      // In date order, so a toestand added at an earlier start is seen at the later ones
      // (a moved inwerkingtreding adds "not in force" before a toestand at the new date).
      for (const grens of this.hoekenCache.get(instrument)!) {
        if (grens.juridischWerkendVanaf < vanaf) continue;
        const inhoud = periodeOp(nu, grens.juridischWerkendVanaf, grens.geldigVanaf);
        const reis = { inWerkingOp: grens.juridischWerkendVanaf, geldigOp: grens.geldigVanaf };
        const uitEerder = kies(eerder, reis);
        const uitNieuw = kies(nieuw, reis);
        const gevonden = (uitNieuw && (!uitEerder || later(uitNieuw, uitEerder)) ? uitNieuw : uitEerder)?.inhoud;
        if (zelfde(inhoud ?? { nietInWerking: true }, gevonden ?? { nietInWerking: true })) continue;
        nieuw.push({ ...grens, inhoud: inhoud ?? { nietInWerking: true }, bekendOp: levering.bekendOp, ontvangenOp: levering.ontvangenOp });
      }
      if (nieuw.length > 0) {
        eerder.push(...nieuw);
        this.resultaat.set(instrument, eerder);
        toegevoegd.set(instrument, nieuw);
      }
    }
    return toegevoegd;
  }

  /** Every toestand of an instrument so far, newest first. */
  toestanden(instrument: string): Toestand[] {
    return [...(this.resultaat.get(instrument) ?? [])].sort(nieuwsteEerst);
  }

  instrumenten(): string[] {
    return [...this.resultaat.keys()];
  }
}

/**
 * How two timelines differ, as sets of periods: the earliest juridischWerkendVanaf of a period
 * in one but not the other (undefined when equal), and the periods only the new one has.
 */
function verschil(was: readonly Periode[], nu: readonly Periode[]): { vanaf: Datum | undefined; nieuwePerioden: Periode[] } {
  const sleutel = (p: Periode) => `${p.juridischWerkendVanaf}|${p.geldigVanaf}|${inhoudSleutel(p.inhoud)}`;
  const sleutelsWas = was.map(sleutel);
  const sleutelsNu = nu.map(sleutel);
  const inWas = new Set(sleutelsWas);
  const inNu = new Set(sleutelsNu);
  // Periods sort by werkend date only; one that starts earlier in geldig can still change
  // queries at later werkend dates, never at earlier ones.
  let vanaf: Datum | undefined;
  const kijk = (p: Periode) => {
    if (vanaf === undefined || p.juridischWerkendVanaf < vanaf) vanaf = p.juridischWerkendVanaf;
  };
  sleutelsWas.forEach((k, i) => inNu.has(k) || kijk(was[i]!));
  const nieuwePerioden = nu.filter((p, i) => !inWas.has(sleutelsNu[i]!));
  nieuwePerioden.forEach(kijk);
  return { vanaf, nieuwePerioden };
}

/**
 * Replays deliveries in the order they were received and returns, per instrument, every
 * toestand that was ever known, newest first (as STOP's CompleteToestanden lists them).
 */
export function completeToestanden(leveringen: readonly Levering[]): Map<string, Toestand[]> {
  const consolidatie = new Consolidatie();
  for (const l of [...leveringen].sort((a, b) => vergelijk(a.ontvangenOp, b.ontvangenOp))) consolidatie.voegToe(l);
  return new Map(consolidatie.instrumenten().map((i) => [i, consolidatie.toestanden(i)]));
}

/**
 * The start dates where a query must be checked, in date order. Without terugwerkende kracht
 * these are the starts of the periods; with it, a query can fall between a later werkend and
 * an earlier geldig date of different periods, so every pair of known dates is a start.
 */
function hoeken(grenzen: Grens[]): Grens[] {
  const opVolgorde = (lijst: Grens[]) =>
    lijst.sort((a, b) => vergelijk(a.juridischWerkendVanaf, b.juridischWerkendVanaf) || vergelijk(a.geldigVanaf, b.geldigVanaf));
  if (grenzen.every((g) => g.geldigVanaf === g.juridischWerkendVanaf)) return opVolgorde(grenzen);
  const werkend = [...new Set(grenzen.map((g) => g.juridischWerkendVanaf))];
  const geldig = [...new Set(grenzen.map((g) => g.geldigVanaf))];
  return opVolgorde(werkend.flatMap((w) => geldig.map((g) => ({ juridischWerkendVanaf: w, geldigVanaf: g }))));
}

/**
 * The meaning of a tijdreis by definition: replay only the deliveries received by
 * beschikbaarOp and public by bekendOp, then look the dates up in the actual timeline.
 * Slow (a replay per query); the reference that complete toestanden must agree with.
 */
export function volgensDefinitie(leveringen: readonly Levering[], instrument: string, reis: Required<Tijdreis>): string | undefined {
  const kennis: Kennis = { inhoud: new Map(), tijdstempels: new Map() };
  const bekend = leveringen
    .filter((l) => l.ontvangenOp <= reis.beschikbaarOp && l.bekendOp <= reis.bekendOp)
    .sort((a, b) => vergelijk(a.ontvangenOp, b.ontvangenOp));
  for (const l of bekend) pasToe(kennis, l);
  const inhoud = periodeOp(actueleToestanden(kennis, instrument), reis.inWerkingOp, reis.geldigOp);
  return inhoud && 'instrumentversie' in inhoud ? inhoud.instrumentversie : undefined;
}

function nieuwsteEerst(a: Toestand, b: Toestand): number {
  return (
    vergelijk(b.ontvangenOp, a.ontvangenOp) ||
    vergelijk(b.bekendOp, a.bekendOp) ||
    vergelijk(b.juridischWerkendVanaf, a.juridischWerkendVanaf) ||
    vergelijk(b.geldigVanaf, a.geldigVanaf)
  );
}

/**
 * The toestand a time-travel query finds: of those received by beschikbaarOp, public by
 * bekendOp, in force by inWerkingOp and applying by geldigOp, the one that starts latest,
 * and of those the one known last. Undefined: the instrument was not in force (yet).
 */
export function kies(toestanden: readonly Toestand[], reis: Tijdreis): Toestand | undefined {
  let beste: Toestand | undefined;
  for (const t of toestanden) {
    if (reis.beschikbaarOp !== undefined && t.ontvangenOp > reis.beschikbaarOp) continue;
    if (reis.bekendOp !== undefined && t.bekendOp > reis.bekendOp) continue;
    if (reis.inWerkingOp !== undefined && t.juridischWerkendVanaf > reis.inWerkingOp) continue;
    if (reis.geldigOp !== undefined && t.geldigVanaf > reis.geldigOp) continue;
    if (!beste || later(t, beste)) beste = t;
  }
  return beste;
}

function later(a: Toestand, b: Toestand): boolean {
  const verschil =
    vergelijk(a.juridischWerkendVanaf, b.juridischWerkendVanaf) ||
    vergelijk(a.geldigVanaf, b.geldigVanaf) ||
    vergelijk(a.ontvangenOp, b.ontvangenOp) ||
    vergelijk(a.bekendOp, b.bekendOp);
  return verschil > 0;
}

/** The version in force for a query, or undefined when the instrument is not in force then. */
export function instrumentversieOp(toestanden: readonly Toestand[], reis: Tijdreis): string | undefined {
  const inhoud = kies(toestanden, reis)?.inhoud;
  return inhoud && 'instrumentversie' in inhoud ? inhoud.instrumentversie : undefined;
}
