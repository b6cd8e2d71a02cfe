/**
 * The STOP time model ("tijdreizen"), pure. Deliveries of consolidatie-informatie (from a
 * besluit, a rectificatie, an inwerkingtredingsbesluit, a court ruling) are replayed in the
 * order this system received them into the complete toestanden of each instrument: every
 * toestand that was ever known, with when it became known. A query on the four axes
 * (beschikbaarOp, bekendOp, inWerkingOp, geldigOp) then picks one toestand.
 */

/** A calendar date, `yyyy-mm-dd`; ISO dates compare correctly as strings. */
export type Datum = string;

const DATUM = /^\d{4}-\d{2}-\d{2}$/;

/** A date as jjjj-mm-dd that exists (not 2024-02-30, not 2024-13-01). */
export function echteDatum(waarde: string): boolean {
  const d = new Date(`${waarde}T00:00:00Z`);
  return DATUM.test(waarde) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === waarde;
}
/** A moment, ISO 8601 in UTC (`2020-01-25T15:03:00.000Z`); compares correctly as a string. */
export type Tijdstip = string;

export type SoortTijdstempel = 'juridischWerkendVanaf' | 'geldigVanaf';

/**
 * What a new version was made from (STOP gemaaktOpBasisVan): the version a doel brought, as
 * delivered at that gemaaktOp. The time model does not need it; a besluit takes it as its basis.
 */
export interface Basisversie {
  doel: string;
  gemaaktOp: Tijdstip;
}

