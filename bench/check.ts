/**
 * The Vergunningcheck per answer step, without the database: five trees of realistic size run
 * as one vragenboom (`doorloop`), answered by simulated users. A step is what the API does per
 * answer: one `beantwoord` over every tree, one `doorloop` of the trees that ask (conclusie and
 * maatregelen: the next question) and one of the indieningsvereisten tree (what an aanvraag
 * needs, never the next question). Baseline: `evalueer` on each of the five models
 * directly, on the same answers, summed per step, so the difference is the cost of combining
 * the trees (question keys, checks, merging the questions).
 *
 * The trees: the four real Amsterdam files (dakkapel in DMN 1.2 and 1.1, which ask the same
 * questions, as two bevoegde gezagen with the same tree would; maatregelen olieproducten;
 * indieningsvereisten evenement) and one generated in memory: 30 questions (3 of them the
 * dakkapel's, so shared), 8 decisions, tables of 20–40 rules with every hit policy. Together
 * 57 distinct questions and 327 rules, the size of a municipality's real STTR trees.
 *
 * A seeded PRNG makes every run the same; a few untimed sessions first warm up the JIT.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evalueer, type Antwoorden } from '../domain/toepasbare-regels/evaluatie.ts';
import type { Aggregatie, Beslisregel, Beslissing, DmnModel, Gegevenstype, HitPolicy, Invoer, Uitvoeringsregel } from '../domain/toepasbare-regels/model.ts';
import { beantwoord, doorloop, vraagsleutel, type Boom, type Vraag } from '../domain/toepasbare-regels/vragenboom.ts';
import { leesDmn } from '../infrastructure/sttr/dmn-lezer.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import type { BenchContext } from './run.ts';

const SEED = 20250601;
const SESSIONS = Number(process.env.BENCH_CHECK_SESSIONS ?? '200');
const WARMUP_SESSIONS = 20;
const MAX_STEPS = 60;
const AIM = { stepP99Ms: 20 };

const DATA = join(projectRoot, '..', 'shared', 'data', 'amsterdam-vergunningcheck');
/** The real files, each as the tree of one bevoegd gezag (a short label for the results). */
const BESTANDEN: [label: string, boom: string, pad: string][] = [
  ['dakkapel12', 'gm0363/dakkapel/conclusie', 'DMN1.2/ConclusieBouwenDakkapel.dmn'],
  ['dakkapel11', 'gm0345/dakkapel/conclusie', 'DMN1.1/ConclusieBouwenDakkapel.dmn'],
  ['olie', 'pv27/opslaan-olieproducten/maatregelen', 'DMN1.2/MaatregelenOpslaanOlieproducten.dmn'],
  ['evenement', 'gm0363/evenement/indieningsvereisten', 'DMN1.2/IndieningsvereistenVergunningEvenementOrganiseren.dmn'],
];

