/**
 * Demo data for `npm start`: the register of ambtsgebieden from the boundary files in `data/`,
 * and regelingen of every bestuurslaag with a history (ontwerp, vaststelling, rectificatie,
 * terugwerkende kracht, a separate inwerkingtreding, a change still to come), and a real
 * bestemmingsplan (IMRO) partly punched out by an omgevingsplan, the catalogue of werkzaamheden,
 * and real toepasbare regels (Amsterdam's dakkapel, DMN) for the demo gemeenten's activiteit
 * "dakkapel plaatsen", so the Vergunningcheck has something to ask. Everything goes
 * through the command services, so the events are those a bevoegd gezag would cause; PostGIS is
 * only asked to compute geometries. Fixed command ids make a second run store nothing.
 * The texts are plain-language examples, not the real regelingen.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { AmbtsgebiedService } from '../../application/bestuursgrenzen/ambtsgebied-service.ts';
import { RegelingService } from '../../application/omgevingsdocumenten/regeling-service.ts';
import type { EventStore } from '../../application/ports/event-store.ts';
import type { Vlakgeometrie } from '../../domain/bestuursgrenzen/ambtsgebied.ts';
import type { RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import type {
  Activiteit,
  Activiteitregelkwalificatie,
  Gebiedsaanwijzing,
  Geometrie,
  JuridischeRegel,
  Locatie,
  Mutatie,
  Norm,
  Regeltekst,
} from '../../domain/omgevingsdocumenten/inhoud.ts';
import type { Documenttype } from '../../domain/omgevingsdocumenten/regeling.ts';
import { BestemmingsplanService } from '../../application/ruimtelijke-plannen/bestemmingsplan-service.ts';
import { leesImroPlan } from '../imro/imro-plan.ts';
import type { Logger } from '../logger.ts';
import { PostgresInhoudsindex } from '../omgevingsdocumenten/postgres-inhoudsindex.ts';
import { WerkzaamhedenService } from '../../application/catalogus/werkzaamheden-service.ts';
import { RegelbestandService } from '../../application/toepasbare-regels/regelbestand-service.ts';
import type { SoortRegelbestand } from '../../domain/toepasbare-regels/regelbestand.ts';
import { leesDmn } from '../sttr/dmn-lezer.ts';
import { laadWerkzaamheden } from './werkzaamheden.ts';

/** What the demo writes to: the database for geometry work (read-only queries) and the event store. */
export interface DemoDeps {
  pool: pg.Pool;
  store: EventStore;
  /**
   * A store that records events at a given moment, so each step is received on its
   * publication date and beschikbaarOp shows the history as it happened. Default: `store`.
   */
  storeOp?: (moment: Date) => EventStore;
  /** Progress, one line per step (pino-style). */
  log?: Logger;
}

/** One entry of the register, ready for `StelAmbtsgebiedVast`. */
export interface Bestuursgrens {
  code: string;
  naam: string;
  geometrie: Vlakgeometrie;
  bron: string;
}

const ACTOR = 'system:demo';
const data = (bestand: string) => readFileSync(new URL(`./data/${bestand}`, import.meta.url), 'utf8');

const BRON_GEMEENTEN = 'CBS/PDOK gemeenten 2023, vereenvoudigd (stdekker/open-data-maps@3c7197e5), naar EPSG:28992 omgezet';
const BRON_PROVINCIES = 'CBS/PDOK provincies 2024, vereenvoudigd (cartomap/nl@01e3b4ce)';
const BRON_RIJK = 'samenvoeging van de provincies uit CBS/PDOK provincies 2024, vereenvoudigd (cartomap/nl@01e3b4ce)';

/** The Rijk's bevoegde gezagen in the demo; each has the whole country as its ambtsgebied. */
const MINISTERIES: Record<string, string> = {
  mnre1034: 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties',
  mnre1130: 'Ministerie van Infrastructuur en Waterstaat',
  mnre1045: 'Ministerie van Economische Zaken',
};

