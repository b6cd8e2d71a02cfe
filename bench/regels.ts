/**
 * Regels op de locatie at national scale: a generated history of omgevingsdocumenten (at least
 * 100,000 locaties and 1,000,000 events from 2022 to 2026), then
 *  - a full rebuild of the `omgevingsdocumenten` read model, against reading all events;
 *  - point and polygon queries through the HTTP API (`regeltekstannotaties/_zoek`), against
 *    the same queries through `regelsOpLocatie` and through the bare spatial + time SQL;
 *  - spot checks: the centre of a known locatie finds its regel, through the API.
 *
 * The events are the real ones: each command goes through `decide`, the state through
 * `evolve`, regeling by regeling (a few regelingen' states in memory at a time, one per
 * worker). They are appended with `PostgresEventStore.appendToStream` in batches: the
 * commands of one regeling within a window of days (default 30) go in one append whose clock
 * is set to the last of them, so `recorded_at` (ontvangenOp, the beschikbaarOp axis) spans
 * 2022–2026 as in a real register, a month at most after publication. A seeded PRNG makes
 * every run the same.
 *
 * Shape. 300 gemeenten (gm0001…), 12 provincies (pv20…pv31) and the Rijk (mnre1034) each
 * have a main regeling (omgevingsplan, omgevingsverordening, AMvB) with hundreds of locaties
 * and a long history: a vaststelling (mostly after an ontwerp), then hundreds of small
 * wijzigingsbesluiten (1–3 objects each) with some separate inwerkingtredingen, rectificaties,
 * ontwerpen (withdrawn or followed by a besluit) and vernietigingen. Besides, each has many
 * small regelingen (voorbereidingsbesluiten, projectbesluiten, programma's, omgevingsvisies,
 * instructies) with a few locaties and a short history, some ingetrokken or vernietigd, some
 * with terugwerkende kracht.
 *
 * Knobs (environment): BENCH_REGELS_SCALE (default 1) scales the number of regelingen and the
 * main histories for a quick try; BENCH_REGELS_GEMEENTEN (300); BENCH_REGELS_APPEND_DAGEN
 * (30); BENCH_REGELS_TERUGWERKEND (share of main wijzigingen with terugwerkende kracht,
 * default 0: the consolidation becomes cubic in a regeling's deliveries once it has one,
 * see the findings); BENCH_REGELS_REBUILD_BUDGET_S (10800).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type express from 'express';
import type pg from 'pg';
import { START, type NewEvent } from '../application/ports/event-store.ts';
import { decide, type RegelingCommand } from '../domain/omgevingsdocumenten/decide.ts';
import type { Activiteit, Activiteitregelkwalificatie, Geometrie, JuridischeRegel, Locatie, Mutatie, Regeltekst } from '../domain/omgevingsdocumenten/inhoud.ts';
import { kernVanMutatie, legeKern, pasToe, zonderDigest, type Inhoudskern, type Kern, type Kernmutatie } from '../domain/omgevingsdocumenten/kern.ts';
import { beginToestand, evolve, leveringVan, regelingStream, type Documenttype, type Regeling, type RegelingEvent } from '../domain/omgevingsdocumenten/regeling.ts';
import { completeToestanden, instrumentversieOp, type Levering } from '../domain/tijd/toestanden.ts';
import { loadConfig } from '../infrastructure/config.ts';
import { datumInAmsterdam } from '../infrastructure/http/tijdreis.ts';
import { TYPES, createContainer } from '../infrastructure/container.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createPool, migrateToLatest } from '../infrastructure/database/database.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { regelsOpLocatie } from '../infrastructure/omgevingsdocumenten/queries.ts';
import type { ProjectionRunner } from '../projections/runner.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import type { BenchContext, TemplateContext } from './run.ts';

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

const SEED = 20240101;
const SCALE = Number(process.env.BENCH_REGELS_SCALE ?? '1');
/**
 * Per bestuurslaag: the main regeling (gebieden, wijzigingsbesluiten: median and bounds), the
 * number of medium regelingen (programma's and the like, with their gebieden and wijzigingen)
 * and of small ones (voorbereidingsbesluiten, projectbesluiten, …, short histories).
 */
const PROFIEL = {
  gemeente: { hoofd: { gebieden: 180, wijzigingen: [260, 80, 800] }, middel: 7, klein: 30 },
  provincie: { hoofd: { gebieden: 500, wijzigingen: [400, 200, 800] }, middel: 25, klein: 150 },
  rijk: { hoofd: { gebieden: 1200, wijzigingen: [600, 600, 600] }, middel: 60, klein: 300 },
} as const;
const MIDDEL = { gebieden: 30, wijzigingen: [130, 30, 400] } as const;
const GEMEENTEN = Number(process.env.BENCH_REGELS_GEMEENTEN ?? '300');
const PROVINCIES = 12;
/** Commands of one regeling within this many days go in one append. */
const APPEND_DAGEN = Number(process.env.BENCH_REGELS_APPEND_DAGEN ?? '30');
/** Share of main wijzigingen with terugwerkende kracht (geldigVanaf before juridischWerkendVanaf). */
const HOOFD_TERUGWERKEND = Number(process.env.BENCH_REGELS_TERUGWERKEND ?? '0');
/** Regelingen generated and appended at once (each its own sequence of appends). */
const WORKERS = 8;
const REBUILD_BATCH = 1000;
const READ_PAGE = 1000;
const WARMUP_QUERIES = 200;
const POINT_QUERIES = 2000;
const POLYGON_QUERIES = 500;
const ROUNDS = 4;
const SPOT_CHECKS = 250;
/** A rebuild that takes longer is stopped: its rate so far is reported and the run fails. */
const REBUILD_BUDGET_S = Number(process.env.BENCH_REGELS_REBUILD_BUDGET_S ?? '10800');

const AIM = { rebuildEventsPerSec: 10_000, pointQueryP50Ms: 5, pointQueryP99Ms: 25 };

