/**
 * Importing a STOP/TPOD delivery at scale: a generated omgevingsplan of 100,000 locaties (and
 * one of 10,000, to see how memory grows) in the shape LVBB packages it: a pakbon, the
 * regeling text (1 artikel per 100 locaties), the OW files (gebieden, gebiedengroepen,
 * regelteksten, regels, activiteiten) and ten GIOs. Each is imported by `npm run import` in a
 * process of its own, whose peak resident memory is read from /proc while it runs; beside it,
 * as baseline in the same run, the bare streaming XML parse of the same files.
 *
 * Figures: `objectsPerSec` (IMOW objects, GIO locaties and artikelen per second, whole import
 * with checks, PostGIS geometry check and storing the events), `peakRssMb` (in a heap of
 * HEAP_MB), `peakLiveHeapMb` (the most heap in use after a full collection, sampled every 250 ms), `inputMb`, and the same for 10,000 locaties and for the parse alone. Nothing of
 * the delivery is held whole: it is read into temporary tables and its kernen into the content
 * index (PostgreSQL), then the changed objects are read again, a part at a time.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { projectRoot } from '../infrastructure/paths.ts';
import { xmlObjecten } from '../infrastructure/xml-stream.ts';
import type { BenchContext } from './run.ts';

const GEMEENTE = 'gm0001';
/** The import's JavaScript heap limit: a few parts and batches in flight, with room. */
const HEAP_MB = 256;
const OW_NS = 'xmlns:ow-dc="http://www.geostandaarden.nl/imow/bestanden/deelbestand" xmlns:sl="http://www.geostandaarden.nl/bestanden-ow/standlevering-generiek" xmlns:l="http://www.geostandaarden.nl/imow/locatie" xmlns:regels="http://www.geostandaarden.nl/imow/regels" xmlns:rol="http://www.geostandaarden.nl/imow/regelsoplocatie" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** Writes with back-pressure, so generating a large file takes little memory too. */
async function schrijf(uit: WriteStream, tekst: string) {
  if (!uit.write(tekst)) await once(uit, 'drain');
}
async function bestand(pad: string, maak: (w: (t: string) => Promise<void>) => Promise<void>) {
  const uit = createWriteStream(pad);
  await maak((t) => schrijf(uit, t));
  uit.end();
  await once(uit, 'finish');
}
const ow = (objecten: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<ow-dc:owBestand ${OW_NS}><sl:standBestand>${objecten}`;
const owEinde = '</sl:standBestand></ow-dc:owBestand>\n';
const stand = (o: string) => `<sl:stand><ow-dc:owObject>${o}</ow-dc:owObject></sl:stand>\n`;

/**
 * A delivery of `n` locaties in folder `map`, each a polygon of `punten` vertices (a square when
 * 5); returns the number of objects in it.
 */
export async function genereer(map: string, n: number, punten = 5, naam = ''): Promise<number> {
  // One regeling per delivery: all go into the same database.
  const WERK = `/akn/nl/act/${GEMEENTE}/2026/omgevingsplan-bench-${n}-${punten}${naam}`;
  const artikelen = n / 100;
  const gios = 10;
  mkdirSync(join(map, 'Regeling'), { recursive: true });
  mkdirSync(join(map, 'OW-bestanden'), { recursive: true });
  const gioPad = (g: number) => `IO-${g}/locaties-${g}.gml`;
  const module = (localName: string, namespace: string, naam: string) => `<Module><localName>${localName}</localName><namespace>${namespace}</namespace><bestandsnaam>${naam}</bestandsnaam><mediatype>application/xml</mediatype></Module>`;
  const data = 'https://standaarden.overheid.nl/stop/imop/data/';
  await bestand(join(map, 'pakbon.xml'), async (w) => {
    await w(`<?xml version="1.0" encoding="UTF-8"?>\n<Pakbon xmlns="https://standaarden.overheid.nl/stop/imop/uitwisseling/"><Component><FRBRWork>${WERK}</FRBRWork><FRBRExpression>${WERK}/nld@2026-01-05;1</FRBRExpression><soortWork>/join/id/stop/work_019</soortWork><heeftModule>`);
    await w(module('RegelingCompact', 'https://standaarden.overheid.nl/stop/imop/tekst/', 'Regeling/Tekst.xml') + module('RegelingMetadata', data, 'Regeling/Metadata.xml') + module('Momentopname', data, 'Regeling/Momentopname.xml') + module('Aanleveringen', 'http://www.geostandaarden.nl/bestanden-ow/manifest-ow', 'OW-bestanden/manifest-ow.xml'));
    await w('</heeftModule></Component>');
    for (let g = 0; g < gios; g++) await w(`<Component><FRBRWork>/join/id/regdata/${GEMEENTE}/2026/bench${g}</FRBRWork><FRBRExpression>/join/id/regdata/${GEMEENTE}/2026/bench${g}/nld@2026;1</FRBRExpression><soortWork>/join/id/stop/work_010</soortWork><heeftModule>${module('GeoInformatieObjectVersie', data, gioPad(g))}</heeftModule></Component>`);
    await w('</Pakbon>\n');
  });
  await bestand(join(map, 'Regeling', 'Metadata.xml'), (w) => w(`<RegelingMetadata xmlns="${data}"><heeftCiteertitelInformatie><CiteertitelInformatie><citeertitel>Omgevingsplan bench</citeertitel></CiteertitelInformatie></heeftCiteertitelInformatie><eindverantwoordelijke>/tooi/id/gemeente/${GEMEENTE}</eindverantwoordelijke><soortRegeling>/join/id/stop/regelingtype_003</soortRegeling></RegelingMetadata>\n`));
  await bestand(join(map, 'Regeling', 'Momentopname.xml'), (w) => w(`<Momentopname xmlns="${data}"><doel>/join/id/proces/${GEMEENTE}/2026/bench</doel><gemaaktOp>2026-01-05T09:00:00Z</gemaaktOp></Momentopname>\n`));
  await bestand(join(map, 'Regeling', 'Tekst.xml'), async (w) => {
    await w('<tekst:RegelingCompact xmlns:tekst="https://standaarden.overheid.nl/stop/imop/tekst/"><tekst:Lichaam eId="body" wId="body">');
    for (let a = 0; a < artikelen; a++) await w(`<tekst:Artikel eId="art_${a}" wId="${GEMEENTE}__art_${a}"><tekst:Kop><tekst:Nummer>${a + 1}</tekst:Nummer><tekst:Opschrift>Gebied ${a + 1}</tekst:Opschrift></tekst:Kop><tekst:Inhoud><tekst:Al>In gebied ${a + 1} is het verboden zonder omgevingsvergunning te bouwen.</tekst:Al></tekst:Inhoud></tekst:Artikel>\n`);
    await w('</tekst:Lichaam></tekst:RegelingCompact>\n');
  });
  const bestanden = ['gebieden.xml', 'gebiedengroepen.xml', 'activiteiten.xml', 'regelteksten.xml', 'regelsvooriedereen.xml'];
  await bestand(join(map, 'OW-bestanden', 'manifest-ow.xml'), (w) => w(`<Aanleveringen xmlns="http://www.geostandaarden.nl/bestanden-ow/manifest-ow"><Aanlevering><WorkIDRegeling>${WERK}</WorkIDRegeling><DoelID>/join/id/proces/${GEMEENTE}/2026/bench</DoelID>${bestanden.map((b) => `<Bestand><naam>${b}</naam></Bestand>`).join('')}</Aanlevering></Aanleveringen>\n`));
  const id = (soort: string, i: number) => `nl.imow-${GEMEENTE}.${soort}.${i}`;
  // Squares of 20 m in a grid near Amersfoort, each its own locatie and geometry; or circles of
  // 20 m across with `punten` vertices, for a file as large with fewer objects.
  const vlak = (i: number) => {
    const x = 150000 + (i % 400) * 25;
    const y = 450000 + Math.floor(i / 400) * 25;
    if (punten === 5) return `${x} ${y} ${x + 20} ${y} ${x + 20} ${y + 20} ${x} ${y + 20} ${x} ${y}`;
    const rand = Array.from({ length: punten - 1 }, (_, k) => `${(x + 10 + 10 * Math.cos((2 * Math.PI * k) / (punten - 1))).toFixed(2)} ${(y + 10 + 10 * Math.sin((2 * Math.PI * k) / (punten - 1))).toFixed(2)}`);
    return [...rand, rand[0]].join(' ');
  };
  const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  for (let g = 0; g < gios; g++) {
    mkdirSync(join(map, `IO-${g}`), { recursive: true });
    await bestand(join(map, gioPad(g)), async (w) => {
      await w(`<?xml version="1.0" encoding="UTF-8"?>\n<geo:GeoInformatieObjectVaststelling xmlns:geo="https://standaarden.overheid.nl/stop/imop/geo/" xmlns:basisgeo="http://www.geostandaarden.nl/basisgeometrie/1.0" xmlns:gml="http://www.opengis.net/gml/3.2"><geo:vastgesteldeVersie><geo:GeoInformatieObjectVersie><geo:locaties>\n`);
      for (let i = g; i < n; i += gios) {
        await w(`<geo:Locatie><geo:naam>gebied ${i}</geo:naam><geo:geometrie><basisgeo:Geometrie gml:id="g${i}"><basisgeo:id>${uuid(i)}</basisgeo:id><basisgeo:geometrie><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>${vlak(i)}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></basisgeo:geometrie></basisgeo:Geometrie></geo:geometrie></geo:Locatie>\n`);
      }
      await w('</geo:locaties></geo:GeoInformatieObjectVersie></geo:vastgesteldeVersie></geo:GeoInformatieObjectVaststelling>\n');
    });
  }
  const owPad = (b: string) => join(map, 'OW-bestanden', b);
  await bestand(owPad('gebieden.xml'), async (w) => {
    await w(ow(''));
    for (let i = 0; i < n; i++) await w(stand(`<l:Gebied><l:identificatie>${id('gebied', i)}</l:identificatie><l:noemer>gebied ${i}</l:noemer><l:geometrie><l:GeometrieRef xlink:href="${uuid(i)}"/></l:geometrie></l:Gebied>`));
    await w(owEinde);
  });
  await bestand(owPad('gebiedengroepen.xml'), async (w) => {
    await w(ow(''));
    for (let a = 0; a < artikelen; a++) {
      const leden = Array.from({ length: 100 }, (_, k) => `<l:GebiedRef xlink:href="${id('gebied', a * 100 + k)}"/>`).join('');
      await w(stand(`<l:Gebiedengroep><l:identificatie>${id('gebiedengroep', a)}</l:identificatie><l:groepselement>${leden}</l:groepselement></l:Gebiedengroep>`));
    }
    await w(owEinde);
  });
  await bestand(owPad('activiteiten.xml'), (w) => w(ow(stand(`<rol:Activiteit><rol:identificatie>${id('activiteit', 0)}</rol:identificatie><rol:naam>bouwen</rol:naam><rol:groep>http://standaarden.omgevingswet.overheid.nl/activiteit/id/concept/BouwactiviteitRuimtelijk</rol:groep><rol:bovenliggendeActiviteit><rol:ActiviteitRef xlink:href="nl.imow-mnre1034.activiteit.Bouwactiviteit"/></rol:bovenliggendeActiviteit></rol:Activiteit>`)) + owEinde));
  await bestand(owPad('regelteksten.xml'), async (w) => {
    await w(ow(''));
    for (let a = 0; a < artikelen; a++) await w(stand(`<regels:Regeltekst wId="${GEMEENTE}__art_${a}"><regels:identificatie>${id('regeltekst', a)}</regels:identificatie></regels:Regeltekst>`));
    await w(owEinde);
  });
  await bestand(owPad('regelsvooriedereen.xml'), async (w) => {
    await w(ow(''));
    for (let a = 0; a < artikelen; a++) {
      await w(stand(`<regels:RegelVoorIedereen><regels:identificatie>${id('juridischeregel', a)}</regels:identificatie><regels:artikelOfLid><regels:RegeltekstRef xlink:href="${id('regeltekst', a)}"/></regels:artikelOfLid><regels:locatieaanduiding><l:LocatieRef xlink:href="${id('gebiedengroep', a)}"/></regels:locatieaanduiding><regels:activiteitaanduiding><rol:ActiviteitRef xlink:href="${id('activiteit', 0)}"/><regels:ActiviteitLocatieaanduiding><regels:identificatie>${id('ala', a)}</regels:identificatie><regels:activiteitregelkwalificatie>http://standaarden.omgevingswet.overheid.nl/activiteitregelkwalificatie/id/concept/Vergunningplicht</regels:activiteitregelkwalificatie><regels:locatieaanduiding><l:LocatieRef xlink:href="${id('gebiedengroep', a)}"/></regels:locatieaanduiding></regels:ActiviteitLocatieaanduiding></regels:activiteitaanduiding></regels:RegelVoorIedereen>`));
    }
    await w(owEinde);
  });
  // gebieden + GIO locaties + groepen + regelteksten (OW) + regels + artikelen + 1 activiteit
  return n * 2 + artikelen * 4 + 1;
}