/** SQL turning a geometry expression into a clean MultiPolygon as GeoJSON: valid, on a centimetre grid, areas only. */
const alsVlak = (expressie: string) => `ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_ReducePrecision(ST_MakeValid(${expressie}), 0.01), 3)), 2)`;
/** SQL reading a GeoJSON parameter in RD New. */
const rd = (parameter: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${parameter}::text), 28992)`;

function vlak(geojson: string | null | undefined, wat: string): Vlakgeometrie {
  const g = geojson ? (JSON.parse(geojson) as Vlakgeometrie) : undefined;
  // A generated area can vanish (a buffer outside a narrow gemeente); better to say so than to store an empty locatie.
  if (!g?.coordinates?.length) throw new Error(`Demo: het gebied ${wat} is leeg`);
  return g;
}

/**
 * The register as the boundary files give it: 343 gemeenten (WGS84, converted to RD New by
 * PostGIS), 12 provincies, and the Rijk with the union of the provincies. Waterschappen are
 * left out: there is no boundary data for them here.
 */
export async function leesBestuursgrenzen(pool: pg.Pool): Promise<{ grenzen: Bestuursgrens[]; nederland: Vlakgeometrie }> {
  const gemeenten = await pool.query<{ code: string; naam: string; geojson: string }>(
    `SELECT lower(f->'properties'->>'gemeentecode') AS code, f->'properties'->>'gemeentenaam' AS naam,
            ${alsVlak(`ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON((f->'geometry')::text), 4326), 28992)`)} AS geojson
       FROM json_array_elements($1::json->'features') AS f`,
    [data('gemeenten_2023_wgs84.geojson')],
  );
  const provincies = await pool.query<{ code: string; naam: string; geojson: string }>(
    `WITH p AS (
       SELECT lower(f->'properties'->>'statcode') AS code, f->'properties'->>'statnaam' AS naam,
              ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON((f->'geometry')::text), 28992)) AS g
         FROM json_array_elements($1::json->'features') AS f)
     SELECT code, naam, ${alsVlak('g')} AS geojson FROM p
     UNION ALL
     SELECT 'nederland', 'Nederland', ${alsVlak('ST_Union(g)')} FROM p`,
    [data('provincie_2024.geojson')],
  );
  const grenzen: Bestuursgrens[] = [];
  for (const r of gemeenten.rows) grenzen.push({ code: r.code, naam: `Gemeente ${r.naam}`, geometrie: vlak(r.geojson, r.code), bron: BRON_GEMEENTEN });
  let nederland: Vlakgeometrie | undefined;
  for (const r of provincies.rows) {
    if (r.code === 'nederland') nederland = vlak(r.geojson, 'Nederland');
    else grenzen.push({ code: r.code, naam: `Provincie ${r.naam}`, geometrie: vlak(r.geojson, r.code), bron: BRON_PROVINCIES });
  }
  for (const [code, naam] of Object.entries(MINISTERIES)) grenzen.push({ code, naam, geometrie: nederland!, bron: BRON_RIJK });
  return { grenzen, nederland: nederland! };
}

// ---------------------------------------------------------------------------------------------
// Building blocks of content: IMOW ids, artikelen, juridische regels.

/** IMOW-like ids and STOP wIds of one bevoegd gezag. */
function ids(bg: string) {
  return {
    imow: (soort: string, naam: string) => `nl.imow-${bg}.${soort}.${naam}`,
    artikel: (nr: string) => `${bg}_1__art_${nr}`,
    lid: (nr: string, lid: number) => `${bg}_1__art_${nr}__para_${lid}`,
  };
}

const artikel = (wId: string, nummer: string, opschrift: string, tekst: string): Regeltekst => ({ wId, soort: 'artikel', nummer, opschrift, tekst });
const lid = (wId: string, artikelWId: string, nummer: string, tekst: string): Regeltekst => ({ wId, soort: 'lid', nummer, tekst, artikel: artikelWId });
const gebied = (identificatie: string, noemer: string, geometrie: Geometrie): Locatie => ({ identificatie, type: 'Gebied', noemer, geometrie });
/** A juridische regel; activiteiten as [activiteit, kwalificatie] pairs to keep the content readable. */
function regel(
  identificatie: string,
  type: JuridischeRegel['type'],
  regeltekst: string,
  locaties: string[],
  extra: Omit<Partial<JuridischeRegel>, 'activiteiten'> & { activiteiten?: [string, Activiteitregelkwalificatie][] } = {},
): JuridischeRegel {
  const { activiteiten, ...rest } = extra;
  return {
    identificatie,
    type,
    regeltekst,
    locaties,
    ...rest,
    ...(activiteiten ? { activiteiten: activiteiten.map(([activiteit, kwalificatie]) => ({ activiteit, kwalificatie })) } : {}),
  };
}

/** A fixed, readable command id per step: running the demo again finds every step handled. */
interface Stap {
  naam: string;
  command: RegelingCommand;
}

interface Demoregeling {
  regelingId: string;
  bevoegdGezag: string;
  stappen: Stap[];
}

const versie = (regelingId: string, datum: string, n = '1') => `${regelingId}/nld@${datum};${n}`;

/** A vaststellingsbesluit; without `werkend` it waits for a separate inwerkingtredingsbesluit. */
function besluit(
  regelingId: string,
  documenttype: Documenttype,
  citeertitel: string,
  doel: string,
  bekendOp: string,
  mutatie: Mutatie,
  tijd: { werkend?: string; geldig?: string; instrumentversie?: string } = {},
): RegelingCommand {
  return {
    type: 'PubliceerBesluit',
    data: {
      documenttype,
      citeertitel,
      doel,
      instrumentversie: tijd.instrumentversie ?? versie(regelingId, bekendOp),
      bekendOp,
      juridischWerkendVanaf: tijd.werkend,
      geldigVanaf: tijd.geldig,
      mutatie,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rijk

function rijksregelingen(nederland: Vlakgeometrie): Demoregeling[] {
  const bal = '/akn/nl/act/mnre1034/2024/besluit-activiteiten-leefomgeving';
  const b = ids('mnre1034');
  const nl = b.imow('gebied', 'nederland');
  const act = (naam: string, omschrijving: string, boven?: string): Activiteit => ({
    identificatie: b.imow('activiteit', naam),
    naam: omschrijving,
    groep: 'milieubelastende activiteit',
    ...(boven ? { bovenliggendeActiviteit: b.imow('activiteit', boven) } : {}),
  });
  const balInhoud: Mutatie = {
    plaats: {
      regelteksten: [
        artikel(b.artikel('2.11'), '2.11', 'Specifieke zorgplicht', 'Wie een milieubelastende activiteit verricht en weet of redelijkerwijs kan weten dat die activiteit nadelige gevolgen voor het milieu kan hebben, neemt alle maatregelen die redelijkerwijs van hem kunnen worden gevraagd om die gevolgen te voorkomen of zoveel mogelijk te beperken.'),
        artikel(b.artikel('3.1'), '3.1', 'Vergunningplicht IPPC-installatie', 'Het is verboden zonder omgevingsvergunning een IPPC-installatie te exploiteren.'),
        artikel(b.artikel('3.2'), '3.2', 'Meldingsplicht tankstation', 'Het is verboden zonder dit ten minste vier weken voor het begin te melden een tankstation voor motorvoertuigen te exploiteren.'),
        artikel(b.artikel('4.1'), '4.1', 'Lozen op een oppervlaktewaterlichaam', 'Het is verboden zonder omgevingsvergunning afvalwater of andere stoffen te lozen op een oppervlaktewaterlichaam, tenzij dit besluit het lozen toestaat.'),
        artikel(b.artikel('4.2'), '4.2', 'Lozen van huishoudelijk afvalwater', 'Het lozen van huishoudelijk afvalwater op het vuilwaterriool is toegestaan zonder omgevingsvergunning of melding.'),
      ],
      locaties: [gebied(nl, 'Nederland', nederland)],
      activiteiten: [
        act('milieubelastendeactiviteit', 'milieubelastende activiteit'),
        act('ippcinstallatie', 'IPPC-installatie exploiteren', 'milieubelastendeactiviteit'),
        act('tankstation', 'tankstation exploiteren', 'milieubelastendeactiviteit'),
        act('lozen', 'lozen'),
        act('lozenoppervlaktewater', 'lozen op een oppervlaktewaterlichaam', 'lozen'),
        act('lozenhuishoudelijkafvalwater', 'lozen van huishoudelijk afvalwater', 'lozen'),
      ],
      juridischeRegels: [
        regel(b.imow('juridischeregel', 'art2.11'), 'RegelVoorIedereen', b.artikel('2.11'), [nl], { activiteiten: [[b.imow('activiteit', 'milieubelastendeactiviteit'), 'gebod']], themas: ['milieu'] }),
        regel(b.imow('juridischeregel', 'art3.1'), 'RegelVoorIedereen', b.artikel('3.1'), [nl], { activiteiten: [[b.imow('activiteit', 'ippcinstallatie'), 'vergunningplicht']], themas: ['milieu'] }),
        regel(b.imow('juridischeregel', 'art3.2'), 'RegelVoorIedereen', b.artikel('3.2'), [nl], { activiteiten: [[b.imow('activiteit', 'tankstation'), 'meldingsplicht']], themas: ['milieu', 'externe veiligheid'] }),
        regel(b.imow('juridischeregel', 'art4.1'), 'RegelVoorIedereen', b.artikel('4.1'), [nl], { activiteiten: [[b.imow('activiteit', 'lozenoppervlaktewater'), 'vergunningplicht']], themas: ['water'] }),
        regel(b.imow('juridischeregel', 'art4.2'), 'RegelVoorIedereen', b.artikel('4.2'), [nl], { activiteiten: [[b.imow('activiteit', 'lozenhuishoudelijkafvalwater'), 'toegestaan']], themas: ['water'] }),
      ],
    },
  };

  const or = '/akn/nl/act/mnre1130/2024/omgevingsregeling';
  const m = ids('mnre1130');
  const nl2 = m.imow('gebied', 'nederland');
  const orInhoud: Mutatie = {
    plaats: {
      regelteksten: [
        artikel(m.artikel('6.1'), '6.1', 'Rekenmethode geluid', 'Bij het berekenen van de geluidbelasting van een weg, spoorweg of industrieterrein wordt de rekenmethode uit bijlage XXI toegepast.'),
        artikel(m.artikel('6.2'), '6.2', 'Gegevens bij een aanvraag om te lozen', 'Bij een aanvraag om een omgevingsvergunning voor het lozen op een oppervlaktewaterlichaam worden de samenstelling en de hoeveelheid van het afvalwater verstrekt.'),
      ],
      locaties: [gebied(nl2, 'Nederland', nederland)],
      activiteiten: [{ identificatie: m.imow('activiteit', 'lozenoppervlaktewater'), naam: 'lozen op een oppervlaktewaterlichaam', groep: 'milieubelastende activiteit' }],
      juridischeRegels: [
        regel(m.imow('juridischeregel', 'art6.1'), 'Instructieregel', m.artikel('6.1'), [nl2], { themas: ['geluid'] }),
        regel(m.imow('juridischeregel', 'art6.2'), 'RegelVoorIedereen', m.artikel('6.2'), [nl2], { activiteiten: [[m.imow('activiteit', 'lozenoppervlaktewater'), 'informatieplicht']], themas: ['water'] }),
      ],
    },
  };

  return [
    {
      regelingId: bal,
      bevoegdGezag: 'mnre1034',
      stappen: [{ naam: 'vaststelling', command: besluit(bal, 'AMvB', 'Besluit activiteiten leefomgeving', '/join/id/proces/mnre1034/2024/bal', '2024-01-01', balInhoud, { werkend: '2024-01-01' }) }],
    },
    {
      regelingId: or,
      bevoegdGezag: 'mnre1130',
      stappen: [{ naam: 'vaststelling', command: besluit(or, 'ministeriële regeling', 'Omgevingsregeling', '/join/id/proces/mnre1130/2024/omgevingsregeling', '2024-01-01', orInhoud, { werkend: '2024-01-01' }) }],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Provincies

interface Provinciegebieden {
  provincie: Vlakgeometrie;
  nnn: Vlakgeometrie[];
  grondwater: Vlakgeometrie;
  stilte: Vlakgeometrie;
  stiltekern: Vlakgeometrie;
}

/** Areas inside a province: buffered points (seeded, so every run gives the same) and a scaled-down copy. */
async function provinciegebieden(pool: pg.Pool, provincie: Vlakgeometrie, seed: number): Promise<Provinciegebieden> {
  const { rows } = await pool.query<Record<string, string>>(
    `WITH p AS (SELECT ${rd('$1')} AS g),
          m AS (SELECT g, ST_PointOnSurface(g) AS c,
                       ARRAY(SELECT d.geom FROM ST_Dump(ST_GeneratePoints(ST_Buffer(g, -2000), 4, $2::int)) AS d ORDER BY d.path) AS pt
                  FROM p)
     SELECT ${alsVlak('ST_Intersection(ST_Buffer(pt[1], 3000), g)')} AS nnn1,
            ${alsVlak('ST_Intersection(ST_Buffer(pt[2], 2500), g)')} AS nnn2,
            ${alsVlak('ST_Intersection(ST_Buffer(pt[3], 2000), g)')} AS nnn3,
            ${alsVlak('ST_Intersection(ST_Buffer(pt[4], 1500), g)')} AS grondwater,
            ${alsVlak('ST_Intersection(ST_Scale(g, ST_MakePoint(0.25, 0.25), c), g)')} AS stilte,
            ${alsVlak('ST_Intersection(ST_Scale(g, ST_MakePoint(0.1, 0.1), c), g)')} AS stiltekern
       FROM m`,
    [JSON.stringify(provincie), seed],
  );
  const r = rows[0]!;
  return {
    provincie,
    nnn: [vlak(r.nnn1, 'nnn1'), vlak(r.nnn2, 'nnn2'), vlak(r.nnn3, 'nnn3')],
    grondwater: vlak(r.grondwater, 'grondwater'),
    stilte: vlak(r.stilte, 'stilte'),
    stiltekern: vlak(r.stiltekern, 'stiltekern'),
  };
}

function omgevingsverordening(code: string, naam: string, geo: Provinciegebieden): Mutatie {
  const p = ids(code);
  const loc = {
    provincie: p.imow('gebied', 'provincie'),
    nnn: p.imow('gebiedengroep', 'natuurnetwerknederland'),
    grondwater: p.imow('gebied', 'grondwaterbeschermingsgebied'),
    stilte: p.imow('gebied', 'stiltegebied'),
    stiltekern: p.imow('gebied', 'stiltegebiedkern'),
  };
  const nnnGebieden = geo.nnn.map((g, i) => gebied(p.imow('gebied', `natuurnetwerknederland${i + 1}`), `Natuurnetwerk Nederland, deelgebied ${i + 1}`, g));
  return {
    plaats: {
      regelteksten: [
        artikel(p.artikel('1.1'), '1.1', 'Zorgplicht', `Iedereen neemt voldoende zorg in acht voor de fysieke leefomgeving in de provincie ${naam}.`),
        artikel(p.artikel('2.1'), '2.1', 'Natuurnetwerk Nederland', 'Een omgevingsplan voor een locatie binnen het Natuurnetwerk Nederland laat geen activiteiten toe die de wezenlijke kenmerken en waarden van het gebied aantasten.'),
        artikel(p.artikel('3.1'), '3.1', 'Grondwaterbeschermingsgebied', 'Het is verboden in een grondwaterbeschermingsgebied dieper dan 2 meter onder het maaiveld te boren.'),
        artikel(p.artikel('4.1'), '4.1', 'Stiltegebied', 'Het is verboden in een stiltegebied een toestel te gebruiken dat geluid maakt dat de rust in het gebied verstoort. De omgevingswaarde voor het geluid in het stiltegebied staat in de bijlage.'),
      ],
      locaties: [
        gebied(loc.provincie, `Provincie ${naam}`, geo.provincie),
        ...nnnGebieden,
        { identificatie: loc.nnn, type: 'Gebiedengroep', noemer: 'Natuurnetwerk Nederland', groepselementen: nnnGebieden.map((g) => g.identificatie) },
        gebied(loc.grondwater, 'Grondwaterbeschermingsgebied', geo.grondwater),
        gebied(loc.stilte, 'Stiltegebied', geo.stilte),
        gebied(loc.stiltekern, 'Stiltegebied, kern', geo.stiltekern),
      ],
      activiteiten: [
        { identificatie: p.imow('activiteit', 'borengrondwaterbeschermingsgebied'), naam: 'boren in een grondwaterbeschermingsgebied', groep: 'milieubelastende activiteit' },
        { identificatie: p.imow('activiteit', 'geluidstiltegebied'), naam: 'geluid maken in een stiltegebied', groep: 'milieubelastende activiteit' },
      ],
      gebiedsaanwijzingen: [
        { identificatie: p.imow('gebiedsaanwijzing', 'nnn'), type: 'Natuur', naam: 'Natuurnetwerk Nederland', groep: 'natuurnetwerk Nederland', locaties: [loc.nnn] },
        { identificatie: p.imow('gebiedsaanwijzing', 'grondwater'), type: 'Beperkingengebied', naam: 'grondwaterbeschermingsgebied', groep: 'grondwaterbeschermingsgebied', locaties: [loc.grondwater] },
        { identificatie: p.imow('gebiedsaanwijzing', 'stilte'), type: 'Geluid', naam: 'stiltegebied', groep: 'stiltegebied', locaties: [loc.stilte] },
      ],
      normen: [
        {
          identificatie: p.imow('omgevingswaarde', 'geluidstiltegebied'),
          type: 'Omgevingswaarde',
          naam: 'geluidniveau in het stiltegebied',
          groep: 'geluid',
          eenheid: 'dB(A)',
          normwaarden: [
            { locaties: [loc.stilte], waarde: 40 },
            { locaties: [loc.stiltekern], waarde: 35 },
          ],
        },
      ],
      juridischeRegels: [
        regel(p.imow('juridischeregel', 'art1.1'), 'RegelVoorIedereen', p.artikel('1.1'), [loc.provincie], { themas: ['fysieke leefomgeving'] }),
        regel(p.imow('juridischeregel', 'art2.1'), 'Instructieregel', p.artikel('2.1'), [loc.nnn], { gebiedsaanwijzingen: [p.imow('gebiedsaanwijzing', 'nnn')], themas: ['natuur'] }),
        regel(p.imow('juridischeregel', 'art3.1'), 'RegelVoorIedereen', p.artikel('3.1'), [loc.grondwater], {
          activiteiten: [[p.imow('activiteit', 'borengrondwaterbeschermingsgebied'), 'verbod']],
          gebiedsaanwijzingen: [p.imow('gebiedsaanwijzing', 'grondwater')],
          themas: ['bodem', 'water'],
        }),
        regel(p.imow('juridischeregel', 'art4.1'), 'RegelVoorIedereen', p.artikel('4.1'), [loc.stilte], {
          activiteiten: [[p.imow('activiteit', 'geluidstiltegebied'), 'verbod']],
          gebiedsaanwijzingen: [p.imow('gebiedsaanwijzing', 'stilte')],
          themas: ['geluid'],
        }),
        regel(p.imow('juridischeregel', 'art4.1ow'), 'Omgevingswaarderegel', p.artikel('4.1'), [loc.stilte, loc.stiltekern], {
          normen: [p.imow('omgevingswaarde', 'geluidstiltegebied')],
          themas: ['geluid'],
        }),
      ],
    },
  };
}

async function provinciale(pool: pg.Pool, grenzen: Bestuursgrens[]): Promise<Demoregeling[]> {
  const provincies = grenzen.filter((g) => g.code.startsWith('pv')).sort((a, b) => a.code.localeCompare(b.code));
  const uit: Demoregeling[] = [];
  for (const [i, pv] of provincies.entries()) {
    const naam = pv.naam.replace(/^Provincie /, '');
    const regelingId = `/akn/nl/act/${pv.code}/2024/omgevingsverordening`;
    const maand = String(1 + (i % 9)).padStart(2, '0');
    const werkend = `2024-${String(2 + (i % 9)).padStart(2, '0')}-01`;
    const inhoud = omgevingsverordening(pv.code, naam, await provinciegebieden(pool, pv.geometrie, Number(pv.code.slice(2))));
    uit.push({
      regelingId,
      bevoegdGezag: pv.code,
      stappen: [
        { naam: 'vaststelling', command: besluit(regelingId, 'omgevingsverordening', `Omgevingsverordening ${naam}`, `/join/id/proces/${pv.code}/2024/instelling`, `2024-${maand}-12`, inhoud, { werkend }) },
      ],
    });
  }
  return uit;
}

// ---------------------------------------------------------------------------------------------
// Waterschap

/** Hoogheemraadschap De Stichtse Rijnlanden: two waterkeringen near Utrecht (lines) and their beschermingszones (buffers made by PostGIS). */
async function waterschapsverordening(pool: pg.Pool): Promise<Demoregeling> {
  const regelingId = '/akn/nl/act/ws0155/2024/waterschapsverordening';
  const w = ids('ws0155');
  const keringen: Locatie[] = [
    { identificatie: w.imow('lijn', 'lekdijk'), type: 'Lijn', noemer: 'Lekdijk', geometrie: { type: 'LineString', coordinates: [[134800, 446722], [138572, 445318], [142690, 444305], [144540, 442186], [151963, 442621]] } },
    { identificatie: w.imow('lijn', 'kadekrommerijn'), type: 'Lijn', noemer: 'Kade Kromme Rijn', geometrie: { type: 'LineString', coordinates: [[138398, 454887], [142026, 453207], [144560, 451310]] } },
  ];
  const zones: Locatie[] = [];
  for (const [i, k] of keringen.entries()) {
    // 100 m either side of the line, square at the ends as a zone along a dike is drawn.
    const { rows } = await pool.query<{ g: string }>(`SELECT ${alsVlak(`ST_Buffer(${rd('$1')}, 100, 'endcap=flat')`)} AS g`, [JSON.stringify(k.geometrie)]);
    zones.push(gebied(w.imow('gebied', `beschermingszone${i + 1}`), `Beschermingszone ${k.noemer}`, vlak(rows[0]!.g, `beschermingszone ${k.noemer}`)));
  }
  const zonegroep = w.imow('gebiedengroep', 'beschermingszones');
  const mutatie: Mutatie = {
    plaats: {
      regelteksten: [
        artikel(w.artikel('3.1'), '3.1', 'Werkzaamheden in de beschermingszone van een waterkering', 'Het is verboden zonder omgevingsvergunning in de beschermingszone van een waterkering te graven, grond op te hogen of een bouwwerk te plaatsen.'),
        artikel(w.artikel('3.2'), '3.2', 'Onderhoud van de waterkering', 'Het maaien van gras en ander gewoon onderhoud op een waterkering is toegestaan zonder omgevingsvergunning.'),
      ],
      locaties: [
        ...keringen,
        ...zones,
        { identificatie: zonegroep, type: 'Gebiedengroep', noemer: 'Beschermingszones waterkeringen', groepselementen: zones.map((z) => z.identificatie) },
      ],
      activiteiten: [
        { identificatie: w.imow('activiteit', 'werkzaamhedenbeschermingszone'), naam: 'werkzaamheden in de beschermingszone van een waterkering', groep: 'wateractiviteit' },
        { identificatie: w.imow('activiteit', 'onderhoudwaterkering'), naam: 'onderhoud van een waterkering', groep: 'wateractiviteit' },
      ],
      gebiedsaanwijzingen: [
        { identificatie: w.imow('gebiedsaanwijzing', 'beschermingszone'), type: 'Beperkingengebied', naam: 'beschermingszone waterkering', groep: 'waterkering', locaties: [zonegroep] },
      ],
      juridischeRegels: [
        regel(w.imow('juridischeregel', 'art3.1'), 'RegelVoorIedereen', w.artikel('3.1'), [zonegroep], {
          activiteiten: [[w.imow('activiteit', 'werkzaamhedenbeschermingszone'), 'vergunningplicht']],
          gebiedsaanwijzingen: [w.imow('gebiedsaanwijzing', 'beschermingszone')],
          themas: ['water', 'waterveiligheid'],
        }),
        regel(w.imow('juridischeregel', 'art3.2'), 'RegelVoorIedereen', w.artikel('3.2'), keringen.map((k) => k.identificatie), {
          activiteiten: [[w.imow('activiteit', 'onderhoudwaterkering'), 'toegestaan']],
          themas: ['waterveiligheid'],
        }),
      ],
    },
  };
  const citeertitel = 'Waterschapsverordening Hoogheemraadschap De Stichtse Rijnlanden';
  return {
    regelingId,
    bevoegdGezag: 'ws0155',
    stappen: [{ naam: 'vaststelling', command: besluit(regelingId, 'waterschapsverordening', citeertitel, '/join/id/proces/ws0155/2024/instelling', '2024-03-18', mutatie, { werkend: '2024-04-01' }) }],
  };
}

// ---------------------------------------------------------------------------------------------
// Gemeenten

interface Gemeentegebieden {
  gemeente: Vlakgeometrie;
  centrum: Vlakgeometrie;
  stadsgezicht: Vlakgeometrie;
  wijken: Vlakgeometrie[];
  bedrijventerrein: Vlakgeometrie;
  geluidzone: Vlakgeometrie;
}

/** Districts made from the gemeente polygon: rings around the centre and around seeded points, cut to the gemeente. */
async function gemeentegebieden(pool: pg.Pool, gemeente: Vlakgeometrie, centrum: [number, number], seed: number): Promise<Gemeentegebieden> {
  const { rows } = await pool.query<Record<string, string> & { binnen: boolean }>(
    `WITH p AS (SELECT ${rd('$1')} AS g, ST_SetSRID(ST_MakePoint($2, $3), 28992) AS c),
          m AS (SELECT g, c, ST_Contains(g, c) AS binnen,
                       ARRAY(SELECT d.geom FROM ST_Dump(ST_GeneratePoints(ST_Difference(ST_Buffer(g, -600), ST_Buffer(c, 2500)), 4, $4::int)) AS d ORDER BY d.path) AS pt
                  FROM p),
          n AS (SELECT *, ST_Union(ST_Buffer(c, 1000), ST_Buffer(pt[4], 1200)) AS bezet FROM m)
     SELECT binnen,
            ${alsVlak('ST_Intersection(ST_Buffer(c, 1000), g)')} AS centrum,
            ${alsVlak('ST_Intersection(ST_Buffer(c, 450), g)')} AS stadsgezicht,
            ${alsVlak('ST_Difference(ST_Intersection(ST_Buffer(pt[1], 900), g), bezet)')} AS wijk1,
            ${alsVlak('ST_Difference(ST_Intersection(ST_Buffer(pt[2], 800), g), bezet)')} AS wijk2,
            ${alsVlak('ST_Difference(ST_Intersection(ST_Buffer(pt[3], 700), g), bezet)')} AS wijk3,
            ${alsVlak('ST_Intersection(ST_Buffer(pt[4], 500), g)')} AS bedrijventerrein,
            ${alsVlak('ST_Difference(ST_Intersection(ST_Buffer(pt[4], 1200), g), ST_Buffer(pt[4], 500))')} AS geluidzone
       FROM n`,
    [JSON.stringify(gemeente), centrum[0], centrum[1], seed],
  );
  const r = rows[0]!;
  if (!r.binnen) throw new Error(`Demo: het centrum (${centrum.join(', ')}) ligt niet in de gemeente`);
  return {
    gemeente,
    centrum: vlak(r.centrum, 'centrum'),
    stadsgezicht: vlak(r.stadsgezicht, 'stadsgezicht'),
    wijken: [vlak(r.wijk1, 'wijk1'), vlak(r.wijk2, 'wijk2'), vlak(r.wijk3, 'wijk3')],
    bedrijventerrein: vlak(r.bedrijventerrein, 'bedrijventerrein'),
    geluidzone: vlak(r.geluidzone, 'geluidzone'),
  };
}

/** What differs between versions of an omgevingsplan in the demo. */
interface Planopties {
  /** Left out of Utrecht's ontwerp; added after the zienswijzen. */
  uitrit: boolean;
  geluidzone: boolean;
  /** The largest height of a dakkapel without permit, as written (the vaststelling of Utrecht has a typo). */
  dakkapelHoogte: string;
  /** From which trunk diameter (cm) felling a tree needs a permit. */
  stamdiameter: number;
}

const GEWOON: Planopties = { uitrit: true, geluidzone: true, dakkapelHoogte: '1,75 meter', stamdiameter: 30 };

function planteksten(gm: string) {
  const g = ids(gm);
  return {
    dakkapel: (hoogte: string) => [
      lid(g.lid('3', 1), g.artikel('3'), '1', `Het is toegestaan zonder omgevingsvergunning een dakkapel te plaatsen op het achterdakvlak van een woning, als de dakkapel niet hoger is dan ${hoogte}, gemeten vanaf de voet van de dakkapel.`),
      lid(g.lid('3', 2), g.artikel('3'), '2', 'In het beschermd stadsgezicht is voor het plaatsen van een dakkapel altijd een omgevingsvergunning nodig.'),
      artikel(g.artikel('3'), '3', 'Dakkapel plaatsen', 'Dit artikel gaat over het plaatsen van een dakkapel; de regels staan in de leden.'),
    ],
    kappen: (diameter: number) =>
      artikel(g.artikel('4'), '4', 'Boom kappen', `Het is verboden zonder omgevingsvergunning een boom te kappen met een stamdiameter van ${diameter} centimeter of meer, gemeten op 1,30 meter boven het maaiveld.`),
    stamdiameter: (diameter: number): Norm => ({
      identificatie: g.imow('omgevingsnorm', 'stamdiameter'),
      type: 'Omgevingsnorm',
      naam: 'stamdiameter vanaf welke kappen vergunningplichtig is',
      groep: 'houtopstand',
      eenheid: 'cm',
      normwaarden: [{ locaties: [g.imow('gebied', 'gemeente')], waarde: diameter }],
    }),
  };
}

function omgevingsplan(gm: string, naam: string, geo: Gemeentegebieden, opties: Planopties): Mutatie {
  const g = ids(gm);
  const t = planteksten(gm);
  const loc = {
    gemeente: g.imow('gebied', 'gemeente'),
    centrum: g.imow('gebied', 'centrum'),
    stadsgezicht: g.imow('gebied', 'beschermdstadsgezicht'),
    woongebieden: g.imow('gebiedengroep', 'woongebieden'),
    bedrijventerrein: g.imow('gebied', 'bedrijventerrein'),
    geluidzone: g.imow('gebied', 'geluidzone'),
  };
  const wijken = geo.wijken.map((w, i) => gebied(g.imow('gebied', `woongebied${i + 1}`), `Woongebied ${i + 1}`, w));
  const act = (id: string, omschrijving: string, groep: string, boven?: string): Activiteit => ({
    identificatie: g.imow('activiteit', id),
    naam: omschrijving,
    groep,
    ...(boven ? { bovenliggendeActiviteit: g.imow('activiteit', boven) } : {}),
  });
  const functie = (id: string, naam: string, locaties: string[]): Gebiedsaanwijzing => ({ identificatie: g.imow('gebiedsaanwijzing', id), type: 'Functie', naam, groep: naam, locaties });

  const regelteksten: Regeltekst[] = [
    artikel(g.artikel('1'), '1', 'Toepassingsbereik', `Dit omgevingsplan geldt voor het hele grondgebied van de gemeente ${naam}.`),
    artikel(g.artikel('2'), '2', 'Bouwen', 'Het is verboden zonder omgevingsvergunning een bouwwerk te bouwen, tenzij dit omgevingsplan het bouwen zonder vergunning toestaat. Een bouwwerk is niet hoger dan de maximum bouwhoogte.'),
    ...t.dakkapel(opties.dakkapelHoogte),
    t.kappen(opties.stamdiameter),
    artikel(g.artikel('6'), '6', 'Functie wonen', 'Gronden met de functie wonen zijn bestemd voor woningen, met de tuinen, erven en parkeerplaatsen die daarbij horen.'),
    artikel(g.artikel('7'), '7', 'Functie centrum', 'Gronden met de functie centrum zijn bestemd voor winkels, horeca, dienstverlening en kantoren, en voor wonen op de verdiepingen.'),
  ];
  const locaties: Locatie[] = [
    gebied(loc.gemeente, `Gemeente ${naam}`, geo.gemeente),
    gebied(loc.centrum, 'Centrum', geo.centrum),
    gebied(loc.stadsgezicht, 'Beschermd stadsgezicht binnenstad', geo.stadsgezicht),
    ...wijken,
    { identificatie: loc.woongebieden, type: 'Gebiedengroep', noemer: 'Woongebieden', groepselementen: wijken.map((w) => w.identificatie) },
  ];
  const activiteiten: Activiteit[] = [
    act('bouwen', 'bouwen', 'bouwactiviteit (omgevingsplan)'),
    act('dakkapelplaatsen', 'dakkapel plaatsen', 'bouwactiviteit (omgevingsplan)', 'bouwen'),
    act('boomkappen', 'boom kappen', 'houtopstandactiviteit'),
  ];
  const gebiedsaanwijzingen: Gebiedsaanwijzing[] = [
    functie('wonen', 'wonen', [loc.woongebieden]),
    functie('centrum', 'centrum', [loc.centrum]),
    { identificatie: g.imow('gebiedsaanwijzing', 'stadsgezicht'), type: 'Erfgoed', naam: 'beschermd stadsgezicht', groep: 'beschermd stads- of dorpsgezicht', locaties: [loc.stadsgezicht] },
  ];
  const normen: Norm[] = [
    {
      identificatie: g.imow('omgevingsnorm', 'bouwhoogte'),
      type: 'Omgevingsnorm',
      naam: 'maximum bouwhoogte',
      groep: 'maximum bouwhoogte',
      eenheid: 'm',
      normwaarden: [
        { locaties: [loc.centrum], waarde: 25 },
        { locaties: [loc.woongebieden], waarde: 12 },
      ],
    },
    t.stamdiameter(opties.stamdiameter),
  ];
  const juridischeRegels: JuridischeRegel[] = [
    regel(g.imow('juridischeregel', 'art1'), 'RegelVoorIedereen', g.artikel('1'), [loc.gemeente], { themas: ['fysieke leefomgeving'] }),
    regel(g.imow('juridischeregel', 'art2'), 'RegelVoorIedereen', g.artikel('2'), [loc.gemeente], {
      activiteiten: [[g.imow('activiteit', 'bouwen'), 'vergunningplicht']],
      normen: [g.imow('omgevingsnorm', 'bouwhoogte')],
      themas: ['bouwen'],
    }),
    regel(g.imow('juridischeregel', 'art3lid1'), 'RegelVoorIedereen', g.lid('3', 1), [loc.woongebieden], { activiteiten: [[g.imow('activiteit', 'dakkapelplaatsen'), 'toegestaan']], themas: ['bouwen'] }),
    regel(g.imow('juridischeregel', 'art3lid2'), 'RegelVoorIedereen', g.lid('3', 2), [loc.stadsgezicht], {
      activiteiten: [[g.imow('activiteit', 'dakkapelplaatsen'), 'vergunningplicht']],
      gebiedsaanwijzingen: [g.imow('gebiedsaanwijzing', 'stadsgezicht')],
      themas: ['bouwen', 'cultureel erfgoed'],
    }),
    regel(g.imow('juridischeregel', 'art4'), 'RegelVoorIedereen', g.artikel('4'), [loc.gemeente], {
      activiteiten: [[g.imow('activiteit', 'boomkappen'), 'vergunningplicht']],
      normen: [g.imow('omgevingsnorm', 'stamdiameter')],
      themas: ['natuur'],
    }),
    regel(g.imow('juridischeregel', 'art6'), 'RegelVoorIedereen', g.artikel('6'), [loc.woongebieden], { gebiedsaanwijzingen: [g.imow('gebiedsaanwijzing', 'wonen')], themas: ['ruimtelijke ordening'] }),
    regel(g.imow('juridischeregel', 'art7'), 'RegelVoorIedereen', g.artikel('7'), [loc.centrum], { gebiedsaanwijzingen: [g.imow('gebiedsaanwijzing', 'centrum')], themas: ['ruimtelijke ordening'] }),
  ];
  if (opties.uitrit) {
    regelteksten.push(artikel(g.artikel('5'), '5', 'Uitrit aanleggen', 'Het is verboden zonder omgevingsvergunning een uitrit naar de openbare weg aan te leggen of te veranderen.'));
    activiteiten.push(act('uitritaanleggen', 'uitrit aanleggen', 'ruimtelijke activiteit'));
    juridischeRegels.push(regel(g.imow('juridischeregel', 'art5'), 'RegelVoorIedereen', g.artikel('5'), [loc.gemeente], { activiteiten: [[g.imow('activiteit', 'uitritaanleggen'), 'vergunningplicht']], themas: ['verkeer'] }));
  }
  if (opties.geluidzone) {
    regelteksten.push(artikel(g.artikel('8'), '8', 'Geluidzone bedrijventerrein', 'In de geluidzone rond het bedrijventerrein is het verboden een geluidgevoelig gebouw te bouwen, tenzij de geluidbelasting op de gevel niet hoger is dan 50 dB(A).'));
    locaties.push(gebied(loc.bedrijventerrein, 'Bedrijventerrein', geo.bedrijventerrein), gebied(loc.geluidzone, 'Geluidzone bedrijventerrein', geo.geluidzone));
    activiteiten.push(act('geluidgevoeliggebouwbouwen', 'geluidgevoelig gebouw bouwen', 'bouwactiviteit (omgevingsplan)', 'bouwen'));
    gebiedsaanwijzingen.push(
      functie('bedrijventerrein', 'bedrijventerrein', [loc.bedrijventerrein]),
      { identificatie: g.imow('gebiedsaanwijzing', 'geluidzone'), type: 'Beperkingengebied', naam: 'geluidzone bedrijventerrein', groep: 'geluidzone', locaties: [loc.geluidzone] },
    );
    juridischeRegels.push(
      regel(g.imow('juridischeregel', 'art8'), 'RegelVoorIedereen', g.artikel('8'), [loc.geluidzone], {
        activiteiten: [[g.imow('activiteit', 'geluidgevoeliggebouwbouwen'), 'verbod']],
        gebiedsaanwijzingen: [g.imow('gebiedsaanwijzing', 'geluidzone'), g.imow('gebiedsaanwijzing', 'bedrijventerrein')],
        themas: ['geluid'],
      }),
    );
  }
  return { plaats: { regelteksten, locaties, activiteiten, gebiedsaanwijzingen, normen, juridischeRegels } };
}

/** The gemeenten of the demo, with a point in their centre (RD New) and a seed for their districts. */
const GEMEENTEN: { code: string; centrum: [number, number] }[] = [
  { code: 'gm0344', centrum: [136950, 455900] }, // Utrecht, Domtoren
  { code: 'gm0363', centrum: [121318, 487362] }, // Amsterdam, Dam
  { code: 'gm0599', centrum: [92537, 437503] }, // Rotterdam, stadhuis
  { code: 'gm0014', centrum: [233871, 582023] }, // Groningen, Grote Markt
  { code: 'gm0518', centrum: [81386, 455170] }, // 's-Gravenhage, Binnenhof
  { code: 'gm0772', centrum: [161313, 383360] }, // Eindhoven, 18 Septemberplein
];

async function gemeentelijke(pool: pg.Pool, grenzen: Bestuursgrens[]): Promise<Demoregeling[]> {
  const uit: Demoregeling[] = [];
  for (const { code, centrum } of GEMEENTEN) {
    const grens = grenzen.find((g) => g.code === code);
    if (!grens) throw new Error(`Demo: gemeente ${code} staat niet in de grenzen`);
    const naam = grens.naam.replace(/^Gemeente /, '');
    const geo = await gemeentegebieden(pool, grens.geometrie, centrum, Number(code.slice(2)));
    const regelingId = `/akn/nl/act/${code}/2024/omgevingsplan`;
    const citeertitel = `Omgevingsplan gemeente ${naam}`;
    const doel = (jaar: number, naam: string) => `/join/id/proces/${code}/${jaar}/${naam}`;
    const plan = (opties: Partial<Planopties> = {}) => omgevingsplan(code, naam, geo, { ...GEWOON, ...opties });
    const t = planteksten(code);
    const g = ids(code);
    const stappen: Stap[] = [];
    switch (code) {
      case 'gm0344':
        // Ontwerp, vaststelling (with a typo), rectificatie that also moves the inwerkingtreding,
        // and a wijziging with terugwerkende kracht.
        stappen.push(
          {
            naam: 'ontwerp',
            command: {
              type: 'PubliceerOntwerp',
              data: {
                documenttype: 'omgevingsplan',
                citeertitel,
                doel: doel(2024, 'instelling'),
                instrumentversie: versie(regelingId, '2024-01-15'),
                bekendOp: '2024-01-15',
                terInzage: { van: '2024-01-16', tot: '2024-02-26' },
                mutatie: plan({ uitrit: false, geluidzone: false }),
              },
            },
          },
          { naam: 'vaststelling', command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(2024, 'instelling'), '2024-03-01', plan({ dakkapelHoogte: '17,5 meter' }), { werkend: '2024-04-01' }) },
          {
            naam: 'rectificatie',
            command: {
              type: 'Rectificeer',
              data: {
                doel: doel(2024, 'instelling'),
                instrumentversie: versie(regelingId, '2024-03-01', '1a'),
                bekendOp: '2024-03-20',
                juridischWerkendVanaf: '2024-04-15',
                mutatie: { plaats: { regelteksten: t.dakkapel('1,75 meter') } },
              },
            },
          },
          {
            naam: 'wijziging-kappen',
            command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(2025, 'wijziging-kappen'), '2025-06-10', { plaats: { regelteksten: [t.kappen(40)], normen: [t.stamdiameter(40)] } }, {
              werkend: '2025-07-01',
              geldig: '2025-01-01',
              instrumentversie: versie(regelingId, '2025-06-10', '2'),
            }),
          },
        );
        break;
      case 'gm0363':
        // A besluit without a date, then a separate inwerkingtredingsbesluit.
        stappen.push(
          { naam: 'vaststelling', command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(2025, 'instelling'), '2025-02-03', plan()) },
          { naam: 'inwerkingtreding', command: { type: 'StelInwerkingtredingVast', data: { doel: doel(2025, 'instelling'), bekendOp: '2025-03-10', juridischWerkendVanaf: '2025-04-01' } } },
        );
        break;
      case 'gm0599':
        // In force since 2024, and a change that is known now but applies only from 2027.
        stappen.push(
          { naam: 'vaststelling', command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(2024, 'instelling'), '2024-05-15', plan(), { werkend: '2024-07-01' }) },
          {
            naam: 'wijziging-zonnepanelen',
            command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(2026, 'wijziging-zonnepanelen'), '2026-11-02', {
              plaats: {
                regelteksten: [artikel(g.artikel('9'), '9', 'Zonnepanelen in het beschermd stadsgezicht', 'Wie in het beschermd stadsgezicht zonnepanelen op een dakvlak aan de straatkant wil plaatsen, meldt dit ten minste vier weken vooraf.')],
                activiteiten: [{ identificatie: g.imow('activiteit', 'zonnepanelenplaatsen'), naam: 'zonnepanelen plaatsen', groep: 'bouwactiviteit (omgevingsplan)', bovenliggendeActiviteit: g.imow('activiteit', 'bouwen') }],
                juridischeRegels: [
                  regel(g.imow('juridischeregel', 'art9'), 'RegelVoorIedereen', g.artikel('9'), [g.imow('gebied', 'beschermdstadsgezicht')], {
                    activiteiten: [[g.imow('activiteit', 'zonnepanelenplaatsen'), 'meldingsplicht']],
                    themas: ['bouwen', 'energie'],
                  }),
                ],
              },
            }, { werkend: '2027-01-01', instrumentversie: versie(regelingId, '2026-11-02', '2') }),
          },
        );
        break;
      case 'gm0772':
        // In force, with an ontwerp wijziging that is still ter inzage.
        stappen.push(
          { naam: 'vaststelling', command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(2024, 'instelling'), '2024-06-03', plan(), { werkend: '2024-07-01' }) },
          {
            naam: 'ontwerp-kappen',
            command: {
              type: 'PubliceerOntwerp',
              data: {
                documenttype: 'omgevingsplan',
                citeertitel,
                doel: doel(2026, 'wijziging-kappen'),
                instrumentversie: versie(regelingId, '2026-11-16', '2'),
                bekendOp: '2026-11-16',
                terInzage: { van: '2026-11-17', tot: '2026-12-28' },
                mutatie: { plaats: { regelteksten: [t.kappen(20)], normen: [t.stamdiameter(20)] } },
              },
            },
          },
        );
        break;
      default: {
        const [bekendOp, werkend] = code === 'gm0014' ? ['2024-09-02', '2024-10-01'] : ['2025-01-20', '2025-03-01'];
        stappen.push({ naam: 'vaststelling', command: besluit(regelingId, 'omgevingsplan', citeertitel, doel(Number(bekendOp.slice(0, 4)), 'instelling'), bekendOp, plan(), { werkend }) });
      }
    }
    uit.push({ regelingId, bevoegdGezag: code, stappen });
  }
  return uit;
}

// ---------------------------------------------------------------------------------------------

/** Runs `werk` over `items` with at most `n` at a time (the streams are independent). */
async function metGelijktijdig<T>(items: readonly T[], n: number, werk: (item: T) => Promise<void>): Promise<void> {
  let volgende = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (volgende < items.length) await werk(items[volgende++]!);
  }));
}

/**
 * Hilvarenbeek: the real bestemmingsplan Doornboom (IMRO, an ontwerp of 2015), and a new part
 * of the omgevingsplan over its west side from 2025, so the pons shows: west of x 137487 the
 * omgevingsplan applies, east of it the bestemmingsplan still does.
 */
const HILVARENBEEK = '/akn/nl/act/gm0798/2024/omgevingsplan';
function hilvarenbeek(): Demoregeling {
  const g = ids('gm0798');
  const west = { type: 'Polygon' as const, coordinates: [[[137380, 388780], [137487, 388780], [137487, 388980], [137380, 388980], [137380, 388780]]] };
  return {
    regelingId: HILVARENBEEK,
    bevoegdGezag: 'gm0798',
    stappen: [
      {
        naam: 'vaststelling',
        command: besluit(HILVARENBEEK, 'omgevingsplan', 'Omgevingsplan gemeente Hilvarenbeek', '/join/id/proces/gm0798/2024/doornboom-west', '2024-12-02', {
          plaats: {
            regelteksten: [artikel(g.artikel('1'), '1', 'Doornboom west', 'In Doornboom west is wonen toegestaan. Een hoofdgebouw is niet hoger dan 10 meter.')],
            locaties: [gebied(g.imow('gebied', 'doornboomwest'), 'Doornboom west', west)],
            activiteiten: [{ identificatie: g.imow('activiteit', 'bouwen'), naam: 'bouwen', groep: 'bouwactiviteit (omgevingsplan)' }],
            juridischeRegels: [regel(g.imow('juridischeregel', 'art1'), 'RegelVoorIedereen', g.artikel('1'), [g.imow('gebied', 'doornboomwest')], { activiteiten: [[g.imow('activiteit', 'bouwen'), 'toegestaan']], themas: ['bouwen'] })],
          },
        }, { werkend: '2025-01-01' }),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Toepasbare regels

/**
 * The toepasbare regels of the demo (DMN in data/, from Amsterdam's vergunningcheck; see
 * data/SOURCES.md): for the activiteit "dakkapel plaatsen" of every demo gemeente, delivered by
 * that gemeente (its code is in the activiteit's id), the dakkapel as its conclusie and the
 * olieproducten maatregelen as its maatregelen.
 */
const TOEPASBARE_REGELS: { bestand: string; soort: SoortRegelbestand }[] = [
  { bestand: 'ConclusieBouwenDakkapel.dmn', soort: 'conclusie' },
  { bestand: 'MaatregelenOpslaanOlieproducten.dmn', soort: 'maatregelen' },
];
const REGELS_GELDIG_VANAF = '2024-01-01';
/** The locatie the dakkapel's geo question refers to in the file: Veenendaal's gemeentegrens. */
const GEO_IN_BESTAND = 'nl.imow-gm0345.gebied.gemeentegrens';

/**
 * Delivers the toepasbare regels for each demo gemeente, received on their geldigVanaf. The file
 * asks whether the pand lies in Veenendaal; for a gemeente it asks the same of that gemeente's
 * own gebied (its omgevingsplan has one), so the check answers it from the location.
 */
async function laadToepasbareRegels(deps: DemoDeps, grenzen: Bestuursgrens[]): Promise<{ regelbestanden: number; nieuw: number }> {
  const store = deps.storeOp ? deps.storeOp(new Date(`${REGELS_GELDIG_VANAF}T09:00:00Z`)) : deps.store;
  const service = new RegelbestandService(store, leesDmn);
  const bestanden = TOEPASBARE_REGELS.map((r) => ({ ...r, dmn: data(r.bestand) }));
  let regelbestanden = 0;
  let nieuw = 0;
  for (const { code } of GEMEENTEN) {
    const naam = grenzen.find((g) => g.code === code)!.naam.replace(/^Gemeente /, '');
    const g = ids(code);
    const activiteit = g.imow('activiteit', 'dakkapelplaatsen');
    for (const { bestand, soort, dmn } of bestanden) {
      const voorGemeente = dmn.replaceAll(GEO_IN_BESTAND, g.imow('gebied', 'gemeente')).replaceAll('gemeentegrens van Veenendaal', `gemeentegrens van ${naam}`);
      const afhandeling = await service.lever(
        { activiteit, soort, geldigVanaf: REGELS_GELDIG_VANAF, bestand, dmn: voorGemeente },
        { bevoegdGezag: code, actor: ACTOR, commandId: `demo:toepasbare-regels:${code}:${soort}:dakkapelplaatsen` },
      );
      regelbestanden++;
      if (afhandeling.nieuw) nieuw++;
    }
  }
  return { regelbestanden, nieuw };
}

/** The bestemmingsplannen of the demo (IMRO GML in data/), each received on the date of its planstatus. */
const BESTEMMINGSPLANNEN = ['NL.IMRO.0798.BPDoornboom-ON01.gml'];

/**
 * Loads the demo: every ambtsgebied, then the regelingen. Safe to run at every start: steps
 * handled before are recognised by their command id and store nothing.
 */
export async function laadDemo(deps: DemoDeps): Promise<{ regelingen: number; ambtsgebieden: number; bestemmingsplannen: number; toepasbareRegels: number }> {
  const { pool, store, log } = deps;
  const index = new PostgresInhoudsindex(pool);
  const begin = Date.now();
  const { grenzen, nederland } = await leesBestuursgrenzen(pool);
  log?.info({ ambtsgebieden: grenzen.length, ms: Date.now() - begin }, 'demo: grenzen gelezen en omgezet naar RD New');

  const ambtsgebieden = new AmbtsgebiedService(store);
  let nieuweGrenzen = 0;
  await metGelijktijdig(grenzen, 4, async (g) => {
    const { nieuw } = await ambtsgebieden.handel({ type: 'StelAmbtsgebiedVast', data: g }, { actor: ACTOR, commandId: `demo:ambtsgebied:${g.code}` });
    if (nieuw) nieuweGrenzen++;
  });
  log?.info({ ambtsgebieden: grenzen.length, nieuw: nieuweGrenzen, ms: Date.now() - begin }, 'demo: ambtsgebieden vastgesteld');

  // Each step is recorded on its publication date (09:00 UTC), as if received then.
  const regelingenOp = (bekendOp: string | undefined) =>
    new RegelingService(bekendOp && deps.storeOp ? deps.storeOp(new Date(`${bekendOp}T09:00:00Z`)) : store, index);
  // Built one group at a time, so the progress log says where the time goes.
  const groepen: [string, () => Promise<Demoregeling[]>][] = [
    ['rijk', async () => rijksregelingen(nederland)],
    ['provincies', () => provinciale(pool, grenzen)],
    ['waterschap', async () => [await waterschapsverordening(pool)]],
    ['gemeenten', async () => [...(await gemeentelijke(pool, grenzen)), hilvarenbeek()]],
  ];
  let aantal = 0;
  for (const [groep, maak] of groepen) {
    const lijst = await maak();
    let nieuweStappen = 0;
    await metGelijktijdig(lijst, 4, async (r) => {
      // Steps of one regeling in order: each builds on the version before.
      for (const stap of r.stappen) {
        const { nieuw } = await regelingenOp((stap.command.data as { bekendOp?: string }).bekendOp).handel(r.regelingId, stap.command, { bevoegdGezag: r.bevoegdGezag, actor: ACTOR, commandId: `demo:${r.regelingId}:${stap.naam}` });
        if (nieuw) nieuweStappen++;
      }
    });
    aantal += lijst.length;
    log?.info({ groep, regelingen: lijst.length, nieuweStappen, ms: Date.now() - begin }, `demo: regelingen ${groep} geladen`);
  }
  for (const bestand of BESTEMMINGSPLANNEN) {
    const plan = leesImroPlan(data(bestand));
    const service = new BestemmingsplanService(deps.storeOp ? deps.storeOp(new Date(`${plan.datum}T09:00:00Z`)) : store);
    const { nieuw } = await service.importeer(plan, { actor: ACTOR });
    log?.info({ plan: plan.identificatie, objecten: plan.objecten.length, nieuw, ms: Date.now() - begin }, 'demo: bestemmingsplan geladen');
  }
  // The catalogue of werkzaamheden the Vergunningcheck starts from.
  await laadWerkzaamheden(new WerkzaamhedenService(store), log);
  // And the toepasbare regels it asks its questions from.
  const regels = await laadToepasbareRegels(deps, grenzen);
  log?.info({ ...regels, ms: Date.now() - begin }, 'demo: toepasbare regels geleverd');
  return { regelingen: aantal, ambtsgebieden: grenzen.length, bestemmingsplannen: BESTEMMINGSPLANNEN.length, toepasbareRegels: regels.regelbestanden };
}