/** One delivery of consolidatie-informatie, as STOP's ConsolidatieInformatie holds it. */
export interface Levering {
  /** When this system received it (STOP ontvangenOp; the event's recorded time). */
  ontvangenOp: Tijdstip;
  /** When it became public (STOP bekendOp): the publication, or the date of a court ruling. */
  bekendOp: Datum;
  /** New versions of instruments for doelen (BeoogdeRegeling, BeoogdInformatieobject); a later one for the same doel replaces it (rectificatie). */
  beoogdeVersies?: { doelen: string[]; instrumentversie: string; basisversies?: Basisversie[] }[];
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

/** A period of one doel in an instrument's timeline, with the doel's place in the order. */
interface DoelPeriode extends Periode {
  volgorde: number;
}

/** The first index in a sorted list where `voor` no longer holds (binary search). */
function eersteNiet<T>(lijst: readonly T[], voor: (x: T) => boolean): number {
  let lo = 0;
  let hi = lijst.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (voor(lijst[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the consolidation keeps per instrument. */
interface PerInstrument {
  /** The actual timeline: one period per doel with a date, by werkend date, ties by doel order. */
  tijdlijn: DoelPeriode[];
  perDoel: Map<string, DoelPeriode>;
  /** Every start ever known (`werkend|geldig`), and the starts to check, in date order (see hoeken). */
  grenzen: Map<string, Grens>;
  hoeken: Grens[];
  /** Whether a start had geldigVanaf before juridischWerkendVanaf: then every pair of dates is a start. */
  metTerugwerkendeKracht: boolean;
  /** Complete toestanden in the order added, and in the order of `volgordeVanStart` for lookups. */
  toestanden: Toestand[];
  opVolgorde: Toestand[];
}

/**
 * The complete toestanden, built one delivery at a time (deliveries in the order received).
 * A delivery adds a toestand at each start date (ever known) where what is now known differs
 * from what a query found before; only starts from the earliest changed period on can differ.
 * Only the doelen a delivery names are looked at, and lookups are binary searches, so a
 * regeling with thousands of besluiten costs little per delivery. Toestanden are only ever
 * added, so a read model can append what `voegToe` returns. `volgensDefinitie` is the
 * reference it is tested against.
 */
export class Consolidatie {
  private readonly kennis: Kennis = { inhoud: new Map(), tijdstempels: new Map() };
  private readonly instrumenten_ = new Map<string, PerInstrument>();
  /** The order doelen were first named in (of two on one date, the later one wins). */
  private readonly doelVolgorde = new Map<string, number>();
  /** The ontvangenOp of the last delivery: the next one may not be older. */
  laatsteOntvangenOp: Tijdstip = '';
  /** The moment the last toestanden were given (see `ontvangstmomenten`). */
  private laatsteMoment: Tijdstip = '';

  /** Adds one delivery; returns the toestanden it adds, per instrument. */
  voegToe(levering: Levering): Map<string, Toestand[]> {
    if (levering.ontvangenOp < this.laatsteOntvangenOp) throw new Error('Deliveries must be added in the order they were received');
    this.laatsteOntvangenOp = levering.ontvangenOp;
    const ontvangenOp = (this.laatsteMoment = volgendMoment(this.laatsteMoment, levering.ontvangenOp));
    const doelen = new Set<string>([
      ...(levering.beoogdeVersies ?? []).flatMap((v) => v.doelen),
      ...(levering.intrekkingen ?? []).flatMap((i) => i.doelen),
      ...(levering.tijdstempels ?? []).map((t) => t.doel),
      ...(levering.terugtrekkingenTijdstempel ?? []).map((t) => t.doel),
      ...(levering.terugtrekkingen ?? []).map((t) => t.doel),
    ]);
    // The instruments of those doelen before and after: a terugtrekking removes one.
    const geraakt = new Set<string>();
    const instrumentenVan = (doel: string) => this.kennis.inhoud.get(doel)?.keys() ?? [];
    for (const doel of doelen) for (const i of instrumentenVan(doel)) geraakt.add(i);
    pasToe(this.kennis, levering);
    // New doelen enter kennis.inhoud in the order they are listed here.
    for (const doel of doelen) if (this.kennis.inhoud.has(doel) && !this.doelVolgorde.has(doel)) this.doelVolgorde.set(doel, this.doelVolgorde.size);
    for (const doel of doelen) for (const i of instrumentenVan(doel)) geraakt.add(i);

    const toegevoegd = new Map<string, Toestand[]>();
    for (const instrument of geraakt) {
      const staat = this.staatVan(instrument);
      const vanaf = this.werkTijdlijnBij(staat, instrument, doelen);
      if (vanaf === undefined) continue;
      const nieuw: Toestand[] = [];
      // In date order, so a toestand added at an earlier start is seen at the later ones
      // (a moved inwerkingtreding adds "not in force" before a toestand at the new date).
      for (let h = eersteNiet(staat.hoeken, (g) => g.juridischWerkendVanaf < vanaf); h < staat.hoeken.length; h++) {
        const grens = staat.hoeken[h]!;
        const inhoud = periodeInTijdlijn(staat.tijdlijn, grens.juridischWerkendVanaf, grens.geldigVanaf) ?? { nietInWerking: true };
        const reis = { inWerkingOp: grens.juridischWerkendVanaf, geldigOp: grens.geldigVanaf };
        const uitEerder = laatsteOp(staat.opVolgorde, reis);
        const uitNieuw = kies(nieuw, reis);
        const gevonden = (uitNieuw && (!uitEerder || later(uitNieuw, uitEerder)) ? uitNieuw : uitEerder)?.inhoud;
        if (zelfde(inhoud, gevonden ?? { nietInWerking: true })) continue;
        nieuw.push({ ...grens, inhoud, bekendOp: levering.bekendOp, ontvangenOp });
      }
      if (nieuw.length === 0) continue;
      for (const t of nieuw) {
        staat.toestanden.push(t);
        // Before equal ones, so a lookup finds the first added of equals, as `kies` does.
        staat.opVolgorde.splice(eersteNiet(staat.opVolgorde, (x) => volgordeVanStart(x, t) < 0), 0, t);
      }
      toegevoegd.set(instrument, nieuw);
    }
    return toegevoegd;
  }

  /** Every toestand of an instrument so far, newest first. */
  toestanden(instrument: string): Toestand[] {
    return [...(this.instrumenten_.get(instrument)?.toestanden ?? [])].sort(nieuwsteEerst);
  }

  instrumenten(): string[] {
    return [...this.instrumenten_].filter(([, s]) => s.toestanden.length > 0).map(([i]) => i);
  }

  private staatVan(instrument: string): PerInstrument {
    let staat = this.instrumenten_.get(instrument);
    if (!staat) {
      staat = { tijdlijn: [], perDoel: new Map(), grenzen: new Map(), hoeken: [], metTerugwerkendeKracht: false, toestanden: [], opVolgorde: [] };
      this.instrumenten_.set(instrument, staat);
    }
    return staat;
  }

  /**
   * Brings the periods of these doelen in the instrument's timeline up to date with what is
   * known; returns the earliest werkend date of a period that changed (undefined: none did).
   */
  private werkTijdlijnBij(staat: PerInstrument, instrument: string, doelen: Set<string>): Datum | undefined {
    let vanaf: Datum | undefined;
    const kijk = (d: Datum) => {
      if (vanaf === undefined || d < vanaf) vanaf = d;
    };
    let alleHoeken = false;
    for (const doel of doelen) {
      const oud = staat.perDoel.get(doel);
      const nu = this.periodeVan(doel, instrument);
      if (oud && nu && oud.juridischWerkendVanaf === nu.juridischWerkendVanaf && oud.geldigVanaf === nu.geldigVanaf && zelfde(oud.inhoud, nu.inhoud)) continue;
      if (!oud && !nu) continue;
      if (oud) {
        kijk(oud.juridischWerkendVanaf);
        staat.tijdlijn.splice(staat.tijdlijn.indexOf(oud, eersteNiet(staat.tijdlijn, (p) => voorInTijdlijn(p, oud))), 1);
        staat.perDoel.delete(doel);
      }
      if (nu) {
        kijk(nu.juridischWerkendVanaf);
        staat.tijdlijn.splice(eersteNiet(staat.tijdlijn, (p) => voorInTijdlijn(p, nu)), 0, nu);
        staat.perDoel.set(doel, nu);
        const sleutel = `${nu.juridischWerkendVanaf}|${nu.geldigVanaf}`;
        if (!staat.grenzen.has(sleutel)) {
          const grens = { juridischWerkendVanaf: nu.juridischWerkendVanaf, geldigVanaf: nu.geldigVanaf };
          staat.grenzen.set(sleutel, grens);
          // Without terugwerkende kracht the starts are the grenzen themselves, kept in order.
          if (grens.geldigVanaf === grens.juridischWerkendVanaf && !staat.metTerugwerkendeKracht) {
            staat.hoeken.splice(eersteNiet(staat.hoeken, (g) => g.juridischWerkendVanaf < grens.juridischWerkendVanaf), 0, grens);
          } else {
            staat.metTerugwerkendeKracht = true;
            alleHoeken = true;
          }
        }
      }
    }
    if (alleHoeken) staat.hoeken = hoeken([...staat.grenzen.values()]);
    return vanaf;
  }

  /** The period a doel gives an instrument by what is known now (none: no version or no date). */
  private periodeVan(doel: string, instrument: string): DoelPeriode | undefined {
    const perInstrument = this.kennis.inhoud.get(doel);
    if (!perInstrument?.has(instrument)) return undefined;
    const stempels = this.kennis.tijdstempels.get(doel);
    const jwv = stempels?.juridischWerkendVanaf;
    if (!jwv) return undefined;
    const versie = perInstrument.get(instrument)!;
    return {
      volgorde: this.doelVolgorde.get(doel)!,
      juridischWerkendVanaf: jwv,
      geldigVanaf: stempels.geldigVanaf ?? jwv,
      inhoud: versie === null ? { nietInWerking: true } : { instrumentversie: versie },
    };
  }
}

/** `a` before `b` in a timeline: by werkend date, then by the order of their doelen. */
const voorInTijdlijn = (a: DoelPeriode, b: DoelPeriode) => a.juridischWerkendVanaf < b.juridischWerkendVanaf || (a.juridischWerkendVanaf === b.juridischWerkendVanaf && a.volgorde < b.volgorde);

/** periodeOp on a timeline in order: the last period that started by both dates. */
function periodeInTijdlijn(tijdlijn: readonly DoelPeriode[], juridischWerkendOp: Datum, geldigOp: Datum): ToestandInhoud | undefined {
  for (let i = eersteNiet(tijdlijn, (p) => p.juridischWerkendVanaf <= juridischWerkendOp) - 1; i >= 0; i--) {
    if (tijdlijn[i]!.geldigVanaf <= geldigOp) return tijdlijn[i]!.inhoud;
  }
  return undefined;
}

/** kies on toestanden in the order of `volgordeVanStart`, for queries on the werkend and geldig axes only. */
function laatsteOp(opVolgorde: readonly Toestand[], reis: { inWerkingOp: Datum; geldigOp: Datum }): Toestand | undefined {
  for (let i = eersteNiet(opVolgorde, (t) => t.juridischWerkendVanaf <= reis.inWerkingOp) - 1; i >= 0; i--) {
    if (opVolgorde[i]!.geldigVanaf <= reis.geldigOp) return opVolgorde[i];
  }
  return undefined;
}

/**
 * The moment each delivery (in the order received) counts as received: its ontvangenOp, or,
 * when that is not after the one before (two deliveries in the same millisecond), one
 * millisecond after it. Complete toestanden order deliveries by this moment only, so equal
 * moments would let the earlier delivery win a query that both answer.
 */
function ontvangstmomenten(leveringen: readonly Levering[]): Tijdstip[] {
  let vorige: Tijdstip = '';
  return leveringen.map((l) => (vorige = volgendMoment(vorige, l.ontvangenOp)));
}

function volgendMoment(vorige: Tijdstip, ontvangenOp: Tijdstip): Tijdstip {
  return ontvangenOp > vorige ? ontvangenOp : new Date(Date.parse(vorige) + 1).toISOString();
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
  const opVolgorde = [...leveringen].sort((a, b) => vergelijk(a.ontvangenOp, b.ontvangenOp));
  const momenten = ontvangstmomenten(opVolgorde);
  opVolgorde.forEach((l, i) => {
    if (momenten[i]! <= reis.beschikbaarOp && l.bekendOp <= reis.bekendOp) pasToe(kennis, l);
  });
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

/** The order in which a query prefers toestanden: by werkend, geldig, ontvangen, bekend. */
function volgordeVanStart(a: Toestand, b: Toestand): number {
  return (
    vergelijk(a.juridischWerkendVanaf, b.juridischWerkendVanaf) ||
    vergelijk(a.geldigVanaf, b.geldigVanaf) ||
    vergelijk(a.ontvangenOp, b.ontvangenOp) ||
    vergelijk(a.bekendOp, b.bekendOp)
  );
}

const later = (a: Toestand, b: Toestand) => volgordeVanStart(a, b) > 0;

/** The version in force for a query, or undefined when the instrument is not in force then. */
export function instrumentversieOp(toestanden: readonly Toestand[], reis: Tijdreis): string | undefined {
  const inhoud = kies(toestanden, reis)?.inhoud;
  return inhoud && 'instrumentversie' in inhoud ? inhoud.instrumentversie : undefined;
}