const say = (message: string) => process.stderr.write(`[bench] check: ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: small and good enough for picking answers. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    kies: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    schud: <T>(xs: readonly T[]): T[] => {
      const uit = [...xs];
      for (let i = uit.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [uit[i], uit[j]] = [uit[j]!, uit[i]!];
      }
      return uit;
    },
  };
}
type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// The generated tree: an aanbouw (bijbehorend bouwwerk) of a municipality
// ---------------------------------------------------------------------------------------------

interface Vraagspec {
  naam: string;
  tekst: string;
  type: Gegevenstype;
  opties?: string[];
  /** Plausible answers of a number question; the tables split it at a third and two thirds. */
  bereik?: [number, number];
  groep: 'RG1' | 'RG2' | 'RG3';
}

/** The dakkapel's questions the generated tree asks too (by inputData name): asked once in a check. */
const GEDEELD = ['Monument', 'RBS', 'Welstandscriteria'];

const EIGEN: Vraagspec[] = [
  { naam: 'Achtererf', tekst: 'Komt het bouwwerk in het achtererfgebied?', type: 'boolean', groep: 'RG1' },
  { naam: 'Grondgebonden', tekst: 'Is het bouwwerk grondgebonden?', type: 'boolean', groep: 'RG2' },
  { naam: 'Bewoning', tekst: 'Wordt het bouwwerk gebruikt voor bewoning?', type: 'boolean', groep: 'RG3' },
  { naam: 'Vervanging', tekst: 'Vervangt het bouwwerk een bestaand bouwwerk?', type: 'boolean', groep: 'RG2' },
  { naam: 'Boom', tekst: 'Staat er binnen 5 meter een boom met een stamomtrek van meer dan 80 cm?', type: 'boolean', groep: 'RG1' },
  { naam: 'Archeologie', tekst: 'Ligt het perceel in een gebied met archeologische verwachting?', type: 'boolean', groep: 'RG1' },
  { naam: 'Grondroeren', tekst: 'Wordt de bodem dieper dan 50 cm geroerd?', type: 'boolean', groep: 'RG2' },
  { naam: 'Water', tekst: 'Grenst het perceel aan openbaar water?', type: 'boolean', groep: 'RG1' },
  { naam: 'Erfgrens', tekst: 'Komt het bouwwerk op of over de erfgrens?', type: 'boolean', groep: 'RG2' },
  { naam: 'Instemming', tekst: 'Heeft de eigenaar van het buurperceel schriftelijk ingestemd?', type: 'boolean', groep: 'RG3' },
  { naam: 'Uitweg', tekst: 'Wordt er een uitweg naar de openbare weg aangelegd?', type: 'boolean', groep: 'RG3' },
  { naam: 'Voor1940', tekst: 'Is het hoofdgebouw gebouwd voor 1940?', type: 'boolean', groep: 'RG1' },
  { naam: 'Hoogte', tekst: 'Wat is de hoogte van het bouwwerk (in cm)?', type: 'number', bereik: [150, 600], groep: 'RG2' },
  { naam: 'Diepte', tekst: 'Hoe diep komt het bouwwerk vanaf de achtergevel (in cm)?', type: 'number', bereik: [100, 700], groep: 'RG2' },
  { naam: 'Bebouwd', tekst: 'Hoeveel m² van het achtererfgebied is al bebouwd?', type: 'number', bereik: [0, 90], groep: 'RG1' },
  { naam: 'Oppervlakte', tekst: 'Wat is de oppervlakte van het bouwwerk (in m²)?', type: 'number', bereik: [4, 60], groep: 'RG2' },
  { naam: 'AfstandErfgrens', tekst: 'Hoe ver ligt het bouwwerk van de zijdelingse erfgrens (in cm)?', type: 'number', bereik: [0, 300], groep: 'RG2' },
  { naam: 'Bouwlagen', tekst: 'Hoeveel bouwlagen krijgt het bouwwerk?', type: 'number', bereik: [1, 3], groep: 'RG2' },
  { naam: 'AfstandWeg', tekst: 'Hoe ver ligt het bouwwerk van de openbare weg (in m)?', type: 'number', bereik: [0, 30], groep: 'RG1' },
  { naam: 'Gebruik', tekst: 'Waarvoor wordt het bouwwerk gebruikt?', type: 'list', opties: ['Berging', 'Woonruimte', 'Garage', 'Bedrijfsruimte'], groep: 'RG3' },
  { naam: 'Dakvorm', tekst: 'Welke dakvorm krijgt het bouwwerk?', type: 'list', opties: ['Plat dak', 'Zadeldak', 'Lessenaarsdak'], groep: 'RG2' },
  { naam: 'Kant', tekst: 'Aan welke kant van het hoofdgebouw komt het bouwwerk?', type: 'list', opties: ['Achterkant', 'Zijkant', 'Voorkant'], groep: 'RG1' },
  { naam: 'Gevel', tekst: 'Van welk materiaal wordt de gevel?', type: 'list', opties: ['Baksteen', 'Hout', 'Glas', 'Kunststof', 'Anders'], groep: 'RG2' },
  { naam: 'Functie', tekst: 'Welke functie heeft het perceel in het omgevingsplan?', type: 'list', opties: ['Wonen', 'Tuin', 'Gemengd', 'Bedrijf'], groep: 'RG1' },
  { naam: 'Eigenaar', tekst: 'Wie is eigenaar van de grond?', type: 'list', opties: ['Aanvrager', 'Gemeente', 'Derde'], groep: 'RG3' },
  { naam: 'StartBouw', tekst: 'Wanneer begint de bouw?', type: 'date', groep: 'RG3' },
  { naam: 'Perceel', tekst: 'Wat is de kadastrale aanduiding van het perceel?', type: 'string', groep: 'RG3' },
];

/** The unary tests that split a question's answers into parts that do not overlap. */
function delen(v: Vraagspec): string[] {
  switch (v.type) {
    case 'boolean':
      return ['true', 'false'];
    case 'number': {
      const [min, max] = v.bereik!;
      const a = Math.round(min + (max - min) / 3);
      const b = Math.round(min + ((max - min) * 2) / 3);
      return a === b ? [`< ${a}`, `>= ${a}`] : [`< ${a}`, `[${a}..${b})`, `>= ${b}`];
    }
    case 'list':
      return v.opties!.map((o) => JSON.stringify(o));
    case 'date':
      return ['< date("2025-07-01")', '>= date("2025-07-01")'];
    default:
      return ['not(null)'];
  }
}

/**
 * Rules as a decision tree (each branch may stop early, its other inputs "-"): they never
 * overlap and always one matches, as UNIQUE and ANY need; most inputs are skipped on most paths.
 */
function boomRegels(rng: Rng, parts: string[][], stop: number): string[][] {
  const uit: string[][] = [];
  const tak = (k: number, prefix: string[]) => {
    if (k === parts.length) return void uit.push(prefix);
    const rest = parts.length - k - 1;
    for (const p of parts[k]!) {
      if (k > 0 && rest > 0 && rng.next() < stop) uit.push([...prefix, p, ...Array<string>(rest).fill('-')]);
      else tak(k + 1, [...prefix, p]);
    }
  };
  tak(0, []);
  return uit;
}

/** Rules that may overlap (COLLECT, PRIORITY, …): each input tested or "-" at random. */
const losseRegels = (rng: Rng, parts: string[][], aantal: number) => Array.from({ length: aantal }, () => parts.map((p) => (rng.next() < 0.55 ? '-' : rng.kies(p))));

const CONCLUSIE = ['"Vergunningplicht"', '"Toestemmingsvrij"', '"Meldingsplicht"', '"Informatieplicht"', '"Verbod"'];

interface Tabelspec {
  naam: string;
  hitPolicy: HitPolicy;
  aggregatie?: Aggregatie;
  /** Tree-shaped (no overlap) or loose rules. */
  vorm: 'boom' | 'los';
  uitvoer: string[];
  /** Output values: the order PRIORITY and OUTPUT ORDER use. */
  geordend?: boolean;
  /** Does the top decision (Conclusie) use it? Otherwise it is a top decision itself. */
  conclusie?: boolean;
}

const TABELLEN: Tabelspec[] = [
  { naam: 'Vergunningvrij achtererf', hitPolicy: 'FIRST', vorm: 'boom', uitvoer: ['"Toestemmingsvrij"', '"Vergunningplicht"', '"Meldingsplicht"'], conclusie: true },
  { naam: 'Afmetingen', hitPolicy: 'UNIQUE', vorm: 'boom', uitvoer: ['"Toestemmingsvrij"', '"Vergunningplicht"', '"Informatieplicht"'], conclusie: true },
  { naam: 'Erf en buren', hitPolicy: 'ANY', vorm: 'boom', uitvoer: ['"Toestemmingsvrij"', '"Vergunningplicht"', '"Meldingsplicht"'], conclusie: true },
  { naam: 'Omgevingsplanregels', hitPolicy: 'PRIORITY', vorm: 'los', uitvoer: ['"Verbod"', '"Vergunningplicht"', '"Informatieplicht"', '"Toestemmingsvrij"'], geordend: true, conclusie: true },
  { naam: 'Legespunten', hitPolicy: 'COLLECT', aggregatie: 'SUM', vorm: 'los', uitvoer: ['10', '25', '40', '75'] },
  { naam: 'Maatregelen aanbouw', hitPolicy: 'RULE ORDER', vorm: 'los', uitvoer: ['"m0101"', '"m0102"', '"m0103"', '"m0104"', '"m0105"', '"m0106"', '"m0107"', '"m0108"'] },
  {
    naam: 'Indieningsvereisten aanbouw',
    hitPolicy: 'OUTPUT ORDER',
    vorm: 'los',
    uitvoer: ['"Situatietekening"', '"Plattegrond"', '"Gevelaanzicht"', '"Constructieberekening"', '"Bomeneffectanalyse"', '"Archeologisch rapport"'],
    geordend: true,
  },
];

/** A DmnModel as `leesDmn` would give it, of the size of a municipality's larger trees. */
function gegenereerdModel(dakkapel: DmnModel, rng: Rng): DmnModel {
  const gedeeld: Vraagspec[] = GEDEELD.map((naam) => {
    const invoer = Object.values(dakkapel.invoer).find((i) => i.naam === naam)!;
    return { naam, tekst: dakkapel.uitvoeringsregels[invoer.uitvoeringsregel!]!.vraag!.tekst, type: 'boolean', groep: 'RG1' };
  });
  const vragen = [...gedeeld, ...EIGEN];
  const uitvoeringsregels: Record<string, Uitvoeringsregel> = {};
  const invoer: Record<string, Invoer> = {};
  vragen.forEach((v, i) => {
    const nr = String(i + 1).padStart(2, '0');
    uitvoeringsregels[`UitvG${nr}`] = {
      id: `UitvG${nr}`,
      regelgroep: v.groep,
      prioriteit: i + 1,
      vraag: { gegevensType: v.type, tekst: v.tekst, ...(v.opties ? { opties: v.opties.map((tekst, k) => ({ volgnummer: k + 1, tekst })) } : {}) },
    };
    invoer[`InvG${nr}`] = { id: `InvG${nr}`, naam: v.naam, typeRef: v.type === 'list' ? 'string' : v.type, uitvoeringsregel: `UitvG${nr}` };
  });
  const invoerId = (v: Vraagspec) => `InvG${String(vragen.indexOf(v) + 1).padStart(2, '0')}`;

  // Every question in some table: dealt round-robin, then one more per table (a question several tables test).
  const verdeling: Vraagspec[][] = TABELLEN.map(() => []);
  rng.schud(vragen).forEach((v, i) => verdeling[i % TABELLEN.length]!.push(v));
  for (const lijst of verdeling) lijst.push(rng.kies(vragen.filter((v) => !lijst.includes(v))));

  let regelnummer = 0;
  const regel = (invoerTests: string[], uitvoer: string): Beslisregel => {
    regelnummer++;
    return { id: `RegelG${regelnummer}`, invoer: invoerTests, uitvoer: [uitvoer], annotaties: [`"/akn/nl/act/gm0363/2024/omgevingsplan/art${regelnummer}"`] };
  };
  const beslissingen: Record<string, Beslissing> = {};
  TABELLEN.forEach((t, k) => {
    const lijst = verdeling[k]!;
    const parts = lijst.map(delen);
    let tests: string[][] = [];
    if (t.vorm === 'boom') {
      // Stop branches early more often until the table has a realistic size.
      for (let poging = 0; poging < 200; poging++) {
        tests = boomRegels(rng, parts, 0.2 + 0.07 * (poging % 10));
        if (tests.length >= 20 && tests.length <= 40) break;
      }
    } else {
      tests = losseRegels(rng, parts, rng.int(20, 40));
    }
    const id = `BesG${k + 1}`;
    beslissingen[id] = {
      id,
      naam: t.naam,
      vereisteBeslissingen: [],
      vereisteInvoer: [...new Set(lijst.map(invoerId))],
      logica: {
        soort: 'beslistabel',
        hitPolicy: t.hitPolicy,
        ...(t.aggregatie ? { aggregatie: t.aggregatie } : {}),
        invoer: lijst.map((v, i) => ({ id: `${id}-in${i + 1}`, expressie: v.type === 'date' ? `date(${v.naam})` : v.naam, typeRef: v.type === 'list' ? 'string' : v.type })),
        uitvoer: [{ id: `${id}-uit`, naam: t.naam, ...(t.geordend ? { waarden: t.uitvoer } : {}) }],
        regels: tests.map((r) => regel(r, rng.kies(t.uitvoer))),
      },
    };
  });

  // The conclusie: every conclusion of the sub-decisions, and a monument always needs a permit (as the dakkapel).
  const onder = TABELLEN.flatMap((t, k) => (t.conclusie ? [{ t, id: `BesG${k + 1}` }] : []));
  const monument = invoerId(gedeeld[0]!);
  const breedte = onder.length + 1;
  const conclusieregels: Beslisregel[] = [regel(['true', ...onder.map(() => '-')], '"Vergunningplicht"')];
  onder.forEach(({ t }, k) => {
    for (const w of t.uitvoer) conclusieregels.push(regel(Array.from({ length: breedte }, (_, i) => (i === k + 1 ? w : '-')), w));
  });
  beslissingen.BesGConclusie = {
    id: 'BesGConclusie',
    naam: 'Conclusie aanbouw',
    vereisteBeslissingen: onder.map((o) => o.id),
    vereisteInvoer: [monument],
    logica: {
      soort: 'beslistabel',
      hitPolicy: 'COLLECT',
      invoer: [{ id: 'conclusie-in0', expressie: 'Monument', typeRef: 'boolean' }, ...onder.map(({ t }, k) => ({ id: `conclusie-in${k + 1}`, expressie: t.naam, typeRef: 'string' }))],
      uitvoer: [{ id: 'conclusie-uit', naam: 'Conclusie aanbouw', waarden: CONCLUSIE }],
      regels: conclusieregels,
    },
  };

  return {
    id: 'gegenereerd-aanbouw',
    naam: 'Conclusie bouwen bijbehorend bouwwerk (gegenereerd)',
    namespace: 'urn:bench:check',
    dmnVersie: '1.3',
    regelgroepen: [
      { id: 'RG1', naam: 'Locatie', prioriteit: 1 },
      { id: 'RG2', naam: 'Bouwwerk', prioriteit: 2 },
      { id: 'RG3', naam: 'Gebruik en aanvraag', prioriteit: 3 },
    ],
    uitvoeringsregels,
    invoer,
    beslissingen,
    maatregelen: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Simulated users
// ---------------------------------------------------------------------------------------------

/** A valid answer for the question's type and options; numbers within the question's plausible range. */
function antwoordOp(rng: Rng, v: Vraag, bereik: Map<string, [number, number]>): unknown {
  if (v.opties?.length) {
    const teksten = v.opties.map((o) => o.tekst);
    if (!v.meerdereAntwoorden) return rng.kies(teksten);
    const gekozen = teksten.filter(() => rng.next() < 0.4);
    return gekozen.length ? gekozen : [rng.kies(teksten)];
  }
  switch (v.type) {
    case 'boolean':
      return rng.next() < 0.5;
    case 'number': {
      // The real files split numbers at 50–175 (cm, visitors).
      const [min, max] = bereik.get(v.sleutel) ?? [0, 300];
      return rng.int(min, max);
    }
    case 'date':
      return `${rng.int(2024, 2026)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    default:
      // A geo question (the location is not looked up here) takes where it lies.
      return v.sleutel.startsWith('geo:') ? rng.kies(['ja', 'deels', 'nee']) : `Perceel ASD${rng.int(1, 99)} ${String.fromCharCode(65 + rng.int(0, 25))} ${rng.int(1, 9999)}`;
  }
}