/** History window: the first publications, and the last day anything is received. */
const DAG_MS = 86_400_000;
const dagVan = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAG_MS);
const datum = (dag: number) => new Date(dag * DAG_MS).toISOString().slice(0, 10);
const EERSTE_DAG = dagVan('2022-01-03');
const LAATSTE_DAG = Math.min(dagVan('2026-11-20'), Math.floor(Date.now() / DAG_MS) - 1);
const OMGEVINGSWET = dagVan('2024-01-01');

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** sfc32: small, fast, good enough; one generator per regeling keeps the data independent of scheduling. */
function prng(seed: number) {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 7;
  let c = 0xb7e15162 ^ (seed >>> 3);
  let d = 1;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const r = {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    real: (min: number, max: number) => min + next() * (max - min),
    kans: (p: number) => next() < p,
    kies: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    /** Log-normal around a median, clamped. */
    lognormaal: (mediaan: number, spreiding: number, min: number, max: number) => {
      const u = Math.max(next(), 1e-9);
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
      return Math.min(max, Math.max(min, mediaan * Math.exp(spreiding * z)));
    },
    uuid: () => {
      const h = Array.from({ length: 4 }, () => Math.floor(next() * 4294967296).toString(16).padStart(8, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
  return r;
}
type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// Geography (RD New): a coarse outline of the Netherlands without the IJsselmeer
// ---------------------------------------------------------------------------------------------

const EXTENT = { minX: 13_000, minY: 306_000, maxX: 278_000, maxY: 619_000 };

/** Counter-clockwise, coarse; islands and estuaries left out. */
const NEDERLAND: [number, number][] = [
  [18_000, 371_000], [62_000, 360_000], [80_000, 380_000], [110_000, 383_000], [130_000, 378_000], [157_000, 366_000], [170_000, 360_000], [180_000, 330_000],
  [176_000, 309_000], [196_000, 308_000], [200_000, 322_000], [190_000, 340_000], [205_000, 360_000], [211_000, 380_000], [196_000, 408_000], [200_000, 427_000],
  [220_000, 432_000], [246_000, 440_000], [250_000, 455_000], [266_000, 465_000], [262_000, 490_000], [252_000, 505_000], [260_000, 522_000], [262_000, 545_000],
  [276_000, 565_000], [274_000, 580_000], [258_000, 597_000], [252_000, 610_000], [215_000, 606_000], [180_000, 603_000], [160_000, 585_000], [158_000, 565_000],
  [134_000, 552_000], [120_000, 555_000], [110_000, 553_000], [103_000, 510_000], [94_000, 480_000], [78_000, 460_000], [63_000, 446_000], [50_000, 430_000],
  [40_000, 415_000], [30_000, 400_000], [18_000, 392_000], [25_000, 383_000],
];
const IJSSELMEER: [number, number][] = [
  [124_000, 500_000], [136_000, 490_000], [148_000, 503_000], [156_000, 520_000], [172_000, 533_000], [168_000, 552_000], [150_000, 560_000], [133_000, 548_000], [126_000, 525_000],
];

function inRing(ring: readonly [number, number][], x: number, y: number): boolean {
  let binnen = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) binnen = !binnen;
  }
  return binnen;
}
const opLand = (x: number, y: number) => inRing(NEDERLAND, x, y) && !inRing(IJSSELMEER, x, y);

function puntOpLand(rng: Rng): [number, number] {
  for (;;) {
    const x = rng.real(EXTENT.minX, EXTENT.maxX);
    const y = rng.real(EXTENT.minY, EXTENT.maxY);
    if (opLand(x, y)) return [x, y];
  }
}

/** A point near (cx, cy) within radius r, on land if found within a few tries. */
function puntNabij(rng: Rng, cx: number, cy: number, r: number): [number, number] {
  let p: [number, number] = [cx, cy];
  for (let i = 0; i < 12; i++) {
    const a = rng.real(0, 2 * Math.PI);
    const d = r * Math.sqrt(rng.next());
    p = [cx + d * Math.cos(a), cy + d * Math.sin(a)];
    if (opLand(p[0], p[1])) return p;
  }
  return [Math.min(EXTENT.maxX - 1, Math.max(EXTENT.minX + 1, p[0])), Math.min(EXTENT.maxY - 1, Math.max(EXTENT.minY + 1, p[1]))];
}

const rond = (v: number) => Math.round(v * 100) / 100;

/** How far a ray from (cx, cy) at angle a may go inside EXTENT. */
function straalBinnen(cx: number, cy: number, a: number): number {
  const dx = Math.cos(a);
  const dy = Math.sin(a);
  let t = Infinity;
  if (dx > 1e-12) t = Math.min(t, (EXTENT.maxX - cx) / dx);
  if (dx < -1e-12) t = Math.min(t, (EXTENT.minX - cx) / dx);
  if (dy > 1e-12) t = Math.min(t, (EXTENT.maxY - cy) / dy);
  if (dy < -1e-12) t = Math.min(t, (EXTENT.minY - cy) / dy);
  return t * 0.999;
}

/**
 * An irregular polygon, star-shaped around its centre (so simple, and the centre lies inside):
 * vertices at increasing angles with jitter, radii between 55% and 100% of `r`, kept inside EXTENT.
 */
function sterVlak(rng: Rng, cx: number, cy: number, r: number, punten: number): Geometrie {
  const ring: number[][] = [];
  const stap = (2 * Math.PI) / punten;
  const start = rng.real(0, 2 * Math.PI);
  for (let i = 0; i < punten; i++) {
    const a = start + i * stap + rng.real(-0.35, 0.35) * stap;
    const s = Math.min(r * rng.real(0.55, 1), straalBinnen(cx, cy, a));
    ring.push([rond(cx + s * Math.cos(a)), rond(cy + s * Math.sin(a))]);
  }
  ring.push([...ring[0]!]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Realistic vertex counts: 8 to 60, most in between. */
const puntenAantal = (rng: Rng) => Math.round(rng.lognormaal(28, 0.45, 8, 60));

// ---------------------------------------------------------------------------------------------
// Bevoegde gezagen
// ---------------------------------------------------------------------------------------------

interface Gezag {
  code: string;
  laag: 'gemeente' | 'provincie' | 'rijk';
  naam: string;
  x: number;
  y: number;
  /** Radius of its area, roughly. */
  r: number;
}

const PROVINCIE_DATA: [string, string, number, number][] = [
  ['pv20', 'Groningen', 235_000, 578_000], ['pv21', 'Fryslân', 178_000, 565_000], ['pv22', 'Drenthe', 235_000, 540_000], ['pv23', 'Overijssel', 225_000, 490_000],
  ['pv24', 'Flevoland', 168_000, 505_000], ['pv25', 'Gelderland', 190_000, 450_000], ['pv26', 'Utrecht', 142_000, 455_000], ['pv27', 'Noord-Holland', 118_000, 505_000],
  ['pv28', 'Zuid-Holland', 92_000, 445_000], ['pv29', 'Zeeland', 48_000, 390_000], ['pv30', 'Noord-Brabant', 140_000, 395_000], ['pv31', 'Limburg', 190_000, 350_000],
];

const LETTERGREPEN = ['wes', 'ter', 'dam', 'hol', 'berg', 'veen', 'zand', 'oost', 'broek', 'lo', 'hem', 'dijk', 'wijk', 'stein', 'horst', 'meer', 'ha', 'ven', 'burg', 'kerk', 'sel', 'goor', 'weerd', 'naar'];

function gezagen(): Gezag[] {
  const rng = prng(SEED);
  const uit: Gezag[] = [{ code: 'mnre1034', laag: 'rijk', naam: 'Rijk', x: 150_000, y: 460_000, r: 150_000 }];
  for (const [code, naam, x, y] of PROVINCIE_DATA.slice(0, PROVINCIES)) uit.push({ code, laag: 'provincie', naam, x, y, r: 35_000 });
  const centra: [number, number][] = [];
  for (let i = 1; i <= GEMEENTEN; i++) {
    let p = puntOpLand(rng);
    for (let poging = 0; poging < 60 && centra.some(([x, y]) => Math.hypot(x - p[0], y - p[1]) < 7_500); poging++) p = puntOpLand(rng);
    centra.push(p);
    const naam = rng.kies(LETTERGREPEN) + rng.kies(LETTERGREPEN) + (rng.kans(0.4) ? rng.kies(LETTERGREPEN) : '');
    uit.push({ code: `gm${String(i).padStart(4, '0')}`, laag: 'gemeente', naam: naam[0]!.toUpperCase() + naam.slice(1), x: p[0], y: p[1], r: 6_500 });
  }
  return uit;
}

// ---------------------------------------------------------------------------------------------
// Content
// ---------------------------------------------------------------------------------------------

const ACTIVITEITEN: [slug: string, naam: string, groep: string, boven?: string][] = [
  ['bouwen', 'bouwen', 'bouwactiviteit'],
  ['bijbehorend-bouwwerk', 'bouwen van een bijbehorend bouwwerk', 'bouwactiviteit', 'bouwen'],
  ['dakkapel', 'dakkapel plaatsen', 'bouwactiviteit', 'bouwen'],
  ['windturbine', 'windturbine plaatsen', 'bouwactiviteit', 'bouwen'],
  ['slopen', 'slopen van een bouwwerk', 'sloopactiviteit'],
  ['kappen', 'kappen van een houtopstand', 'kapactiviteit'],
  ['uitrit', 'uitrit aanleggen', 'aanlegactiviteit'],
  ['zonnepark', 'zonnepark aanleggen', 'aanlegactiviteit'],
  ['monument', 'rijksmonument wijzigen', 'rijksmonumentenactiviteit'],
  ['mba', 'milieubelastende activiteit', 'milieubelastendeactiviteit'],
  ['lozen', 'lozen op de riolering', 'milieubelastendeactiviteit', 'mba'],
  ['veehouderij', 'veehouderij exploiteren', 'milieubelastendeactiviteit', 'mba'],
  ['opslag', 'opslaan van gevaarlijke stoffen', 'milieubelastendeactiviteit', 'mba'],
  ['graven', 'graven in de bodem', 'graafactiviteit'],
  ['evenement', 'evenement organiseren', 'gebruiksactiviteit'],
  ['horeca', 'horeca exploiteren', 'gebruiksactiviteit'],
  ['grondwater', 'grondwater onttrekken', 'wateronttrekkingsactiviteit'],
  ['natura2000', 'natura 2000-activiteit', 'natura2000activiteit'],
  ['ontgronden', 'ontgronden', 'ontgrondingsactiviteit'],
  ['flora-fauna', 'flora- en fauna-activiteit', 'flora-en-fauna-activiteit'],
];
const THEMAS = ['bouwen', 'milieu', 'natuur', 'water', 'geluid', 'externe veiligheid', 'erfgoed', 'verkeer', 'bodem', 'gezondheid'];
const KWALIFICATIES_GEWOGEN: Activiteitregelkwalificatie[] = ['vergunningplicht', 'vergunningplicht', 'meldingsplicht', 'informatieplicht', 'verbod', 'verbod', 'gebod', 'toegestaan', 'toegestaan'];
const FUNCTIES: [type: string, naam: string, groep: string][] = [
  ['Functie', 'wonen', 'wonen'], ['Functie', 'bedrijf', 'bedrijf'], ['Functie', 'agrarisch', 'agrarisch'], ['Functie', 'centrum', 'centrum'],
  ['Functie', 'groen', 'groen'], ['Functie', 'maatschappelijk', 'maatschappelijk'], ['Beperkingengebied', 'geluidzone industrieterrein', 'geluidzone'],
  ['Beperkingengebied', 'beschermingszone weg', 'weg'], ['Bodem', 'archeologische verwachting hoog', 'archeologie'], ['Landschap', 'open landschap', 'landschap'],
  ['Water', 'waterbergingsgebied', 'water'], ['Natuur', 'natuurnetwerk Nederland', 'natuur'], ['Erfgoed', 'beschermd stadsgezicht', 'cultureel erfgoed'],
];
const NORMEN: [naam: string, groep: string, eenheid: string, min: number, max: number][] = [
  ['maximum bouwhoogte', 'bouwhoogte', 'm', 6, 60], ['maximum goothoogte', 'goothoogte', 'm', 3, 15], ['maximum bebouwingspercentage', 'bebouwingspercentage', '%', 20, 100],
  ['geluidwaarde', 'geluid', 'dB', 45, 70],
];
const WOORDEN = (
  'het is verboden zonder omgevingsvergunning een bouwwerk te bouwen of te wijzigen in afwijking van de regels binnen het werkingsgebied ' +
  'van deze regel geldt dat de bouwhoogte niet meer bedraagt dan is aangegeven met een melding vooraf aan het bevoegd gezag wordt gedaan ' +
  'ten minste vier weken voor aanvang van de activiteit waarbij de gegevens en bescheiden worden verstrekt over de aard omvang en locatie ' +
  'in aanvulling op het eerste lid mag geen afbreuk worden gedaan aan het woon en leefklimaat de gebruiksmogelijkheden van aangrenzende gronden'
).split(' ');

function tekst(rng: Rng, min: number, max: number): string {
  const n = rng.int(min, max);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(rng.kies(WOORDEN));
  const s = w.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** Builds and changes the content of one regeling; knows the centre of every gebied (for spot checks). */
class Inhoudmaker {
  private teller = 0;
  readonly centra = new Map<string, { x: number; y: number; r: number }>();
  constructor(
    private readonly rng: Rng,
    private readonly code: string,
    private readonly tag: string,
    private readonly gezag: Gezag,
  ) {}

  private id(soort: string) {
    return `nl.imow-${this.code}.${soort}.${this.tag}-${++this.teller}`;
  }

  gebied(x: number, y: number, r: number, noemer?: string): Locatie {
    const identificatie = this.id('gebied');
    this.centra.set(identificatie, { x, y, r });
    return { identificatie, type: 'Gebied', noemer: noemer ?? `gebied ${this.teller}`, geometrie: sterVlak(this.rng, x, y, r, puntenAantal(this.rng)) };
  }

  /** A new gebied somewhere in the gezag's area, sized for its bestuurslaag. */
  nieuwGebied(): Locatie {
    const g = this.gezag;
    const [x, y] = g.laag === 'rijk' ? puntOpLand(this.rng) : puntNabij(this.rng, g.x, g.y, g.laag === 'gemeente' ? g.r : g.r * 0.8);
    const r = g.laag === 'gemeente' ? this.rng.lognormaal(110, 0.8, 20, 1_500) : g.laag === 'provincie' ? this.rng.lognormaal(500, 0.8, 60, 5_000) : this.rng.lognormaal(900, 0.9, 80, 9_000);
    return this.gebied(x, y, r);
  }

  /** The same gebied with a slightly different boundary (around the same centre). */
  hervorm(kern: Kern<Locatie>): Locatie {
    const l = zonderDigest(kern);
    const c = this.centra.get(l.identificatie)!;
    return { ...l, geometrie: sterVlak(this.rng, c.x, c.y, c.r * this.rng.real(0.9, 1.1), puntenAantal(this.rng)) };
  }

  artikel(nummer: string): Regeltekst {
    return { wId: `${this.code}_${this.tag}__art_${nummer}`, soort: 'artikel', nummer, opschrift: tekst(this.rng, 2, 5), tekst: tekst(this.rng, 25, 90) };
  }

  lid(artikel: Regeltekst, n: number): Regeltekst {
    return { wId: `${artikel.wId}__para_${n}`, soort: 'lid', nummer: `${artikel.nummer}.${n}`, tekst: tekst(this.rng, 15, 60), artikel: artikel.wId };
  }

  activiteiten(aantal: number): Activiteit[] {
    const gekozen = new Set<string>();
    while (gekozen.size < aantal) {
      let a = this.rng.kies(ACTIVITEITEN);
      gekozen.add(a[0]);
      while (a[3]) {
        gekozen.add(a[3]);
        a = ACTIVITEITEN.find((x) => x[0] === a[3])!;
      }
    }
    return ACTIVITEITEN.filter((a) => gekozen.has(a[0])).map(([slug, naam, groep, boven]) => ({
      identificatie: `nl.imow-${this.code}.activiteit.${slug}`,
      naam,
      groep,
      ...(boven ? { bovenliggendeActiviteit: `nl.imow-${this.code}.activiteit.${boven}` } : {}),
    }));
  }

  regel(regeltekst: string, locaties: string[], activiteiten: string[], extra: Partial<JuridischeRegel> = {}): JuridischeRegel {
    const rng = this.rng;
    const type = this.gezag.laag === 'gemeente' || rng.kans(0.6) ? 'RegelVoorIedereen' : rng.kans(0.7) ? 'Instructieregel' : 'Omgevingswaarderegel';
    const acts = type === 'RegelVoorIedereen' && activiteiten.length > 0 ? Array.from(new Set(Array.from({ length: rng.int(0, 2) }, () => rng.kies(activiteiten)))) : [];
    return {
      identificatie: this.id('juridischeregel'),
      type,
      regeltekst,
      locaties,
      ...(acts.length ? { activiteiten: acts.map((activiteit) => ({ activiteit, kwalificatie: rng.kies(KWALIFICATIES_GEWOGEN) })) } : {}),
      ...(rng.kans(0.6) ? { themas: Array.from(new Set([rng.kies(THEMAS), rng.kies(THEMAS)].slice(0, rng.int(1, 2)))) } : {}),
      ...extra,
    };
  }

  /**
   * The full content of a first version: `gebieden` gebieden (plus one over the whole area for
   * a main regeling), groepen of them, artikelen with leden, activiteiten, gebiedsaanwijzingen,
   * normen, and a juridische regel for every gebied (directly or through a groep).
   */
  eersteVersie(gebieden: number, hoofd: boolean): Mutatie {
    const rng = this.rng;
    const g = this.gezag;
    const locaties: Locatie[] = [];
    if (hoofd) {
      const geheel: Locatie =
        g.laag === 'rijk'
          ? { identificatie: this.id('gebied'), type: 'Gebied', noemer: 'Nederland', geometrie: { type: 'Polygon', coordinates: [[...NEDERLAND, NEDERLAND[0]!].map(([x, y]) => [x, y])] } }
          : this.gebied(g.x, g.y, g.r * (g.laag === 'gemeente' ? 1.1 : 1), `ambtsgebied ${g.naam}`);
      locaties.push(geheel);
    }
    const losse: Locatie[] = [];
    for (let i = 0; i < gebieden; i++) losse.push(this.nieuwGebied());
    locaties.push(...losse);
    const groepen: Locatie[] = [];
    for (let i = 0; i + 4 <= losse.length && groepen.length < Math.ceil(losse.length / 25); i += rng.int(8, 30)) {
      groepen.push({ identificatie: this.id('gebiedengroep'), type: 'Gebiedengroep', noemer: `groep ${groepen.length + 1}`, groepselementen: losse.slice(i, i + rng.int(2, 4)).map((l) => l.identificatie) });
    }
    locaties.push(...groepen);
    const activiteiten = this.activiteiten(hoofd ? rng.int(6, 14) : rng.int(1, 3));
    const actIds = activiteiten.map((a) => a.identificatie);
    const regelteksten: Regeltekst[] = [];
    const regels: JuridischeRegel[] = [];
    const artikelen = Math.max(1, Math.ceil(losse.length / 2.5));
    const teksten: string[] = [];
    for (let i = 1; i <= artikelen; i++) {
      const art = this.artikel(String(i));
      regelteksten.push(art);
      teksten.push(art.wId);
      if (rng.kans(0.35)) {
        for (let n = 1; n <= rng.int(2, 3); n++) {
          const lid = this.lid(art, n);
          regelteksten.push(lid);
          teksten.push(lid.wId);
        }
      }
    }
    const inGroep = new Set(groepen.flatMap((l) => l.groepselementen!));
    losse.forEach((l, i) => {
      if (inGroep.has(l.identificatie) && rng.kans(0.7)) return;
      regels.push(this.regel(teksten[i % teksten.length]!, [l.identificatie, ...(rng.kans(0.1) ? [rng.kies(losse).identificatie] : [])].filter((x, j, xs) => xs.indexOf(x) === j), actIds));
    });
    for (const groep of groepen) regels.push(this.regel(rng.kies(teksten), [groep.identificatie], actIds));
    if (hoofd) for (let i = 0; i < 4; i++) regels.push(this.regel(teksten[i % teksten.length]!, [locaties[0]!.identificatie], actIds));
    const gebiedsaanwijzingen = Array.from({ length: Math.ceil(losse.length / 12) }, () => {
      const [type, naam, groep] = rng.kies(FUNCTIES);
      return { identificatie: this.id('gebiedsaanwijzing'), type, naam, groep, locaties: Array.from(new Set([rng.kies(losse).identificatie, rng.kies(losse).identificatie])) };
    });
    const normen = hoofd
      ? NORMEN.slice(0, rng.int(1, 4)).map(([naam, groep, eenheid, min, max]) => ({
          identificatie: this.id('omgevingsnorm'),
          type: 'Omgevingsnorm' as const,
          naam,
          groep,
          eenheid,
          normwaarden: Array.from({ length: rng.int(1, 4) }, () => ({ locaties: [rng.kies(losse).identificatie], waarde: rng.int(min, max) })),
        }))
      : [];
    for (const ga of gebiedsaanwijzingen) if (rng.kans(0.5)) rng.kies(regels).gebiedsaanwijzingen = [ga.identificatie];
    for (const n of normen) rng.kies(regels).normen = [n.identificatie];
    return { plaats: { locaties, regelteksten, juridischeRegels: regels, activiteiten, gebiedsaanwijzingen, normen } };
  }

  /** A small wijziging of 1–3 objects that keeps every reference whole. */
  wijziging(inhoud: Inhoudskern): Mutatie {
    const rng = this.rng;
    const gebieden = Object.values(inhoud.locaties).filter((l) => l.type === 'Gebied' && this.centra.has(l.identificatie));
    const regels = Object.values(inhoud.juridischeRegels);
    const teksten = Object.values(inhoud.regelteksten);
    const actIds = Object.keys(inhoud.activiteiten);
    const keuze = rng.next();
    if (keuze < 0.3 && gebieden.length > 0) {
      // a boundary adjusted
      return { plaats: { locaties: [this.hervorm(rng.kies(gebieden))] } };
    }
    if (keuze < 0.6) {
      // a new area with its own rule and article
      const l = this.nieuwGebied();
      const art = this.artikel(`${teksten.length + 1}${String.fromCharCode(97 + rng.int(0, 25))}${this.teller}`);
      return { plaats: { locaties: [l], regelteksten: [art], juridischeRegels: [this.regel(art.wId, [l.identificatie], actIds)] } };
    }
    if (keuze < 0.8 && teksten.length > 0) {
      // an article reworded
      const t = rng.kies(teksten);
      return { plaats: { regelteksten: [{ ...zonderDigest(t), tekst: tekst(rng, 20, 80) }] } };
    }
    if (keuze < 0.92 && regels.length > 0) {
      // a rule's activiteiten or kwalificatie changed
      const r = rng.kies(regels);
      const acts = actIds.length ? [{ activiteit: rng.kies(actIds), kwalificatie: rng.kies(KWALIFICATIES_GEWOGEN) }] : undefined;
      return { plaats: { juridischeRegels: [{ ...zonderDigest(r), ...(acts ? { activiteiten: acts } : {}) }] } };
    }
    if (regels.length > 3) {
      // a rule dropped
      return { verwijder: { juridischeRegels: [rng.kies(regels).identificatie] } };
    }
    return { plaats: { regelteksten: [{ ...zonderDigest(rng.kies(teksten)), tekst: tekst(rng, 20, 80) }] } };
  }
}

// ---------------------------------------------------------------------------------------------
// Histories: commands through decide/evolve, one append per command
// ---------------------------------------------------------------------------------------------

interface Teller {
  events: number;
  appends: number;
  regelingen: number;
  locaties: number;
  gebieden: number;
  typen: Record<string, number>;
}

/** A spot check: at the centre of this gebied, now, the API must return this regel. */
interface Steekproef {
  regelingId: string;
  regel: string;
  x: number;
  y: number;
}

class RegelingSimulatie {
  state: Regeling = beginToestand();
  private versie: bigint | undefined;
  private laatsteDag = 0;
  private volgnummer = 0;
  readonly leveringen: Levering[] = [];
  readonly maker: Inhoudmaker;

  constructor(
    readonly regelingId: string,
    readonly gezag: Gezag,
    readonly rng: Rng,
    tag: string,
    private readonly schrijf: (stream: string, versie: bigint | undefined, events: NewEvent[], op: Date) => Promise<bigint>,
    private readonly teller: Teller,
  ) {
    this.maker = new Inhoudmaker(rng, gezag.code, tag, gezag);
  }

  /**
   * The kernen of every version, kept here to make the next wijziging from (the domain state
   * no longer holds content); with the parts of the version being made.
   */
  private readonly inhoud = new Map<string, Inhoudskern>();
  private delen: Kernmutatie[] = [];

  get laatste(): Inhoudskern | undefined {
    return this.state.laatsteVersie ? this.inhoud.get(this.state.laatsteVersie) : undefined;
  }

  instrumentversie(dag: number): string {
    return `${this.regelingId}/nld@${datum(dag)};${++this.volgnummer}`;
  }

  doel(dag: number, soort: string): string {
    return `/join/id/proces/${this.gezag.code}/${datum(dag).slice(0, 4)}/${soort}-${this.regelingId.split('/').pop()}-${++this.volgnummer}`;
  }

  private wachtrij: NewEvent[] = [];
  private wachtrijDomein: RegelingEvent[] = [];
  private vensterBegin: number | undefined;

  /** Decides and evolves one command, received on `dag`, and queues its events for the regeling's next append. */
  async doe(command: RegelingCommand, dag: number): Promise<void> {
    const events = decide(command, this.state, { bevoegdGezag: this.gezag.code, regelingId: this.regelingId });
    const ontvangen = Math.max(dag * DAG_MS + Math.floor(this.rng.real(7, 17) * 3_600_000), this.laatsteDag + 60_000);
    if (this.vensterBegin !== undefined && ontvangen - this.vensterBegin > APPEND_DAGEN * DAG_MS) await this.verstuur();
    this.vensterBegin ??= ontvangen;
    this.laatsteDag = ontvangen;
    const commandId = this.rng.uuid();
    const metadata = { actor: `${this.gezag.code}:publicatie`, commandId, correlationId: commandId, causationId: commandId };
    for (const e of events) {
      this.state = evolve(this.state, e);
      if (e.type === 'InhoudGeleverd') this.delen.push(kernVanMutatie(e.data.mutatie));
      if (e.type === 'OntwerpGepubliceerd' || e.type === 'BesluitGepubliceerd' || e.type === 'BesluitGerectificeerd') {
        const basis = this.state.versies[e.data.instrumentversie]!.basisversie;
        this.inhoud.set(e.data.instrumentversie, pasToe(basis ? this.inhoud.get(basis)! : legeKern(), this.delen));
        this.delen = [];
      }
      this.teller.typen[e.type] = (this.teller.typen[e.type] ?? 0) + 1;
      this.wachtrij.push({ eventId: this.rng.uuid(), type: e.type, data: e.data, metadata });
      this.wachtrijDomein.push(e);
    }
  }

  /** Appends what is queued, recorded at the moment of the last command in it. */
  async verstuur(): Promise<void> {
    if (this.wachtrij.length === 0) return;
    const op = new Date(this.laatsteDag);
    for (const e of this.wachtrijDomein) {
      const levering = e.type === 'RegelingGeregistreerd' ? undefined : leveringVan({ ...beginToestand(), regelingId: this.regelingId }, e, op.toISOString());
      if (levering) this.leveringen.push(levering);
    }
    this.versie = await this.schrijf(regelingStream(this.regelingId), this.versie, this.wachtrij, op);
    this.teller.events += this.wachtrij.length;
    this.teller.appends++;
    this.wachtrij = [];
    this.wachtrijDomein = [];
    this.vensterBegin = undefined;
  }

  /** A besluit (optionally after an ontwerp on the same doel) with its own or a later inwerkingtreding. Returns the day it ended. */
  async besluit(
    dag: number,
    documenttype: Documenttype,
    citeertitel: string,
    mutatie: Mutatie,
    opties: { ontwerp?: boolean; jwv?: number | 'later'; terugwerkend?: boolean; soort?: string },
  ): Promise<{ dag: number; doel: string }> {
    const rng = this.rng;
    const doel = this.doel(dag, opties.soort ?? 'besluit');
    if (opties.ontwerp) {
      const van = dag + 1;
      await this.doe(
        { type: 'PubliceerOntwerp', data: { doel, documenttype, citeertitel, instrumentversie: this.instrumentversie(dag), bekendOp: datum(dag), terInzage: { van: datum(van), tot: datum(van + 42) }, mutatie } },
        dag,
      );
      dag = Math.min(LAATSTE_DAG, dag + rng.int(50, 130));
    }
    const jwv = opties.jwv === 'later' ? undefined : (opties.jwv ?? dag + rng.int(1, 42));
    const gv = jwv !== undefined && opties.terugwerkend ? jwv - rng.int(20, 200) : undefined;
    await this.doe(
      {
        type: 'PubliceerBesluit',
        data: {
          doel,
          documenttype,
          citeertitel,
          instrumentversie: this.instrumentversie(dag),
          bekendOp: datum(dag),
          mutatie,
          ...(jwv !== undefined ? { juridischWerkendVanaf: datum(jwv) } : {}),
          ...(gv !== undefined ? { geldigVanaf: datum(gv) } : {}),
        },
      },
      dag,
    );
    if (opties.jwv === 'later') {
      const iwt = Math.min(LAATSTE_DAG, dag + rng.int(10, 60));
      await this.doe({ type: 'StelInwerkingtredingVast', data: { doel, bekendOp: datum(iwt), juridischWerkendVanaf: datum(iwt + rng.int(1, 30)) } }, iwt);
      dag = iwt;
    }
    return { dag, doel };
  }

  async rectificeer(dag: number, doel: string): Promise<void> {
    const versie = this.state.doelen[doel]!.instrumentversie!;
    const mutatie = this.maker.wijziging(this.inhoud.get(versie)!);
    await this.doe({ type: 'Rectificeer', data: { doel, instrumentversie: this.instrumentversie(dag), bekendOp: datum(dag), mutatie } }, dag);
  }

  async vernietig(dag: number, doel: string): Promise<void> {
    // The ruling is public on its date; it reaches the register a few days later.
    const uitspraak = dag - this.rng.int(1, 10);
    await this.doe({ type: 'VerwerkVernietiging', data: { doel, bekendOp: datum(uitspraak), uitspraak: `ECLI:NL:RVS:${datum(uitspraak).slice(0, 4)}:${this.rng.int(100, 9999)}` } }, dag);
  }

  async trekIn(dag: number): Promise<void> {
    const laatste = Object.values(this.state.doelen).map((d) => d.juridischWerkendVanaf ?? '').sort().at(-1) ?? '';
    const jwv = Math.max(dag + this.rng.int(1, 30), laatste ? dagVan(laatste) + 1 : 0);
    await this.doe({ type: 'TrekRegelingIn', data: { doel: this.doel(dag, 'intrekking'), bekendOp: datum(dag), juridischWerkendVanaf: datum(jwv) } }, dag);
  }

  /** Counts the latest version's locaties and picks spot checks from the version in force now. */
  afronden(steekproeven: Steekproef[], kans: number): void {
    const laatste = this.laatste;
    if (laatste) {
      const locaties = Object.values(laatste.locaties);
      this.teller.locaties += locaties.length;
      this.teller.gebieden += locaties.filter((l) => l.type === 'Gebied' || l.type === 'Lijn' || l.type === 'Punt').length;
    }
    this.teller.regelingen++;
    if (!this.rng.kans(kans)) return;
    const toestanden = completeToestanden(this.leveringen).get(this.regelingId) ?? [];
    const nu = instrumentversieOp(toestanden, { beschikbaarOp: new Date().toISOString(), bekendOp: vandaag(), inWerkingOp: vandaag(), geldigOp: vandaag() });
    const inhoud = nu ? this.inhoud.get(nu) : undefined;
    if (!inhoud) return;
    const regels = Object.values(inhoud.juridischeRegels).filter((r) => r.locaties.some((l) => this.maker.centra.has(l) && inhoud.locaties[l]?.type === 'Gebied'));
    if (regels.length === 0) return;
    const regel = this.rng.kies(regels);
    const locatie = regel.locaties.find((l) => this.maker.centra.has(l) && inhoud.locaties[l]?.type === 'Gebied')!;
    const c = this.maker.centra.get(locatie)!;
    steekproeven.push({ regelingId: this.regelingId, regel: regel.identificatie, x: c.x, y: c.y });
  }
}

const HOOFD_TYPE: Record<Gezag['laag'], [Documenttype, string]> = {
  gemeente: ['omgevingsplan', 'Omgevingsplan gemeente'],
  provincie: ['omgevingsverordening', 'Omgevingsverordening'],
  rijk: ['AMvB', 'Besluit activiteiten leefomgeving'],
};

/**
 * A main or medium regeling: a large vaststelling, then hundreds of small wijzigingen on
 * random days up to now, with follow-ups (a besluit after its ontwerp, an inwerkingtreding,
 * a rectificatie) planned some weeks later while other wijzigingen go on.
 */
async function langeRegeling(sim: RegelingSimulatie, soort: { documenttype: Documenttype; citeertitel: string; hoofd: boolean }): Promise<void> {
  const { rng, gezag } = sim;
  const { documenttype, citeertitel, hoofd } = soort;
  const profiel = hoofd ? PROFIEL[gezag.laag].hoofd : MIDDEL;
  const gebieden = Math.round(rng.lognormaal(profiel.gebieden, 0.35, profiel.gebieden * 0.4, profiel.gebieden * 2.8));
  let dag = hoofd ? rng.int(dagVan('2022-02-01'), dagVan('2023-07-31')) : rng.int(EERSTE_DAG, dagVan('2025-06-30'));
  const jwv = hoofd && gezag.laag !== 'provincie' ? OMGEVINGSWET : dag + rng.int(14, 60);
  const eerste = await sim.besluit(dag, documenttype, citeertitel, sim.maker.eersteVersie(gebieden, hoofd), { ontwerp: rng.kans(0.7), jwv, soort: 'instelling' });

  const [mediaan, min, max] = profiel.wijzigingen;
  const aantal = Math.max(1, Math.round(rng.lognormaal(mediaan, 0.5, min, max) * Math.min(1, SCALE)));
  const begin = hoofd ? Math.max(eerste.dag + 1, OMGEVINGSWET - 60) : eerste.dag + 1;
  const dagen = Array.from({ length: aantal }, () => rng.int(begin, LAATSTE_DAG - 2)).sort((x, y) => x - y);
  const gepland: { dag: number; doe: () => Promise<void> }[] = [];
  const plan = (d: number, doe: () => Promise<void>) => {
    if (d < LAATSTE_DAG) gepland.push({ dag: d, doe });
  };
  const tot = async (d: number) => {
    gepland.sort((x, y) => x.dag - y.dag);
    while (gepland.length > 0 && gepland[0]!.dag <= d) await gepland.shift()!.doe();
  };
  const wijzigingen: string[] = [];
  const nieuwDoel = (d: number) => sim.doel(d, 'wijziging');
  for (dag of dagen) {
    await tot(dag);
    const keuze = rng.next();
    if (keuze < 0.005) {
      // an ontwerp, withdrawn later
      const doel = sim.doel(dag, 'ontwerp');
      await sim.doe(
        { type: 'PubliceerOntwerp', data: { doel, documenttype, citeertitel, instrumentversie: sim.instrumentversie(dag), bekendOp: datum(dag), terInzage: { van: datum(dag + 1), tot: datum(dag + 43) }, mutatie: sim.maker.wijziging(sim.laatste!) } },
        dag,
      );
      const later = dag + rng.int(30, 120);
      plan(later, () => sim.doe({ type: 'TrekOntwerpIn', data: { doel, bekendOp: datum(later) } }, later));
      continue;
    }
    if (keuze < 0.015) {
      // an ontwerp, then the besluit (on the then last version) some months later
      const doel = sim.doel(dag, 'wijziging');
      await sim.doe(
        { type: 'PubliceerOntwerp', data: { doel, documenttype, citeertitel, instrumentversie: sim.instrumentversie(dag), bekendOp: datum(dag), terInzage: { van: datum(dag + 1), tot: datum(dag + 43) }, mutatie: sim.maker.wijziging(sim.laatste!) } },
        dag,
      );
      const later = dag + rng.int(50, 130);
      plan(later, async () => {
        await sim.doe(
          { type: 'PubliceerBesluit', data: { doel, documenttype, citeertitel, instrumentversie: sim.instrumentversie(later), bekendOp: datum(later), juridischWerkendVanaf: datum(later + rng.int(1, 42)), mutatie: sim.maker.wijziging(sim.laatste!) } },
          later,
        );
        wijzigingen.push(doel);
      });
      continue;
    }
    const doel = nieuwDoel(dag);
    const apart = rng.kans(0.1);
    const jwvDag = dag + rng.int(1, 42);
    const gv = !apart && rng.kans(HOOFD_TERUGWERKEND) ? jwvDag - rng.int(20, 200) : undefined;
    await sim.doe(
      {
        type: 'PubliceerBesluit',
        data: {
          doel,
          documenttype,
          citeertitel,
          instrumentversie: sim.instrumentversie(dag),
          bekendOp: datum(dag),
          mutatie: sim.maker.wijziging(sim.laatste!),
          ...(apart ? {} : { juridischWerkendVanaf: datum(jwvDag) }),
          ...(gv !== undefined ? { geldigVanaf: datum(gv) } : {}),
        },
      },
      dag,
    );
    wijzigingen.push(doel);
    if (apart) {
      const iwt = dag + rng.int(10, 60);
      plan(iwt, () => sim.doe({ type: 'StelInwerkingtredingVast', data: { doel, bekendOp: datum(iwt), juridischWerkendVanaf: datum(iwt + rng.int(1, 30)) } }, iwt));
    } else if (rng.kans(0.01)) {
      const r = dag + rng.int(3, 30);
      plan(r, () => sim.rectificeer(r, doel));
    }
  }
  await tot(LAATSTE_DAG);
  if (wijzigingen.length > 0 && rng.kans(0.1)) {
    const doel = rng.kies(wijzigingen);
    if (sim.state.doelen[doel]?.status === 'vastgesteld') await sim.vernietig(Math.max(dag, LAATSTE_DAG - rng.int(1, 20)), doel);
  }
}

const KLEIN_TYPES: Record<Gezag['laag'], [Documenttype, string, number][]> = {
  gemeente: [['voorbereidingsbesluit', 'Voorbereidingsbesluit', 0.35], ['projectbesluit', 'Projectbesluit', 0.15], ['programma', 'Programma', 0.3], ['omgevingsvisie', 'Omgevingsvisie', 0.2]],
  provincie: [['voorbereidingsbesluit', 'Voorbereidingsbesluit', 0.15], ['projectbesluit', 'Projectbesluit', 0.3], ['programma', 'Programma', 0.3], ['instructie', 'Instructie', 0.1], ['reactieve interventie', 'Reactieve interventie', 0.05], ['omgevingsvisie', 'Omgevingsvisie', 0.1]],
  rijk: [['projectbesluit', 'Projectbesluit', 0.35], ['programma', 'Programma', 0.3], ['ministeriële regeling', 'Regeling', 0.2], ['instructie', 'Instructie', 0.15]],
};

/** A small regeling: a few locaties, a short history, some ingetrokken or vernietigd. */
async function kleineRegeling(sim: RegelingSimulatie, documenttype: Documenttype, citeertitel: string): Promise<void> {
  const { rng } = sim;
  let dag = rng.int(EERSTE_DAG, LAATSTE_DAG - 30);
  const gebieden = rng.int(1, 4);
  const ontwerp = documenttype === 'projectbesluit' || (documenttype !== 'voorbereidingsbesluit' && rng.kans(0.3));
  const eerste = await sim.besluit(dag, documenttype, citeertitel, sim.maker.eersteVersie(gebieden, false), {
    ontwerp,
    jwv: documenttype === 'voorbereidingsbesluit' ? dag + 1 : rng.kans(0.25) ? 'later' : undefined,
    terugwerkend: documenttype !== 'voorbereidingsbesluit' && rng.kans(0.05),
    soort: 'instelling',
  });
  dag = eerste.dag;
  if (rng.kans(0.12) && dag + 30 < LAATSTE_DAG) {
    dag += rng.int(3, 30);
    await sim.rectificeer(dag, eerste.doel);
  }
  if (documenttype === 'projectbesluit' && rng.kans(0.06) && dag + 200 < LAATSTE_DAG) {
    await sim.vernietig(dag + rng.int(150, 200), eerste.doel);
    return;
  }
  const wijzigingen = documenttype === 'programma' || documenttype === 'ministeriële regeling' ? rng.int(0, 4) : rng.kans(0.4) ? rng.int(1, 2) : 0;
  for (let i = 0; i < wijzigingen; i++) {
    dag += rng.int(20, 240);
    if (dag >= LAATSTE_DAG - 5) return;
    dag = (await sim.besluit(dag, documenttype, citeertitel, sim.maker.wijziging(sim.laatste!), { ontwerp: rng.kans(0.2), jwv: rng.kans(0.15) ? 'later' : undefined })).dag;
  }
  const intrekking = documenttype === 'voorbereidingsbesluit' ? 0.75 : 0.05;
  if (rng.kans(intrekking)) {
    const wanneer = dag + rng.int(120, 365);
    if (wanneer < LAATSTE_DAG) await sim.trekIn(wanneer);
  }
}

const MIDDEL_TYPES: Record<Gezag['laag'], [Documenttype, string][]> = {
  gemeente: [['programma', 'Programma'], ['programma', 'Programma'], ['omgevingsvisie', 'Omgevingsvisie']],
  provincie: [['programma', 'Programma'], ['omgevingsvisie', 'Omgevingsvisie'], ['instructie', 'Instructie']],
  rijk: [['ministeriële regeling', 'Regeling'], ['programma', 'Programma'], ['instructie', 'Instructie']],
};

interface Regelingplan {
  nummer: number;
  gezag: Gezag;
  soort: 'hoofd' | 'middel' | 'klein';
  type: [Documenttype, string];
}

function plan(alle: Gezag[]): Regelingplan[] {
  const rng = prng(SEED + 1);
  const uit: Regelingplan[] = [];
  let nummer = 0;
  for (const gezag of alle) uit.push({ nummer: nummer++, gezag, soort: 'hoofd', type: HOOFD_TYPE[gezag.laag] });
  for (const gezag of alle) {
    for (let i = 0; i < Math.round(PROFIEL[gezag.laag].middel * SCALE); i++) uit.push({ nummer: nummer++, gezag, soort: 'middel', type: rng.kies(MIDDEL_TYPES[gezag.laag]) });
    const typen = KLEIN_TYPES[gezag.laag];
    for (let i = 0; i < Math.round(PROFIEL[gezag.laag].klein * SCALE); i++) {
      let u = rng.next();
      const t = typen.find(([, , p]) => (u -= p) < 0) ?? typen[0]!;
      uit.push({ nummer: nummer++, gezag, soort: 'klein', type: [t[0], t[1]] });
    }
  }
  // The long histories first, so they do not end up alone at the end.
  return uit;
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

export const percentiel = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
export const ms = (x: number) => Math.round(x * 1000) / 1000;

interface Vraag {
  geometrie: Geometrie;
  geldigOp: string;
  beschikbaarOp: string;
}

/**
 * The bare spatial + time SQL of a query: leaf locaties hit in any version, the version of
 * each regeling in force (`rm.versie_op`), and the regels that name those locaties directly;
 * no groepen, no filters, no details, no JSON.
 */
const KALE_SQL = `
  WITH zoek AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 28992) AS g),
  geraakt AS (SELECT l.regeling_id, l.identificatie, l.versies FROM rm.locaties l WHERE ST_Intersects(l.geom, (SELECT g FROM zoek))),
  versies AS (
    SELECT k.regeling_id, rm.versie_op(k.regeling_id, $2::timestamptz, $3::date, $4::date, $5::date) AS volgnummer
      FROM (SELECT DISTINCT regeling_id FROM geraakt) k)
  SELECT g.regeling_id, v.volgnummer, g.identificatie, j.identificatie AS regel
    FROM versies v
    JOIN geraakt g ON g.regeling_id = v.regeling_id AND g.versies @> v.volgnummer
    JOIN rm.regel_locaties rl ON rl.regeling_id = g.regeling_id AND rl.locatie = g.identificatie
    JOIN rm.juridische_regels j ON j.regeling_id = g.regeling_id AND j.identificatie = rl.regel AND lower(j.versies) = rl.van AND j.versies @> v.volgnummer`;

function vandaag(): string {
  return datumInAmsterdam(new Date());
}

/** What the generation left for the measuring runs, kept in the generated database. */
interface Generatie {
  teller: Teller;
  steekproeven: Steekproef[];
  generateSeconds: number;
}

/**
 * The generated history is kept in a database of its own, named after a hash of everything
 * that shapes it (this file's generator, the domain code, the knobs), and each run measures
 * on a copy of it: generating a million events through decide/evolve takes far longer than
 * what is measured. BENCH_REGELS_FRESH=1 generates again.
 */
export async function template(ctx: TemplateContext): Promise<string> {
  const say = (m: string) => process.stderr.write(`[bench] regels: ${m}\n`);
  const naam = generatieNaam();
  const klaar = await ctx.admin(async (c) => {
    if (process.env.BENCH_REGELS_FRESH === '1') await c.query(`DROP DATABASE IF EXISTS ${naam} WITH (FORCE)`);
    const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [naam]);
    return rows.length > 0;
  });
  if (klaar) {
    const pool = createPool(ctx.urlFor(naam), 2);
    try {
      const { rows } = await pool.query(`SELECT to_regclass('public.bench_generatie') IS NOT NULL AS af`);
      if (rows[0]!.af) {
        say(`using the history generated earlier in ${naam} (BENCH_REGELS_FRESH=1 generates again)`);
        return naam;
      }
    } finally {
      await pool.end();
    }
    say(`${naam} holds an unfinished generation; generating again`);
    await ctx.admin((c) => c.query(`DROP DATABASE ${naam} WITH (FORCE)`));
  }
  await ctx.admin((c) => c.query(`CREATE DATABASE ${naam}`));
  const pool = createPool(ctx.urlFor(naam), 12);
  try {
    await migrateToLatest(pool);
    const generatie = await genereer(pool, ctx.urlFor(naam), ctx.progress);
    await pool.query('VACUUM ANALYZE es.events');
    await pool.query('CREATE TABLE public.bench_generatie (gegevens jsonb NOT NULL)');
    await pool.query('INSERT INTO public.bench_generatie VALUES ($1)', [JSON.stringify(generatie)]);
  } finally {
    await pool.end();
  }
  return naam;
}

/** The name of the database that keeps the history: a hash of everything that shapes it. */
export function generatieNaam(): string {
  const bronnen = [
    fileURLToPath(import.meta.url),
    ...['domain/omgevingsdocumenten', 'domain/tijd'].flatMap((d) =>
      readdirSync(join(projectRoot, d)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(projectRoot, d, f)),
    ),
  ];
  const hash = createHash('sha256').update(JSON.stringify({ SEED, SCALE, GEMEENTEN, APPEND_DAGEN, HOOFD_TERUGWERKEND }));
  for (const bron of bronnen) {
    const tekst = readFileSync(bron, 'utf8');
    hash.update(bron.endsWith('regels.ts') && bron.includes('bench') ? tekst.slice(0, tekst.indexOf('// Measuring')) : tekst);
  }
  return `bench_regels_gen_${hash.digest('hex').slice(0, 16)}`;
}

/** Generates the history through decide/evolve and appends it. */
async function genereer(pool: pg.Pool, databaseUrl: string, progress: BenchContext['progress']): Promise<Generatie> {
  const say = (m: string) => process.stderr.write(`[bench] regels: ${m}\n`);
  // ---- generate and append ----
  let klok = new Date();
  const store = new PostgresEventStore(pool, { databaseUrl: databaseUrl, clock: () => klok });
  const schrijf = async (stream: string, versie: bigint | undefined, events: NewEvent[], op: Date) => {
    klok = op; // read synchronously by appendToStream before its first await
    const r = await store.appendToStream(stream, versie ?? 'no_stream', events);
    if (!r.appended) throw new Error(`append to ${stream} was not stored`);
    return r.nextExpectedVersion;
  };
  const teller: Teller = { events: 0, appends: 0, regelingen: 0, locaties: 0, gebieden: 0, typen: {} };
  const alle = gezagen();
  const regelingen = plan(alle);
  const steekproeven: Steekproef[] = [];
  const steekproefKans = Math.min(1, (SPOT_CHECKS * 1.3) / regelingen.length);
  let volgende = 0;
  const genStart = performance.now();
  const worker = async () => {
    for (;;) {
      const p = regelingen[volgende++];
      if (!p) return;
      const rng = prng(SEED * 31 + p.nummer * 7919);
      const { gezag } = p;
      const hoofd = p.soort === 'hoofd';
      const werk = hoofd ? p.type[0].replace(/\W+/g, '') : `${p.type[0].replace(/\W+/g, '')}${p.nummer}`;
      const regelingId = `/akn/nl/act/${gezag.code}/${hoofd ? 2022 : 2022 + (p.nummer % 4)}/${werk}`;
      const citeertitel = hoofd ? (gezag.laag === 'rijk' ? p.type[1] : `${p.type[1]} ${gezag.naam}`) : `${p.type[1]} ${gezag.naam} ${p.nummer}`;
      const sim = new RegelingSimulatie(regelingId, gezag, rng, hoofd ? 'h' : `k${p.nummer}`, schrijf, teller);
      if (p.soort === 'klein') await kleineRegeling(sim, p.type[0], citeertitel);
      else await langeRegeling(sim, { documenttype: p.type[0], citeertitel, hoofd });
      await sim.verstuur();
      sim.afronden(steekproeven, p.soort === 'hoofd' ? 0.1 : steekproefKans);
      progress('generate (decide/evolve) and append, regelingen', teller.regelingen, regelingen.length);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const generateSeconds = (performance.now() - genStart) / 1000;
  say(`${teller.events} events in ${teller.appends} appends, ${teller.regelingen} regelingen, ${teller.locaties} locaties in ${generateSeconds.toFixed(1)} s`);
  say(`event types: ${JSON.stringify(teller.typen)}`);
  return { teller, steekproeven, generateSeconds };
}

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  const { pool, progress } = ctx;
  const say = (m: string) => process.stderr.write(`[bench] regels: ${m}\n`);
  const store = new PostgresEventStore(pool, { databaseUrl: ctx.databaseUrl });
  const { rows: bewaard } = await pool.query<{ gegevens: Generatie }>('SELECT gegevens FROM public.bench_generatie');
  const { teller, steekproeven, generateSeconds } = bewaard[0]!.gegevens;
  const alle = gezagen();
  const { rows: telling } = await pool.query<{ n: bigint; eerste: Date; bytes: string }>(
    `SELECT count(*) AS n, min(recorded_at) AS eerste, pg_total_relation_size('es.events')::text AS bytes FROM es.events`,
  );
  const events = Number(telling[0]!.n);
  const eersteEvent = telling[0]!.eerste;

  // ---- baseline: read all events, pages of 1000, nothing applied ----
  let gelezen = 0;
  const readStart = performance.now();
  let after = START;
  for (;;) {
    const page = await store.readAll({ after, limit: READ_PAGE, dataForTypes: ['RegelingGeregistreerd', 'InhoudGeleverd', 'OntwerpGepubliceerd', 'OntwerpIngetrokken', 'BesluitGepubliceerd', 'InwerkingtredingVastgesteld', 'BesluitGerectificeerd', 'RegelingIngetrokken', 'BesluitVernietigd'] });
    if (page.length === 0) break;
    gelezen += page.length;
    after = page.at(-1)!.checkpoint;
    progress('readAll, pages of 1000 (baseline)', gelezen, events);
  }
  const readSeconds = (performance.now() - readStart) / 1000;

  // ---- the app, from the composition root ----
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logLines.push(line);
      done();
    },
  });
  const config = loadConfig({ LOG_LEVEL: 'warn', PROJECTION_BATCH_SIZE: String(REBUILD_BATCH) }, { embeddedDataDir: '/nonexistent' });
  const container = createContainer({ config, databaseUrl: ctx.databaseUrl, logger: createLogger(config.logLevel, sink) });
  const appPool = container.get<pg.Pool>(TYPES.Pool);
  const runner = container.get<ProjectionRunner>(TYPES.ProjectionRunner);
  const app = container.get<express.Express>(TYPES.HttpApp);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    // ---- full rebuild of omgevingsdocumenten ----
    const projection = runner.find('omgevingsdocumenten')!;
    const rebuildStart = performance.now();
    let herbouwd = 0;
    let rebuildComplete = 1;
    try {
      herbouwd = await runner.rebuild(projection, (n) => {
        herbouwd = n;
        progress('rebuild omgevingsdocumenten, batches of 1000', n, events);
        if ((performance.now() - rebuildStart) / 1000 > REBUILD_BUDGET_S) throw new RebuildBudget();
      });
      if (herbouwd !== events) progress('rebuild omgevingsdocumenten, batches of 1000', events, events);
    } catch (error) {
      if (!(error instanceof RebuildBudget)) throw error;
      rebuildComplete = 0;
      say(`rebuild stopped after ${REBUILD_BUDGET_S} s at ${herbouwd} of ${events} events; queries run on what was built`);
    }
    const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
    await pool.query('ANALYZE');

    // ---- sizes ----
    const { rows: maten } = await pool.query(
      `SELECT (SELECT count(*) FROM rm.locaties)::int AS locatie_rows,
              (SELECT count(*) FROM rm.toestanden)::int AS toestanden_rows,
              (SELECT count(*) FROM rm.regeling_versies)::int AS versies,
              (SELECT count(*) FROM rm.regelingen)::int AS regelingen,
              (SELECT count(*) FROM rm.locaties l JOIN (
                 SELECT regeling_id, max(volgnummer) AS n FROM rm.regeling_versies WHERE soort <> 'ontwerp' GROUP BY regeling_id) v
                 ON v.regeling_id = l.regeling_id AND l.versies @> v.n)::int AS laatste_locaties,
              pg_total_relation_size('rm.locaties')::float8 AS locaties_bytes,
              pg_total_relation_size('rm.toestanden')::float8 AS toestanden_bytes,
              pg_total_relation_size('es.events')::float8 AS events_bytes`,
    );
    const m = maten[0]!;

    // ---- queries ----
    const nu = new Date();
    const vraagRng = prng(SEED + 99);
    const tijdstip = () => new Date(vraagRng.real(eersteEvent.getTime(), nu.getTime())).toISOString();
    const geldig = () => datum(vraagRng.int(dagVan('2022-01-01'), dagVan('2026-12-31')));
    const puntVragen: Vraag[] = Array.from({ length: WARMUP_QUERIES + POINT_QUERIES }, () => {
      const [x, y] = puntOpLand(vraagRng);
      return { geometrie: { type: 'Point', coordinates: [rond(x), rond(y)] }, geldigOp: geldig(), beschikbaarOp: tijdstip() };
    });
    const vlakVragen: Vraag[] = Array.from({ length: POLYGON_QUERIES }, () => {
      const [x, y] = puntOpLand(vraagRng);
      // about 500 m × 500 m: radius 280 m, irregular
      return { geometrie: sterVlak(vraagRng, x, y, 320, vraagRng.int(8, 24)), geldigOp: geldig(), beschikbaarOp: tijdstip() };
    });

    let fouten = 0;
    const foutvoorbeelden: string[] = [];
    const treffersApi: number[] = [];
    const api = async (v: Vraag, size = 20) => {
      const q = new URLSearchParams({ geldigOp: v.geldigOp, beschikbaarOp: v.beschikbaarOp, size: String(size) });
      const res = await fetch(`${baseUrl}/api/presenteren/v1/regeltekstannotaties/_zoek?${q}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Crs': 'EPSG:28992' },
        body: JSON.stringify({ geo: { geometrie: v.geometrie } }),
      });
      const body = (await res.json()) as { page?: { totalElements: number }; _embedded?: { documenten: { regelingId: string; juridischeRegels: { identificatie: string }[] }[] } };
      if (res.status !== 200) {
        fouten++;
        if (foutvoorbeelden.length < 3) foutvoorbeelden.push(`${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      } else treffersApi.push(body.page?.totalElements ?? 0);
      return body;
    };
    const tijdVan = (v: Vraag) => ({ geldigOp: v.geldigOp, inWerkingOp: vandaag(), bekendOp: vandaag(), beschikbaarOp: v.beschikbaarOp });
    const sql = async (v: Vraag) => {
      try {
        await regelsOpLocatie(pool, { geometrieRd: JSON.stringify(v.geometrie), tijd: tijdVan(v), inclusiefOntwerp: false, filters: {}, page: 1, size: 20 });
      } catch (error) {
        fouten++;
        if (foutvoorbeelden.length < 3) foutvoorbeelden.push(String(error));
      }
    };
    const kaal = async (v: Vraag) => {
      const t = tijdVan(v);
      try {
        // Named, as regelsOpLocatie's queries are: planned once per connection.
        await pool.query({ name: 'kale-sql', text: KALE_SQL, values: [JSON.stringify(v.geometrie), t.beschikbaarOp, t.bekendOp, t.inWerkingOp, t.geldigOp] });
      } catch (error) {
        fouten++;
        if (foutvoorbeelden.length < 3) foutvoorbeelden.push(String(error));
      }
    };
    const timed = async (f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      return performance.now() - t0;
    };

    for (const v of puntVragen.slice(0, WARMUP_QUERIES)) {
      await api(v);
      await sql(v);
      await kaal(v);
    }
    treffersApi.length = 0;

    /** Each way over the same queries, in rounds whose order rotates, so drift hits all alike. */
    const meet = async (vragen: Vraag[], label: string) => {
      const t = { api: [] as number[], sql: [] as number[], kaal: [] as number[] };
      const perRonde = Math.ceil(vragen.length / ROUNDS);
      let gedaan = 0;
      for (let ronde = 0; ronde < ROUNDS; ronde++) {
        const deel = vragen.slice(ronde * perRonde, (ronde + 1) * perRonde);
        const fasen: (() => Promise<void>)[] = [
          async () => { for (const v of deel) { t.api.push(await timed(() => api(v))); progress(label, ++gedaan, vragen.length * 3); } },
          async () => { for (const v of deel) { t.sql.push(await timed(() => sql(v))); progress(label, ++gedaan, vragen.length * 3); } },
          async () => { for (const v of deel) { t.kaal.push(await timed(() => kaal(v))); progress(label, ++gedaan, vragen.length * 3); } },
        ];
        for (let i = 0; i < 3; i++) await fasen[(i + ronde) % 3]!();
      }
      return t;
    };
    const punt = await meet(puntVragen.slice(WARMUP_QUERIES), `point queries: API / regelsOpLocatie / bare SQL`);
    const puntTreffers = [...treffersApi];
    treffersApi.length = 0;
    const vlak = await meet(vlakVragen, `polygon queries: API / regelsOpLocatie / bare SQL`);
    const vlakTreffers = [...treffersApi];

    // ---- spot checks: the centre of a known gebied finds its regel, now ----
    let spotFailures = 0;
    const spotVoorbeelden: string[] = [];
    const gekozen = steekproeven.slice(0, SPOT_CHECKS);
    for (const [i, s] of gekozen.entries()) {
      const body = await api({ geometrie: { type: 'Point', coordinates: [rond(s.x), rond(s.y)] }, geldigOp: vandaag(), beschikbaarOp: new Date().toISOString() }, 100);
      const doc = body._embedded?.documenten.find((d) => d.regelingId === s.regelingId);
      if (!doc?.juridischeRegels.some((r) => r.identificatie === s.regel)) {
        spotFailures++;
        if (spotVoorbeelden.length < 3) spotVoorbeelden.push(`${s.regelingId} ${s.regel} at (${rond(s.x)}, ${rond(s.y)}): ${doc ? `${doc.juridischeRegels.length} other regels` : 'regeling not found'}`);
      }
      progress('spot checks', i + 1, gekozen.length);
    }
    for (const v of spotVoorbeelden) say(`spot check failed: ${v}`);
    for (const v of foutvoorbeelden) say(`query error: ${v}`);
    const appErrors = logLines.filter((l) => /"level":(50|60)/.test(l));
    for (const l of appErrors.slice(0, 3)) say(`app logged: ${l.slice(0, 400)}`);

    // ---- invalid geometries in a sample of the read model (the generator must make sound ones) ----
    const { rows: ongeldig } = await pool.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS n FROM (SELECT geom FROM rm.locaties TABLESAMPLE SYSTEM (2) WHERE geom IS NOT NULL LIMIT 20000) s`,
    );

    const rate = (x: number) => Math.round(x);
    return {
      regelingen: teller.regelingen,
      bevoegdeGezagen: alle.length,
      events,
      appends: teller.appends,
      locaties: teller.locaties,
      locatiesMetGeometrie: teller.gebieden,
      locatiesInLaatsteVersies: m.laatste_locaties,
      locatieRows: m.locatie_rows,
      versies: m.versies,
      toestandenRows: m.toestanden_rows,
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      generateEventsPerSec: rate(events / generateSeconds),
      readAllEventsPerSec: rate(gelezen / readSeconds),
      rebuildEventsPerSec: rate(herbouwd / rebuildSeconds),
      rebuildSeconds: Math.round(rebuildSeconds * 10) / 10,
      rebuildComplete,
      rebuildEventsApplied: herbouwd,
      pointQueryP50Ms: ms(percentiel(punt.api, 50)),
      pointQueryP99Ms: ms(percentiel(punt.api, 99)),
      sqlPointQueryP50Ms: ms(percentiel(punt.sql, 50)),
      sqlPointQueryP99Ms: ms(percentiel(punt.sql, 99)),
      rawSqlPointQueryP50Ms: ms(percentiel(punt.kaal, 50)),
      rawSqlPointQueryP99Ms: ms(percentiel(punt.kaal, 99)),
      pointQueryDocumentsAvg: ms(puntTreffers.reduce((a, b) => a + b, 0) / Math.max(1, puntTreffers.length)),
      polygonQueryP50Ms: ms(percentiel(vlak.api, 50)),
      polygonQueryP99Ms: ms(percentiel(vlak.api, 99)),
      sqlPolygonQueryP50Ms: ms(percentiel(vlak.sql, 50)),
      sqlPolygonQueryP99Ms: ms(percentiel(vlak.sql, 99)),
      rawSqlPolygonQueryP50Ms: ms(percentiel(vlak.kaal, 50)),
      polygonQueryDocumentsAvg: ms(vlakTreffers.reduce((a, b) => a + b, 0) / Math.max(1, vlakTreffers.length)),
      queryErrors: fouten,
      appErrorLogs: appErrors.length,
      spotChecks: gekozen.length,
      spotCheckFailures: spotFailures,
      invalidGeometriesInSample: ongeldig[0]!.n,
      locatiesTableMB: Math.round(m.locaties_bytes / 2 ** 20),
      toestandenTableMB: Math.round(m.toestanden_bytes / 2 ** 20),
      eventsTableMB: Math.round(m.events_bytes / 2 ** 20),
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await appPool.end().catch(() => {});
  }
}

class RebuildBudget extends Error {}

const n = (x: number | undefined) => (x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: 3 }));

export function table(r: Record<string, number>): string[][] {
  return [
    ['', 'measured', 'baseline', 'baseline is', 'aim'],
    ['rebuild omgevingsdocumenten, batches of 1000 (events/s)', n(r.rebuildEventsPerSec), n(r.readAllEventsPerSec), 'readAll, pages of 1000', `≥ ${n(AIM.rebuildEventsPerSec)}/s`],
    ['  rebuild time (s) / complete (1 = yes)', `${n(r.rebuildSeconds)} / ${n(r.rebuildComplete)}`, '', '', ''],
    ['point query through the API, p50 (ms)', n(r.pointQueryP50Ms), n(r.sqlPointQueryP50Ms), 'regelsOpLocatie', `≤ ${AIM.pointQueryP50Ms} ms`],
    ['point query through the API, p99 (ms)', n(r.pointQueryP99Ms), n(r.sqlPointQueryP99Ms), 'regelsOpLocatie', `≤ ${AIM.pointQueryP99Ms} ms`],
    ['  bare spatial + time SQL, p50 / p99 (ms)', `${n(r.rawSqlPointQueryP50Ms)} / ${n(r.rawSqlPointQueryP99Ms)}`, '', '', ''],
    ['  documents found per point (avg)', n(r.pointQueryDocumentsAvg), '', '', ''],
    ['polygon query (~500 m) through the API, p50 (ms)', n(r.polygonQueryP50Ms), n(r.sqlPolygonQueryP50Ms), 'regelsOpLocatie', ''],
    ['polygon query through the API, p99 (ms)', n(r.polygonQueryP99Ms), n(r.sqlPolygonQueryP99Ms), 'regelsOpLocatie', ''],
    ['  bare spatial + time SQL, p50 (ms)', n(r.rawSqlPolygonQueryP50Ms), '', '', ''],
    ['  documents found per polygon (avg)', n(r.polygonQueryDocumentsAvg), '', '', ''],
    ['events / appends', `${n(r.events)} / ${n(r.appends)}`, '', '', '≥ 1,000,000 events'],
    ['regelingen / bevoegde gezagen / versions', `${n(r.regelingen)} / ${n(r.bevoegdeGezagen)} / ${n(r.versies)}`, '', '', ''],
    ['locaties in the latest versions (generated / read model)', `${n(r.locaties)} / ${n(r.locatiesInLaatsteVersies)}`, '', '', '≥ 100,000'],
    ['rows in rm.locaties / rm.toestanden', `${n(r.locatieRows)} / ${n(r.toestandenRows)}`, '', '', ''],
    ['size of rm.locaties / rm.toestanden / es.events (MB)', `${n(r.locatiesTableMB)} / ${n(r.toestandenTableMB)} / ${n(r.eventsTableMB)}`, '', '', ''],
    ['generate + append (s, events/s)', `${n(r.generateSeconds)} s, ${n(r.generateEventsPerSec)}/s`, '', '', ''],
    ['query errors / app error logs', `${n(r.queryErrors)} / ${n(r.appErrorLogs)}`, '', '', '0'],
    ['spot checks failed (of)', `${n(r.spotCheckFailures)} (${n(r.spotChecks)})`, '', '', '0'],
    ['invalid geometries in a sample', n(r.invalidGeometriesInSample), '', '', '0'],
  ];
}

export function failures(r: Record<string, number>): string[] {
  const uit: string[] = [];
  if (r.queryErrors !== 0) uit.push(`${r.queryErrors} queries returned an error`);
  if (r.appErrorLogs !== 0) uit.push(`the app logged ${r.appErrorLogs} errors`);
  if (r.spotCheckFailures !== 0) uit.push(`${r.spotCheckFailures} of ${r.spotChecks} spot checks did not find their regel`);
  if (!r.spotChecks) uit.push('no spot checks were made');
  if (r.rebuildComplete !== 1) uit.push(`the rebuild did not finish within ${REBUILD_BUDGET_S} s (${r.rebuildEventsApplied} of ${r.events} events)`);
  if (r.invalidGeometriesInSample !== 0) uit.push(`${r.invalidGeometriesInSample} generated geometries are invalid`);
  if (SCALE >= 1 && r.events! < 1_000_000) uit.push(`only ${r.events} events were generated, 1,000,000 wanted`);
  if (SCALE >= 1 && r.locaties! < 100_000) uit.push(`only ${r.locaties} locaties in the latest versions, 100,000 wanted`);
  return uit;
}