/** Bytes of every file below `pad`. */
function grootte(pad: string): number {
  const s = statSync(pad);
  return s.isDirectory() ? readdirSync(pad).reduce((n, naam) => n + grootte(join(pad, naam)), 0) : s.size;
}

/** `npm run import -- <map>` in its own process; its peak RSS (VmHWM) polled from /proc. */
async function importeer(databaseUrl: string, map: string, heapMeten = false): Promise<{ ms: number; peakRssMb: number; peakLiveHeapMb: number }> {
  const begin = performance.now();
  // A heap of HEAP_MB: both sizes must fit in it (else the bench fails), and the peak RSS is what the
  // import needs, not garbage that an unbounded V8 heap lets grow before it collects.
  // With heapMeten the import samples the heap still in use after a forced full collection
  // (IMPORT_HEAP_SAMPLE_MS): what it holds, whatever garbage the RSS also counts. It reports the
  // peak in its summary. The collections slow it down: that run is not the one timed.
  const kind = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', '--import', 'tsx', join(projectRoot, 'infrastructure', 'cli', 'import.ts'), map], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', PUBLICATION_LIMIT_BYTES: String(1024 ** 3), ...(heapMeten ? { IMPORT_HEAP_SAMPLE_MS: '250' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let piek = 0;
  let levend = 0;
  let rest = '';
  kind.stdout!.on('data', (d) => {
    const regels = (rest + d).split('\n');
    rest = regels.pop()!;
    for (const r of regels) if (r.includes('"import klaar"')) levend = (JSON.parse(r) as { piekHeapMb: number }).piekHeapMb;
  });
  let fout = '';
  kind.stderr!.on('data', (d) => (fout = (fout + d).slice(-4000)));
  const meet = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${kind.pid}/status`, 'utf8');
      piek = Math.max(piek, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // the process has just ended
    }
  }, 50);
  const [code] = (await once(kind, 'exit')) as [number];
  clearInterval(meet);
  if (code !== 0) throw new Error(`import failed (${code}): ${fout}`);
  return { ms: performance.now() - begin, peakRssMb: piek / 1024, peakLiveHeapMb: levend };
}

/** Baseline: only the streaming parse of every XML file of the delivery, in this process. */
async function parseAlleen(map: string, bestanden: string[]): Promise<{ ms: number; objecten: number }> {
  const begin = performance.now();
  let objecten = 0;
  for (const b of bestanden) {
    for await (const _ of xmlObjecten(createReadStream(join(map, b)), { isObject: (_u, local, pad) => pad.at(-1) === 'owObject' || local === 'Locatie' || local === 'Artikel' })) objecten++;
  }
  return { ms: performance.now() - begin, objecten };
}

/** The deliveries measured: gebieden, points per gebied, and the suffix of their figures. */
const LEVERINGEN = [[10_000, 5, '_10k'], [100_000, 5, ''], [10_000, 400, '_10k_detail'], [200_000, 5, '_200k']] as const;

export async function run(ctx: BenchContext): Promise<Record<string, number>> {
  // The delivery refers to no ambtsgebied, so the register may stay empty.
  const uit: Record<string, number> = {};
  // The third: as many MB as the second, from 10,000 detailed geometries; the fourth twice the
  // second. Memory follows neither the number of objects nor the size of the geometries.
  for (const [n, punten, k] of LEVERINGEN) {
    const map = join(tmpdir(), `bench-import-${n}-${punten}-${process.pid}`);
    rmSync(map, { recursive: true, force: true });
    ctx.progress(`generate ${n} locaties`, 0, 1);
    const objecten = await genereer(map, n, punten);
    ctx.progress(`generate ${n} locaties`, 1, 1);
    const inputMb = grootte(map) / 1024 / 1024;
    const xml = [...readdirSync(join(map, 'OW-bestanden')).map((b) => `OW-bestanden/${b}`), 'Regeling/Tekst.xml', ...Array.from({ length: 10 }, (_, g) => `IO-${g}/locaties-${g}.gml`)];
    ctx.progress(`parse ${n} locaties (baseline)`, 0, 1);
    const parse = await parseAlleen(map, xml);
    ctx.progress(`parse ${n} locaties (baseline)`, 1, 1);
    ctx.progress(`import ${n} locaties`, 0, 1);
    const imp = await importeer(ctx.databaseUrl, map);
    ctx.progress(`import ${n} locaties`, 1, 1);
    rmSync(map, { recursive: true, force: true });
    // The same delivery for another regeling, imported again to measure the heap it holds.
    await genereer(map, n, punten, '-heap');
    ctx.progress(`import ${n} locaties (heap sampled)`, 0, 1);
    const heap = await importeer(ctx.databaseUrl, map, true);
    ctx.progress(`import ${n} locaties (heap sampled)`, 1, 1);
    rmSync(map, { recursive: true, force: true });
    uit[`objectsPerSec${k}`] = Math.round(objecten / (imp.ms / 1000));
    uit[`peakRssMb${k}`] = Math.round(imp.peakRssMb);
    uit[`peakLiveHeapMb${k}`] = Math.round(heap.peakLiveHeapMb);
    uit[`inputMb${k}`] = Math.round(inputMb * 10) / 10;
    uit[`objects${k}`] = objecten;
    uit[`importS${k}`] = Math.round(imp.ms / 100) / 10;
    uit[`parseObjectsPerSec${k}`] = Math.round(parse.objecten / (parse.ms / 1000));
  }
  // The imports stored what they read: one besluit per delivery, every locatie in its content.
  const { rows } = await ctx.pool.query(
    `SELECT count(*) FILTER (WHERE type = 'BesluitGepubliceerd')::int AS besluiten,
            coalesce(sum(jsonb_array_length(data->'mutatie'->'plaats'->'locaties')) FILTER (WHERE type = 'InhoudGeleverd'), 0)::int AS locaties
       FROM es.events`,
  );
  uit.besluiten = rows[0].besluiten;
  uit.locatiesStored = rows[0].locaties;
  return uit;
}

export function failures(r: Record<string, number>): string[] {
  const uit: string[] = [];
  // Each delivery twice (timed, and with the heap sampled): its gebieden and a groep per 100.
  const locaties = 2 * LEVERINGEN.reduce((som, [n]) => som + n + n / 100, 0);
  if (r.besluiten !== 2 * LEVERINGEN.length) uit.push(`expected ${2 * LEVERINGEN.length} besluiten stored, found ${r.besluiten}`);
  if (r.locatiesStored !== locaties) uit.push(`expected ${locaties} locaties (gebieden and groepen) stored, found ${r.locatiesStored}`);
  return uit;
}

export function table(r: Record<string, number>): string[][] {
  return [
    ['delivery', 'input MB', 'objects', 'import s', 'objects/s', 'parse only objects/s (baseline)', 'peak RSS MB', 'peak live heap MB'],
    ['10,000 locaties', String(r.inputMb_10k), String(r.objects_10k), String(r.importS_10k), String(r.objectsPerSec_10k), String(r.parseObjectsPerSec_10k), String(r.peakRssMb_10k), String(r.peakLiveHeapMb_10k)],
    ['100,000 locaties', String(r.inputMb), String(r.objects), String(r.importS), String(r.objectsPerSec), String(r.parseObjectsPerSec), String(r.peakRssMb), String(r.peakLiveHeapMb)],
    ['10,000 locaties of 400 points', String(r.inputMb_10k_detail), String(r.objects_10k_detail), String(r.importS_10k_detail), String(r.objectsPerSec_10k_detail), String(r.parseObjectsPerSec_10k_detail), String(r.peakRssMb_10k_detail), String(r.peakLiveHeapMb_10k_detail)],
    ['200,000 locaties', String(r.inputMb_200k), String(r.objects_200k), String(r.importS_200k), String(r.objectsPerSec_200k), String(r.parseObjectsPerSec_200k), String(r.peakRssMb_200k), String(r.peakLiveHeapMb_200k)],
  ];
}