function percentiel(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const ms = (x: number) => Math.round(x * 1000) / 1000;

export async function run({ progress }: BenchContext): Promise<Record<string, number>> {
  // ---- parse the real files, once ----
  const xml = BESTANDEN.map(([, , pad]) => readFileSync(join(DATA, pad), 'utf8'));
  const t0 = performance.now();
  const echte = BESTANDEN.map(([, , pad], i) => leesDmn(xml[i]!, pad));
  const parseMs = performance.now() - t0;

  const bomen: Boom[] = [...BESTANDEN.map(([, boom], i) => ({ id: boom, model: echte[i]! })), { id: 'gm0363/bijbehorend-bouwwerk/conclusie', model: gegenereerdModel(echte[0]!, prng(SEED)) }];
  const labels = [...BESTANDEN.map(([label]) => label), 'generated'];
  // As the API runs them: the indieningsvereisten trees beside the others, with the same answers.
  const vereist = (b: Boom) => b.id.endsWith('/indieningsvereisten');
  const vragend = bomen.filter((b) => !vereist(b));
  const vereisten = bomen.filter(vereist);

  // The questions of every tree (fixed values are never asked), and per model its inputs' keys for the baseline.
  const sleutels = bomen.map((b) => Object.values(b.model.invoer).map((i) => [i.id, vraagsleutel(b.model, i.id)] as const));
  const gevraagd = new Set(
    bomen.flatMap((b, k) => sleutels[k]!.filter(([id]) => !b.model.uitvoeringsregels[b.model.invoer[id]!.uitvoeringsregel ?? '']?.vasteWaarde).map(([, s]) => s)),
  );
  const regels = bomen.flatMap((b) => Object.values(b.model.beslissingen)).reduce((n, b) => n + (b.logica.soort === 'beslistabel' ? b.logica.regels.length : 0), 0);
  const gegenereerd = bomen.at(-1)!.model;
  const bereik = new Map(
    Object.values(gegenereerd.invoer).flatMap((i) => {
      const v = EIGEN.find((e) => e.naam === i.naam);
      return v?.bereik ? [[vraagsleutel(gegenereerd, i.id), v.bereik] as const] : [];
    }),
  );

  const stappen: number[] = [];
  const antwoordTijden: number[] = [];
  const direct: number[] = [];
  const perBoom = bomen.map(() => 0);
  const vragenPerSessie: number[] = [];
  let mislukt = 0;
  let afgekapt = 0;

  /** One user from an empty check to its end; measured unless warming up. */
  const sessie = (rng: Rng, meet: boolean) => {
    let antwoorden: Record<string, unknown> = {};
    let stand = doorloop(vragend, { antwoorden, ligging: {} });
    doorloop(vereisten, { antwoorden, ligging: {} });
    let n = 0;
    for (; stand.volgende && n < MAX_STEPS; n++) {
      const v = stand.volgende;
      if (Object.hasOwn(antwoorden, v.sleutel)) throw new Error(`${v.sleutel} is asked again`);
      const antwoord = antwoordOp(rng, v, bereik);
      const a = performance.now();
      antwoorden = beantwoord(bomen, antwoorden, v.sleutel, antwoord);
      const b = performance.now();
      stand = doorloop(vragend, { antwoorden, ligging: {} });
      doorloop(vereisten, { antwoorden, ligging: {} });
      const c = performance.now();

      // Baseline: the same answers, by inputData id (mapped outside the timing), each model on its own.
      const perModel = sleutels.map((lijst) => {
        const uit: Antwoorden = {};
        for (const [id, s] of lijst) if (Object.hasOwn(antwoorden, s)) uit[id] = antwoorden[s];
        return uit;
      });
      let som = 0;
      bomen.forEach((boom, k) => {
        const d = performance.now();
        evalueer(boom.model, perModel[k]!);
        const tijd = performance.now() - d;
        som += tijd;
        if (meet) perBoom[k]! += tijd;
      });
      if (meet) {
        stappen.push(c - a);
        antwoordTijden.push(b - a);
        direct.push(som);
      }
    }
    if (meet) {
      vragenPerSessie.push(n);
      if (stand.volgende) afgekapt++;
    }
  };

  for (let i = 0; i < WARMUP_SESSIONS; i++) {
    sessie(prng(SEED + 1_000_000 + i), false);
    progress('warm-up sessions', i + 1, WARMUP_SESSIONS);
  }
  for (let i = 0; i < SESSIONS; i++) {
    try {
      sessie(prng(SEED + 1 + i), true);
    } catch (error) {
      mislukt++;
      if (mislukt <= 3) say(`session ${i} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    progress('sessions (answer steps and direct evaluation)', i + 1, SESSIONS);
  }

  const totaalDirect = perBoom.reduce((x, y) => x + y, 0) || 1;
  return {
    stepP50Ms: ms(percentiel(stappen, 50)),
    stepP90Ms: ms(percentiel(stappen, 90)),
    stepP99Ms: ms(percentiel(stappen, 99)),
    stepMaxMs: ms(Math.max(...stappen, 0)),
    directP50Ms: ms(percentiel(direct, 50)),
    directP90Ms: ms(percentiel(direct, 90)),
    directP99Ms: ms(percentiel(direct, 99)),
    directMaxMs: ms(Math.max(...direct, 0)),
    beantwoordP50Ms: ms(percentiel(antwoordTijden, 50)),
    beantwoordP99Ms: ms(percentiel(antwoordTijden, 99)),
    ...Object.fromEntries(labels.map((l, k) => [`directSharePct_${l}`, Math.round((perBoom[k]! / totaalDirect) * 1000) / 10])),
    sessions: SESSIONS,
    failedSessions: mislukt,
    cappedSessions: afgekapt,
    steps: stappen.length,
    questionsPerSessionMedian: percentiel(vragenPerSessie, 50),
    questionsPerSessionMax: Math.max(...vragenPerSessie, 0),
    distinctQuestions: gevraagd.size,
    trees: bomen.length,
    rules: regels,
    parseMs: ms(parseMs),
  };
}

const n = (x: number | undefined) => (x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: 3 }));

export function table(r: Record<string, number>): string[][] {
  return [
    ['', 'measured', 'baseline', 'baseline is', 'aim'],
    ['answer step (beantwoord + doorloop of the asking and the indieningsvereisten trees), p50 (ms)', n(r.stepP50Ms), n(r.directP50Ms), 'evalueer × 5 models, same answers', ''],
    ['answer step, p90 (ms)', n(r.stepP90Ms), n(r.directP90Ms), 'evalueer × 5 models, same answers', ''],
    ['answer step, p99 (ms)', n(r.stepP99Ms), n(r.directP99Ms), 'evalueer × 5 models, same answers', `≤ ${AIM.stepP99Ms} ms`],
    ['answer step, max (ms)', n(r.stepMaxMs), n(r.directMaxMs), 'evalueer × 5 models, same answers', ''],
    ['  of which beantwoord, p50 / p99 (ms)', `${n(r.beantwoordP50Ms)} / ${n(r.beantwoordP99Ms)}`, '', '', ''],
    [
      '  share of direct time: dakkapel 1.2 / 1.1 / olie / evenement / generated (%)',
      [r.directSharePct_dakkapel12, r.directSharePct_dakkapel11, r.directSharePct_olie, r.directSharePct_evenement, r.directSharePct_generated].map(n).join(' / '),
      '',
      '',
      '',
    ],
    ['questions asked per session, median / max', `${n(r.questionsPerSessionMedian)} / ${n(r.questionsPerSessionMax)}`, n(r.distinctQuestions), 'distinct questions in the 5 trees', ''],
    ['trees / rules in their tables', `${n(r.trees)} / ${n(r.rules)}`, '', '4 real files + 1 generated model', ''],
    ['sessions / answer steps measured', `${n(r.sessions)} / ${n(r.steps)}`, '', `after ${WARMUP_SESSIONS} warm-up sessions`, ''],
    ['sessions failed / stopped at 60 steps', `${n(r.failedSessions)} / ${n(r.cappedSessions)}`, '', '', '0 / 0'],
    ['parse the 4 real files with leesDmn, once (ms)', n(r.parseMs), '', '', ''],
  ];
}

export function failures(r: Record<string, number>): string[] {
  const uit: string[] = [];
  if (r.failedSessions !== 0) uit.push(`${r.failedSessions} of ${r.sessions} sessions threw`);
  if (r.cappedSessions !== 0) uit.push(`${r.cappedSessions} sessions still had questions after ${MAX_STEPS} answers`);
  if (!r.steps) uit.push('no answer steps were measured');
  return uit;
}
