import type { Readable } from 'node:stream';
import type { Element } from '@xmldom/xmldom';
import type {
  Activiteit,
  Activiteitregelkwalificatie,
  Gebiedsaanwijzing,
  Geometrie,
  JuridischeRegel,
  JuridischeRegelType,
  Kaart,
  Kaartlaag,
  Locatie,
  LocatieType,
  Norm,
  Pons,
  Regeltekst,
} from '../../domain/omgevingsdocumenten/inhoud.ts';
import type pg from 'pg';
import { JURIDISCHE_REGEL_TYPES, LOCATIE_TYPES, MET_GEOMETRIE, SOORTEN, controleerGeometrie, type Soort } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { digest, kernVan, zonderDigest, type Kern, type ObjectVan } from '../../domain/omgevingsdocumenten/kern.ts';
import type { Inhoudsindex } from '../../application/ports/inhoudsindex.ts';
import { Werkruimte } from './werkruimte.ts';
import { BEVOEGD_GEZAG, type Documenttype } from '../../domain/omgevingsdocumenten/regeling.ts';
import { GmlError, gmlNaarGeoJson } from '../gml/gml-geometrie.ts';
import { XmlFout, kindElementen, leesXml } from '../xml.ts';
import { xmlObjecten, type XmlObjectOpties } from '../xml-stream.ts';
import { BronFout, type Leveringsbron } from './bron.ts';
import { LeveringError, type Levering, type Leveringsfout, type Leveringstijd } from '../../application/omgevingsdocumenten/levering-import.ts';
import { datumInAmsterdam } from '../http/tijdreis.ts';

const XLINK = 'http://www.w3.org/1999/xlink';
const STOP_UITWISSELING = 'https://standaarden.overheid.nl/stop/imop/uitwisseling/';
const STOP_TEKST = 'https://standaarden.overheid.nl/stop/imop/tekst/';
const STOP_GEO = 'https://standaarden.overheid.nl/stop/imop/geo/';
const OW_DEELBESTAND = 'http://www.geostandaarden.nl/imow/bestanden/deelbestand';
const SOORT_REGELING = '/join/id/stop/work_019';
const SOORT_GIO = '/join/id/stop/work_010';

/** STOP's waardelijst soortRegeling, as our documenttypen. */
const REGELINGTYPEN: Record<string, Documenttype> = {
  '/join/id/stop/regelingtype_001': 'AMvB',
  '/join/id/stop/regelingtype_002': 'ministeriële regeling',
  '/join/id/stop/regelingtype_003': 'omgevingsplan',
  '/join/id/stop/regelingtype_004': 'omgevingsverordening',
  '/join/id/stop/regelingtype_005': 'waterschapsverordening',
  '/join/id/stop/regelingtype_006': 'omgevingsvisie',
  '/join/id/stop/regelingtype_007': 'projectbesluit',
  '/join/id/stop/regelingtype_008': 'instructie',
  '/join/id/stop/regelingtype_009': 'voorbereidingsbesluit',
  '/join/id/stop/regelingtype_010': 'programma',
  '/join/id/stop/regelingtype_011': 'reactieve interventie',
};

/** A delivery read and checked: one version of one regeling, whole. */
export interface StopLevering extends Levering {
  /** ISO date-time of the Momentopname. */
  gemaaktOp: string;
  /** Objects read, per type (STOP and IMOW names). */
  telling: Record<string, number>;
  /** IMOW objects read and checked that the domain does not keep (yet), per type. */
  nietBewaard: Record<string, number>;
  /** Gives back what reading took: the workspace, and the content set unless it became a version's. */
  sluit(): Promise<void>;
}

/** Where a delivery is read into: PostgreSQL for its workspace, and the content index for its kernen. */
export interface Leesopslag {
  pool: pg.Pool;
  index: Inhoudsindex;
}

/** Kernen gathered before they go to the content index in one call. */
const KERNEN_PER_KEER = 1000;

/** The file names and modules of the pakbon, per component (work). */
interface Component {
  work: string;
  expression: string;
  soortWork: string;
  modules: { localName: string; bestandsnaam: string }[];
}

const tekst = (el: Element | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The element at a path of child local names (any namespace), taking the first child at each step. */
function onder(el: Element, ...pad: string[]): Element | undefined {
  let huidig: Element | undefined = el;
  for (const naam of pad) huidig = huidig && kindElementen(huidig, undefined, naam)[0];
  return huidig;
}
/** Every child with the last local name, under the element the path before it leads to. */
const alle = (el: Element, ...pad: string[]): Element[] => {
  const laatste = pad.pop()!;
  const ouder = pad.length ? onder(el, ...pad) : el;
  return ouder ? kindElementen(ouder, undefined, laatste) : [];
};
const href = (el: Element) => (el.getAttributeNS(XLINK, 'href') ?? '').trim();
/** The last part of a waardelijst URI: .../concept/Meldingsplicht → Meldingsplicht. */
const begrip = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

async function leesKlein(bron: Leveringsbron, bestand: string): Promise<Element> {
  const stroom = await bron.open(bestand);
  const delen: Buffer[] = [];
  for await (const d of stroom as AsyncIterable<Buffer>) delen.push(d);
  try {
    return leesXml(Buffer.concat(delen).toString('utf8'));
  } catch (error) {
    if (error instanceof XmlFout) throw new LeveringError([{ bestand, element: 'bestand', id: '', reden: `geen geldige XML: ${error.message}` }]);
    throw error;
  }
}

/**
 * Reads a STOP/TPOD delivery (a regeling with its OW files and GIOs, as LVBB packages it with a
 * pakbon) and checks it whole: every reference resolves, every geometry is read in RD New,
 * every object type is known. Any problem refuses the delivery, with every problem named by
 * file, element and id.
 *
 * Memory does not grow with the delivery: large files (text, OW, GIO) are streamed object by
 * object into temporary tables (`Werkruimte`), the references are checked there in SQL, and
 * every object goes as a kern to a set in the content index. The objects that differ from the
 * version before are read again, whole, when they are stored (`objecten`).
 */
export async function leesStopLevering(bron: Leveringsbron, opslag: Leesopslag): Promise<StopLevering> {
  const fouten: Leveringsfout[] = [];
  const fout = (bestand: string, element: string, id: string, reden: string) => fouten.push({ bestand, element, id, reden });
  const bestanden = new Set(bron.bestanden());
  if (!bestanden.has('pakbon.xml')) throw new LeveringError([{ bestand: 'pakbon.xml', element: 'Pakbon', id: '', reden: 'de levering heeft geen pakbon.xml' }]);

  const pakbon = await leesKlein(bron, 'pakbon.xml');
  if (pakbon.localName !== 'Pakbon' || pakbon.namespaceURI !== STOP_UITWISSELING) {
    throw new LeveringError([{ bestand: 'pakbon.xml', element: pakbon.tagName, id: '', reden: `verwacht een STOP Pakbon (${STOP_UITWISSELING})` }]);
  }
  const componenten: Component[] = kindElementen(pakbon, [STOP_UITWISSELING], 'Component').map((c) => ({
    work: tekst(onder(c, 'FRBRWork')),
    expression: tekst(onder(c, 'FRBRExpression')),
    soortWork: tekst(onder(c, 'soortWork')),
    modules: alle(c, 'heeftModule', 'Module').map((m) => ({ localName: tekst(onder(m, 'localName')), bestandsnaam: tekst(onder(m, 'bestandsnaam')) })),
  }));
  for (const c of componenten) for (const m of c.modules) if (!bestanden.has(m.bestandsnaam)) fout('pakbon.xml', m.localName, m.bestandsnaam, 'het bestand staat niet in de levering');
  const regelingen = componenten.filter((c) => c.soortWork === SOORT_REGELING);
  if (regelingen.length !== 1) fout('pakbon.xml', 'Component', '', `verwacht precies één regeling (soortWork ${SOORT_REGELING}), gevonden: ${regelingen.length}`);
  if (fouten.length > 0) throw new LeveringError(fouten);
  const regeling = regelingen[0]!;
  const module = (c: Component, ...namen: string[]) => c.modules.find((m) => namen.includes(m.localName))?.bestandsnaam;

  // Identification, metadata and the moment.
  const telling: Record<string, number> = {};
  const tel = (type: string) => (telling[type] = (telling[type] ?? 0) + 1);
  const metadataBestand = module(regeling, 'RegelingMetadata');
  const momentBestand = module(regeling, 'Momentopname');
  const tekstBestand = module(regeling, 'RegelingCompact', 'RegelingVrijetekst', 'RegelingKlassiek', 'RegelingTijdelijkdeel');
  const manifestBestand = module(regeling, 'Aanleveringen');
  for (const [naam, b] of [['RegelingMetadata', metadataBestand], ['Momentopname', momentBestand], ['Regelingtekst', tekstBestand], ['Aanleveringen (manifest-ow)', manifestBestand]] as const) {
    if (!b) fout('pakbon.xml', naam, regeling.work, 'de regeling heeft deze module niet');
  }
  if (fouten.length > 0) throw new LeveringError(fouten);
  const metadata = await leesKlein(bron, metadataBestand!);
  const citeertitel = tekst(onder(metadata, 'heeftCiteertitelInformatie', 'CiteertitelInformatie', 'citeertitel')) || tekst(onder(metadata, 'officieleTitel'));
  const bevoegdGezag = begrip(tekst(onder(metadata, 'eindverantwoordelijke'))).toLowerCase();
  if (!BEVOEGD_GEZAG.test(bevoegdGezag)) fout(metadataBestand!, 'eindverantwoordelijke', bevoegdGezag, 'geen bevoegd gezag (zoals /tooi/id/gemeente/gm0160)');
  const soortRegeling = tekst(onder(metadata, 'soortRegeling'));
  const documenttype = REGELINGTYPEN[soortRegeling];
  if (!documenttype) fout(metadataBestand!, 'soortRegeling', soortRegeling, 'onbekend soort regeling');
  if (!citeertitel) fout(metadataBestand!, 'citeertitel', regeling.work, 'de regeling heeft geen citeertitel');
  const moment = await leesKlein(bron, momentBestand!);
  const doel = tekst(onder(moment, 'doel'));
  const gemaaktOp = tekst(onder(moment, 'gemaaktOp'));
  if (!doel) fout(momentBestand!, 'doel', '', 'de Momentopname heeft geen doel');
  if (Number.isNaN(Date.parse(gemaaktOp))) fout(momentBestand!, 'gemaaktOp', gemaaktOp, 'geen datum-tijd');

  const werk = await Werkruimte.open(opslag.pool);
  let set: string | undefined;
  try {
    set = await opslag.index.nieuweSet(regeling.work);
    const inhoud = new Kernstroom(opslag.index, set);
    const { gioBestanden, nietBewaard, ambtsgebieden } = await leesBestanden(bron, werk, inhoud, { fout, tel, componenten, module, tekstBestand: tekstBestand!, manifestBestand: manifestBestand!, regeling, doel });
    if (fouten.length > 0) throw new LeveringError(fouten);
    await werk.klaar();
    for (const f of await controleer(werk)) fout(f.bestand, f.element, f.id, f.reden);
    if (fouten.length > 0) throw new LeveringError(fouten);
    await kernenNaarIndex(werk, inhoud);
    return {
      regelingId: regeling.work,
      instrumentversie: regeling.expression,
      doel,
      gemaaktOp: new Date(gemaaktOp).toISOString(),
      bevoegdGezag,
      documenttype: documenttype!,
      citeertitel,
      inhoudset: set,
      objecten: objectenUit(bron, werk, opslag.index, set, { tekstBestand: tekstBestand!, gioBestanden }),
      ambtsgebieden,
      telling,
      nietBewaard,
      sluit: sluiterVan(werk, opslag.index, set),
    };
  } catch (error) {
    await sluiterVan(werk, opslag.index, set)();
    throw error;
  }
}

/** Made outside `leesStopLevering`, as `objectenUit`: a closure made inside it would keep its scope alive. */
function sluiterVan(werk: Werkruimte, index: Inhoudsindex, set: string | undefined): () => Promise<void> {
  return async () => {
    await werk.sluit();
    if (set) await index.verwerp(set);
  };
}

/** Kernen on their way to a set in the content index, a thousand at a time. */
class Kernstroom {
  private wacht: { [S in Soort]?: Kern<ObjectVan<S>>[] } = {};
  private aantal = 0;

  constructor(
    private readonly index: Inhoudsindex,
    private readonly set: string,
  ) {}

  async plaats<S extends Soort>(soort: S, kern: Kern<ObjectVan<S>>): Promise<void> {
    ((this.wacht[soort] ??= []) as Kern<ObjectVan<S>>[]).push(kern);
    if (++this.aantal >= KERNEN_PER_KEER) await this.klaar();
  }

  async klaar(): Promise<void> {
    if (this.aantal === 0) return;
    const plaats = this.wacht;
    this.wacht = {};
    this.aantal = 0;
    await this.index.pasToe(this.set, { plaats });
  }
}

interface Leesgegevens {
  fout: (bestand: string, element: string, id: string, reden: string) => void;
  tel: (type: string) => void;
  componenten: Component[];
  module: (c: Component, ...namen: string[]) => string | undefined;
  tekstBestand: string;
  manifestBestand: string;
  regeling: Component;
  doel: string;
}

/**
 * Streams the text, the GIOs and the OW files into the workspace (regelteksten straight to the
 * content set, being whole as they are read). Problems found on the way are reported through `fout`.
 */
async function leesBestanden(bron: Leveringsbron, werk: Werkruimte, inhoud: Kernstroom, g: Leesgegevens) {
  const { fout, tel, componenten, module, tekstBestand, manifestBestand, regeling, doel } = g;
  const bestanden = new Set(bron.bestanden());
  // The text: every artikel and lid (or divisietekst) with its wId (the text itself is read again when the objects are stored).
  await elkObject(await bron.open(tekstBestand), tekstBestand, fout, TEKST_OBJECTEN, async (el) => {
    for (const r of regeltekstenVan(el)) {
      await inhoud.plaats('regelteksten', kernVan('regelteksten', r));
      await werk.tekst(r.wId);
      tel(r.soort === 'lid' ? 'Lid' : r.soort === 'artikel' ? 'Artikel' : 'Divisietekst');
    }
  });
  await inhoud.klaar();

  // The GIOs: a digest of every geometry by its basisgeo:id (the geometry is read again when stored).
  const gioBestanden: string[] = [];
  for (const gio of componenten.filter((c) => c.soortWork === SOORT_GIO)) {
    const gml = module(gio, 'GeoInformatieObjectVersie');
    if (!gml) {
      fout('pakbon.xml', 'GeoInformatieObjectVersie', gio.work, 'het GIO heeft geen GML-bestand');
      continue;
    }
    gioBestanden.push(gml);
    await elkObject(await bron.open(gml), gml, fout, GIO_OBJECTEN, async (el) => {
      const geo = gioLocatie(el);
      if ('reden' in geo) return void fout(gml, 'Locatie', geo.id, geo.reden);
      await werk.geometrie(geo.id, digest(geo.geometrie), gml);
      tel('GIO-Locatie');
    });
  }

  // The OW files the manifest names, object by object.
  const manifest = await leesKlein(bron, manifestBestand);
  const map = manifestBestand.includes('/') ? manifestBestand.slice(0, manifestBestand.lastIndexOf('/') + 1) : '';
  const owBestanden: string[] = [];
  for (const a of kindElementen(manifest, undefined, 'Aanlevering')) {
    const werkId = tekst(onder(a, 'WorkIDRegeling'));
    const doelId = tekst(onder(a, 'DoelID'));
    if (werkId !== regeling.work) fout(manifestBestand, 'WorkIDRegeling', werkId, `verwacht ${regeling.work}`);
    if (doelId && doelId !== doel) fout(manifestBestand, 'DoelID', doelId, `verwacht het doel van de Momentopname, ${doel}`);
    for (const b of kindElementen(a, undefined, 'Bestand')) {
      const naam = `${map}${tekst(onder(b, 'naam'))}`;
      if (!bestanden.has(naam)) fout(manifestBestand, 'Bestand', naam, 'het OW-bestand staat niet in de levering');
      else owBestanden.push(naam);
    }
  }
  const ow = new OwLezer(werk, fout, tel);
  for (const b of owBestanden) {
    await elkObject(await bron.open(b), b, fout, {
      wortel: (uri, local) => {
        if (uri !== OW_DEELBESTAND || local !== 'owBestand') throw new XmlFout(`verwacht ow-dc:owBestand (${OW_DEELBESTAND}), niet <${local}>`);
      },
      isObject: (_uri, _local, pad) => pad.at(-1) === 'owObject',
    }, (el) => ow.lees(el, b));
  }
  return { gioBestanden, nietBewaard: ow.nietBewaard, ambtsgebieden: ow.ambtsgebieden };
}

const TEKST_OBJECTEN: XmlObjectOpties = {
  wortel: (uri, local) => {
    if (uri !== STOP_TEKST) throw new XmlFout(`verwacht een STOP-regelingtekst (${STOP_TEKST}), niet <${local}> in ${uri || 'geen namespace'}`);
  },
  isObject: (uri, local) => uri === STOP_TEKST && (local === 'Artikel' || local === 'Divisietekst'),
};

const GIO_OBJECTEN: XmlObjectOpties = {
  wortel: (uri, local) => {
    if (uri !== STOP_GEO || local !== 'GeoInformatieObjectVaststelling') throw new XmlFout(`verwacht geo:GeoInformatieObjectVaststelling (${STOP_GEO}), niet <${local}>`);
  },
  isObject: (_uri, local, pad) => local === 'Locatie' && pad.at(-1) === 'locaties',
};

/** The regelteksten of an Artikel (itself and its leden) or a Divisietekst. */
function regeltekstenVan(el: Element): Regeltekst[] {
  const wId = el.getAttribute('wId') ?? '';
  const nummer = tekst(onder(el, 'Kop', 'Nummer'));
  const opschrift = tekst(onder(el, 'Kop', 'Opschrift')) || undefined;
  if (el.localName === 'Divisietekst') return [{ wId, soort: 'divisietekst', nummer, ...(opschrift ? { opschrift } : {}), tekst: tekst(onder(el, 'Inhoud')) }];
  const leden = kindElementen(el, [STOP_TEKST], 'Lid');
  const inhoud = tekst(onder(el, 'Inhoud')) || leden.map((l) => `${tekst(onder(l, 'LidNummer'))} ${tekst(onder(l, 'Inhoud'))}`).join('\n');
  return [
    { wId, soort: 'artikel', nummer, ...(opschrift ? { opschrift } : {}), tekst: inhoud },
    ...leden.map((l): Regeltekst => ({ wId: l.getAttribute('wId') ?? '', soort: 'lid', nummer: tekst(onder(l, 'LidNummer')).replace(/\.$/, ''), tekst: tekst(onder(l, 'Inhoud')), artikel: wId })),
  ];
}

/** A GIO's Locatie: its basisgeo:id and geometry, or why it has none that can be used. */
function gioLocatie(el: Element): { id: string; geometrie: Geometrie } | { id: string; reden: string } {
  const g = onder(el, 'geometrie', 'Geometrie');
  const id = tekst(g && onder(g, 'id'));
  const gmlEl = g && onder(g, 'geometrie');
  const vorm = gmlEl && kindElementen(gmlEl, undefined)[0];
  if (!id || !vorm) return { id: id || tekst(onder(el, 'naam')), reden: 'een Locatie zonder basisgeo:id of geometrie' };
  try {
    const geometrie = gmlNaarGeoJson(vorm);
    const reden = controleerGeometrie(geometrie);
    return reden ? { id, reden } : { id, geometrie };
  } catch (error) {
    if (!(error instanceof GmlError)) throw error;
    return { id, reden: error.message };
  }
}

/** The OW elements each kind of reference may point to. */
const DOELELEMENTEN: Record<Exclude<Verwijzingssoort, 'geometrie' | 'activiteitlocatieaanduiding'>, string[]> = {
  locatie: [...LOCATIE_TYPES],
  activiteit: ['Activiteit'],
  regeltekst: ['Regeltekst'],
  gebiedsaanwijzing: ['Gebiedsaanwijzing'],
  norm: ['Omgevingsnorm', 'Omgevingswaarde'],
  kaart: ['Kaart'],
};
const VERWIJZINGSNAAM: Record<Verwijzingssoort, string> = {
  locatie: 'locatie',
  activiteit: 'activiteit',
  regeltekst: 'Regeltekst',
  gebiedsaanwijzing: 'gebiedsaanwijzing',
  norm: 'omgevingsnorm of -waarde',
  geometrie: 'geometrie in een GIO van de levering (GeometrieRef)',
  kaart: 'kaart',
  activiteitlocatieaanduiding: 'ActiviteitLocatieaanduiding (in een juridische regel)',
};
/** Problems reported per check: a delivery with more has its first thousand named. */
const MAX_FOUTEN = 1000;

/**
 * The checks that need the whole delivery, in SQL on the workspace: ids used twice, references
 * that point nowhere, Regeltekst objects whose wId is not in the text.
 */
async function controleer(werk: Werkruimte): Promise<Leveringsfout[]> {
  const ow = werk.tabel('ow');
  const fouten: Leveringsfout[] = [];
  const dubbel = await werk.query<Leveringsfout>(
    `SELECT bestand, element, id, 'komt ook voor in ' || eerste AS reden
       FROM (SELECT bestand, element, id, nr, first_value(bestand) OVER (PARTITION BY id ORDER BY nr) AS eerste,
                    row_number() OVER (PARTITION BY id ORDER BY nr) AS n FROM ${ow}) x
      WHERE n > 1 ORDER BY nr LIMIT ${MAX_FOUTEN}`,
  );
  const gio = werk.tabel('geometrie');
  const dubbeleGeometrie = await werk.query<Leveringsfout>(
    `SELECT bestand, 'Locatie' AS element, id, 'basisgeo:id komt ook voor in ' || eerste AS reden
       FROM (SELECT bestand, id, nr, first_value(bestand) OVER (PARTITION BY id ORDER BY nr) AS eerste,
                    row_number() OVER (PARTITION BY id ORDER BY nr) AS n FROM ${gio}) x
      WHERE n > 1 ORDER BY nr LIMIT ${MAX_FOUTEN}`,
  );
  const verwijzingen = await werk.query<{ bestand: string; element: string; id: string; naar: string; soort: Verwijzingssoort }>(
    `SELECT v.bestand, v.element, v.id, v.naar, v.soort FROM ${werk.tabel('verwijzing')} v
      WHERE v.naar = '' OR NOT CASE v.soort
        WHEN 'geometrie' THEN EXISTS (SELECT 1 FROM ${gio} g WHERE g.id = v.naar)
        WHEN 'activiteitlocatieaanduiding' THEN EXISTS (SELECT 1 FROM ${werk.tabel('ala')} a WHERE a.id = v.naar)
        ELSE EXISTS (SELECT 1 FROM ${ow} o WHERE o.id = v.naar AND o.element IN (SELECT jsonb_array_elements_text($1::jsonb -> v.soort)))
      END
      ORDER BY v.nr LIMIT ${MAX_FOUTEN}`,
    [JSON.stringify(DOELELEMENTEN)],
  );
  const wids = await werk.query<Leveringsfout>(
    `SELECT bestand, 'Regeltekst' AS element, id, 'wId ' || (data->>'wId') || ' staat niet in de regelingtekst' AS reden
       FROM ${ow} o WHERE element = 'Regeltekst' AND NOT EXISTS (SELECT 1 FROM ${werk.tabel('tekst')} t WHERE t.wid = o.data->>'wId')
      ORDER BY nr LIMIT ${MAX_FOUTEN}`,
  );
  fouten.push(...dubbel, ...dubbeleGeometrie);
  for (const v of verwijzingen) {
    const naam = VERWIJZINGSNAAM[v.soort];
    fouten.push({ bestand: v.bestand, element: v.element, id: v.id, reden: v.naar ? `verwijst naar ${naam} ${v.naar}, die er niet is` : `een lege verwijzing naar een ${naam}` });
  }
  fouten.push(...wids);
  return fouten;
}

/** OW elements kept as they are read, by the soort of content they are. */
const ELEMENTSOORTEN: [Soort, string[]][] = [
  ['activiteiten', ['Activiteit']],
  ['gebiedsaanwijzingen', ['Gebiedsaanwijzing']],
  ['normen', ['Omgevingsnorm', 'Omgevingswaarde']],
  ['ponsen', ['Pons']],
];

/**
 * Every OW object as a kern in the content set, its references resolved in SQL: a regel's
 * Regeltekst to the wId of its artikel or lid, a gebied's GeometrieRef to the digest of its
 * GIO geometry, a kaart to the regelteksten whose regels name it. Page by page.
 */
async function kernenNaarIndex(werk: Werkruimte, inhoud: Kernstroom): Promise<void> {
  const ow = werk.tabel('ow');
  async function perPagina<R extends { nr: string }>(sql: string, verwerk: (r: R) => Promise<void>): Promise<void> {
    for (let na = '0'; ; ) {
      const rijen = await werk.query<R>(`${sql} AND o.nr > $1 ORDER BY o.nr LIMIT 2000`, [na]);
      for (const r of rijen) await verwerk(r);
      if (rijen.length < 2000) return;
      na = rijen.at(-1)!.nr;
    }
  }
  const regeltekstVan = `(SELECT rt.data->>'wId' FROM ${ow} rt WHERE rt.element = 'Regeltekst' AND rt.id = o.data->>'regeltekstRef')`;
  await perPagina<{ nr: string; data: JuridischeRegel & { regeltekstRef: string; kaartRefs: string[] }; wid: string | null }>(
    `SELECT o.nr, o.data, ${regeltekstVan} AS wid FROM ${ow} o WHERE o.element IN ('${JURIDISCHE_REGEL_TYPES.join("','")}')`,
    async ({ data: { regeltekstRef, kaartRefs: _, ...r }, wid }) => inhoud.plaats('juridischeRegels', kernVan('juridischeRegels', { ...r, regeltekst: wid ?? regeltekstRef })),
  );
  await perPagina<{ nr: string; data: Locatie & { geometrieRef?: string }; digest: string | null }>(
    // A subquery, not a join: looked up for the rows of the page only.
    `SELECT o.nr, o.data, (SELECT g.digest FROM ${werk.tabel('geometrie')} g WHERE g.id = o.data->>'geometrieRef') AS digest
       FROM ${ow} o WHERE o.element IN ('${DOELELEMENTEN.locatie.join("','")}')`,
    // The digest of the geometry stands in for it: the kern is the same as that of the whole locatie.
    async ({ data: { geometrieRef, ...l }, digest: d }) => inhoud.plaats('locaties', kernVan('locaties', l, geometrieRef ? { geometrie: d ?? undefined } : {})),
  );
  for (const [soort, elementen] of ELEMENTSOORTEN) {
    await perPagina<{ nr: string; data: ObjectVan<Soort> }>(`SELECT o.nr, o.data FROM ${ow} o WHERE o.element IN ('${elementen.join("','")}')`, async ({ data }) =>
      inhoud.plaats(soort, kernVan(soort, data)),
    );
  }
  await perPagina<{ nr: string; data: Kaart; regelteksten: string[] }>(
    `SELECT o.nr, o.data, ARRAY(SELECT DISTINCT coalesce(${regeltekstVan.replaceAll('o.data', 'r.data')}, r.data->>'regeltekstRef')
                                 FROM ${ow} r WHERE r.element IN ('${JURIDISCHE_REGEL_TYPES.join("','")}') AND r.data->'kaartRefs' ? o.id) AS regelteksten
       FROM ${ow} o WHERE o.element = 'Kaart'`,
    // Sorted, so the same delivery gives the same kaart (a later delivery is compared object by object).
    async ({ data, regelteksten }) => inhoud.plaats('kaarten', kernVan('kaarten', regelteksten.length ? { ...data, regelteksten: [...regelteksten].sort() } : data)),
  );
  await inhoud.klaar();
}

/**
 * Made outside `leesStopLevering`: a closure made inside it would keep all of that function's
 * scope alive (the reader's objects, every reference), as long as the delivery is.
 */
function objectenUit(bron: Leveringsbron, werk: Werkruimte, index: Inhoudsindex, set: string, bestanden: { tekstBestand: string; gioBestanden: string[] }): Levering['objecten'] {
  return () => objecten(bron, werk, index, set, bestanden);
}

/** Objects read again before they are looked up in the index; a batch of geometries stays small in points too. */
const OBJECTEN_PER_KEER = 500;
const PUNTEN_PER_KEER = 200_000;

/**
 * The objects the content set marks changed, whole, one at a time: what the kernen hold whole
 * comes from the set, regelteksten from the text read again, gebieden, lijnen and punten with
 * their geometry from the GIOs read again. The files were read and checked before; a problem
 * now (a file changed meanwhile) still refuses the delivery.
 */
async function* objecten(
  bron: Leveringsbron,
  werk: Werkruimte,
  index: Inhoudsindex,
  set: string,
  bestanden: { tekstBestand: string; gioBestanden: string[] },
): AsyncGenerator<{ soort: Soort; object: ObjectVan<Soort> }> {
  let geometrieGewijzigd = false;
  let tekstGewijzigd = false;
  for (const soort of SOORTEN) {
    for await (const kern of index.gewijzigdeKernen(set, soort)) {
      if (soort === 'regelteksten') {
        tekstGewijzigd = true;
        break;
      }
      if (soort === 'locaties' && MET_GEOMETRIE.includes(kern.type as LocatieType)) geometrieGewijzigd = true;
      else yield { soort, object: zonderDigest(kern) as unknown as ObjectVan<Soort> };
    }
  }
  const fouten: Leveringsfout[] = [];
  const fout = (bestand: string, element: string, id: string, reden: string) => fouten.push({ bestand, element, id, reden });
  if (tekstGewijzigd) {
    const stroom = await bron.open(bestanden.tekstBestand);
    try {
      let wacht: Regeltekst[] = [];
      const gewijzigd = async function* () {
        const ids = await index.gewijzigd(set, 'regelteksten', wacht.map((r) => r.wId));
        for (const r of wacht) if (ids.has(r.wId)) yield { soort: 'regelteksten' as Soort, object: r };
        wacht = [];
      };
      for await (const el of xmlObjecten(stroom, TEKST_OBJECTEN)) {
        wacht.push(...regeltekstenVan(el));
        if (wacht.length >= OBJECTEN_PER_KEER) yield* gewijzigd();
      }
      yield* gewijzigd();
    } finally {
      stroom.destroy();
    }
  }
  for (const gml of geometrieGewijzigd ? bestanden.gioBestanden : []) {
    const stroom = await bron.open(gml);
    try {
      let wacht: { id: string; geometrie: Geometrie }[] = [];
      let punten = 0;
      // The changed gebieden, lijnen and punten whose geometry is one of those waiting.
      const gewijzigd = async function* () {
        const locaties = await werk.query<{ ref: string; data: Locatie & { geometrieRef: string } }>(
          `SELECT data->>'geometrieRef' AS ref, data FROM ${werk.tabel('ow')} WHERE data->>'geometrieRef' = ANY($1) ORDER BY nr`,
          [wacht.map((g) => g.id)],
        );
        const ids = await index.gewijzigd(set, 'locaties', locaties.map((l) => l.data.identificatie));
        const geometrie = new Map(wacht.map((g) => [g.id, g.geometrie]));
        for (const { ref, data: { geometrieRef: _, ...l } } of locaties) {
          if (ids.has(l.identificatie)) yield { soort: 'locaties' as Soort, object: { ...l, geometrie: geometrie.get(ref)! } };
        }
        wacht = [];
        punten = 0;
      };
      for await (const el of xmlObjecten(stroom, GIO_OBJECTEN)) {
        const g = gioLocatie(el);
        if ('reden' in g) {
          fout(gml, 'Locatie', g.id, g.reden);
          continue;
        }
        wacht.push(g);
        punten += aantalPunten(g.geometrie.coordinates);
        if (wacht.length >= OBJECTEN_PER_KEER || punten >= PUNTEN_PER_KEER) yield* gewijzigd();
      }
      yield* gewijzigd();
    } finally {
      stroom.destroy();
    }
  }
  if (fouten.length > 0) throw new LeveringError(fouten);
}

/** The number of points in GeoJSON coordinates of any depth. */
function aantalPunten(c: unknown): number {
  if (!Array.isArray(c)) return 0;
  if (typeof c[0] === 'number') return 1;
  let n = 0;
  for (const x of c) n += aantalPunten(x);
  return n;
}

/** Streams one file's objects to `verwerk`; malformed XML becomes a fout of that file. */
async function elkObject(stroom: Readable, bestand: string, fout: (b: string, e: string, id: string, r: string) => void, opties: XmlObjectOpties, verwerk: (el: Element) => void | Promise<void>) {
  try {
    for await (const el of xmlObjecten(stroom, opties)) await verwerk(el);
  } catch (error) {
    if (error instanceof XmlFout) fout(bestand, 'bestand', '', `geen geldige XML: ${error.message}`);
    else if (error instanceof BronFout) fout(error.bestand, 'bestand', '', error.message);
    else throw error;
  } finally {
    stroom.destroy();
  }
}

/** IMOW objects that are read and checked, but have no place in the domain (yet). */
const NIET_BEWAARD = ['Regelingsgebied', 'Tekstdeel', 'Hoofdlijn', 'Divisie', 'Divisietekst', 'Symbolisatie'];

const KWALIFICATIE: Record<string, Activiteitregelkwalificatie> = {
  Vergunningplicht: 'vergunningplicht',
  Meldingsplicht: 'meldingsplicht',
  Informatieplicht: 'informatieplicht',
  Gebod: 'gebod',
  Verbod: 'verbod',
  Toegestaan: 'toegestaan',
  AndersGeduid: 'anders geduid',
};

/** What a reference points to: checked in the workspace once everything is read. */
type Verwijzingssoort = 'locatie' | 'activiteit' | 'regeltekst' | 'gebiedsaanwijzing' | 'norm' | 'geometrie' | 'kaart' | 'activiteitlocatieaanduiding';

/**
 * The xlink:hrefs under a wrapper element: on its Ref children, whatever their name (KaartRef,
 * GebiedsaanwijzingRef, OmgevingsnormRef, …), or on the wrapper itself, as some IMOW versions
 * write activiteitlocatieweergave.
 */
const hrefsOnder = (wrappers: Element[]) => wrappers.flatMap((w) => (href(w) ? [href(w)] : kindElementen(w, undefined).map(href))).filter(Boolean);

/**
 * Reads IMOW objects from OW files into the workspace: each object as it is (references not yet
 * resolved) with the file it came from, and each reference it makes, for the checks in SQL.
 */
class OwLezer {
  /** Rows of the object being read: written when it is done (some wait for their buffer to be written). */
  private rijen: (() => Promise<void> | undefined)[] = [];
  readonly ambtsgebieden: { code: string; bestand: string; id: string }[] = [];
  readonly nietBewaard: Record<string, number> = {};

  constructor(
    private readonly werk: Werkruimte,
    private readonly fout: (b: string, e: string, id: string, r: string) => void,
    private readonly tel: (type: string) => void,
  ) {}

  private verwijzing(bestand: string, element: string, id: string, naar: string, soort: Verwijzingssoort): void {
    this.rijen.push(() => this.werk.verwijzing({ bestand, element, id, naar, soort }));
  }

  private object(id: string, element: string, bestand: string, data?: unknown): void {
    this.rijen.push(() => this.werk.ow({ id, element, bestand, data }));
  }

  async lees(el: Element, bestand: string): Promise<void> {
    this.leesObject(el, bestand);
    const rijen = this.rijen;
    this.rijen = [];
    for (const rij of rijen) await rij();
  }

  private leesObject(el: Element, bestand: string): void {
    const element = el.localName!;
    const id = tekst(onder(el, 'identificatie'));
    const refs = (soort: Verwijzingssoort, ...pad: string[]) => {
      const naar = alle(el, ...pad).map(href).filter(Boolean);
      for (const n of naar) this.verwijzing(bestand, element, id, n, soort);
      return naar;
    };
    if (!id) return void this.fout(bestand, element, '', 'een OW-object zonder identificatie');
    this.tel(element);

    if (element === 'Regeltekst') {
      this.object(id, element, bestand, { wId: el.getAttribute('wId') ?? '' });
    } else if (JURIDISCHE_REGEL_TYPES.includes(element as JuridischeRegelType)) {
      const regeltekstRef = refs('regeltekst', 'artikelOfLid', 'RegeltekstRef')[0] ?? '';
      const activiteiten = alle(el, 'activiteitaanduiding').map((a) => {
        const activiteit = href(onder(a, 'ActiviteitRef') ?? a);
        if (activiteit) this.verwijzing(bestand, element, id, activiteit, 'activiteit');
        const ala = onder(a, 'ActiviteitLocatieaanduiding');
        const alaId = tekst(ala && onder(ala, 'identificatie'));
        if (alaId) this.rijen.push(() => this.werk.ala(alaId));
        const kwalificatie = begrip(tekst(ala && onder(ala, 'activiteitregelkwalificatie')));
        if (!KWALIFICATIE[kwalificatie]) this.fout(bestand, element, id, `onbekende activiteitregelkwalificatie ${JSON.stringify(kwalificatie)}`);
        const locaties = ala ? alle(ala, 'locatieaanduiding', 'LocatieRef').map(href) : [];
        for (const l of locaties) this.verwijzing(bestand, element, id, l, 'locatie');
        return { activiteit, kwalificatie: KWALIFICATIE[kwalificatie] ?? 'anders geduid', ...(locaties.length ? { locaties } : {}) };
      });
      const gebiedsaanwijzingen = refs('gebiedsaanwijzing', 'gebiedsaanwijzing', 'GebiedsaanwijzingRef');
      const normen = [...refs('norm', 'omgevingsnormaanduiding', 'OmgevingsnormRef'), ...refs('norm', 'omgevingswaardeaanduiding', 'OmgevingswaardeRef')];
      const themas = alle(el, 'thema').map((t) => begrip(tekst(t))).filter(Boolean);
      // The kaart a regel is shown on: kept on the kaart, as the artikel or lid it belongs to.
      const kaartRefs = hrefsOnder(alle(el, 'kaartaanduiding'));
      for (const k of kaartRefs) this.verwijzing(bestand, element, id, k, 'kaart');
      this.object(id, element, bestand, {
        identificatie: id,
        type: element as JuridischeRegelType,
        regeltekst: '',
        regeltekstRef,
        kaartRefs,
        locaties: refs('locatie', 'locatieaanduiding', 'LocatieRef'),
        ...(activiteiten.length ? { activiteiten } : {}),
        ...(gebiedsaanwijzingen.length ? { gebiedsaanwijzingen } : {}),
        ...(normen.length ? { normen } : {}),
        ...(themas.length ? { themas } : {}),
      });
    } else if (LOCATIE_TYPES.includes(element as LocatieType)) {
      const noemer = tekst(onder(el, 'noemer')) || undefined;
      if (element === 'Ambtsgebied') {
        const code = tekst(onder(el, 'bestuurlijkeGrenzenVerwijzing', 'BestuurlijkeGrenzenVerwijzing', 'bestuurlijkeGrenzenID')).toLowerCase();
        if (!BEVOEGD_GEZAG.test(code)) this.fout(bestand, element, id, `bestuurlijkeGrenzenID ${JSON.stringify(code)} is geen bevoegd gezag`);
        else this.ambtsgebieden.push({ code, bestand, id });
        this.object(id, element, bestand, { identificatie: id, type: 'Ambtsgebied', ...(noemer ? { noemer } : {}) });
      } else if (element.endsWith('groep')) {
        const leden = alle(el, 'groepselement').flatMap((g) => kindElementen(g, undefined)).map(href).filter(Boolean);
        for (const l of leden) this.verwijzing(bestand, element, id, l, 'locatie');
        this.object(id, element, bestand, { identificatie: id, type: element as LocatieType, ...(noemer ? { noemer } : {}), groepselementen: leden });
      } else {
        const geometrieRef = href(onder(el, 'geometrie', 'GeometrieRef') ?? el);
        this.verwijzing(bestand, element, id, geometrieRef, 'geometrie');
        this.object(id, element, bestand, { identificatie: id, type: element as LocatieType, ...(noemer ? { noemer } : {}), geometrieRef });
      }
    } else if (element === 'Activiteit') {
      const boven = alle(el, 'bovenliggendeActiviteit', 'ActiviteitRef').map(href)[0];
      // The top of a new hierarchy hangs under another bevoegd gezag's activiteit (TPOD1700): not ours to check.
      const code = (x: string) => /^nl\.imow-([^.]+)\./.exec(x)?.[1];
      if (boven && code(boven) === code(id)) this.verwijzing(bestand, element, id, boven, 'activiteit');
      this.object(id, element, bestand, { identificatie: id, naam: tekst(onder(el, 'naam')), groep: begrip(tekst(onder(el, 'groep'))), ...(boven ? { bovenliggendeActiviteit: boven } : {}) });
    } else if (element === 'Gebiedsaanwijzing') {
      this.object(id, element, bestand, {
        identificatie: id,
        type: begrip(tekst(onder(el, 'type'))),
        naam: tekst(onder(el, 'naam')),
        groep: begrip(tekst(onder(el, 'groep'))),
        locaties: refs('locatie', 'locatieaanduiding', 'LocatieRef'),
      });
    } else if (element === 'Omgevingsnorm' || element === 'Omgevingswaarde') {
      const normwaarden = alle(el, 'normwaarde', 'Normwaarde').map((w) => {
        const locaties = alle(w, 'locatieaanduiding', 'LocatieRef').map(href);
        for (const l of locaties) this.verwijzing(bestand, element, id, l, 'locatie');
        const getal = tekst(onder(w, 'kwantitatieveWaarde'));
        const waarde = getal !== '' && Number.isFinite(Number(getal)) ? Number(getal) : tekst(onder(w, 'kwalitatieveWaarde')) || tekst(onder(w, 'waardeInRegeltekst'));
        return { locaties, waarde };
      });
      const eenheid = begrip(tekst(onder(el, 'eenheid'))) || undefined;
      this.object(id, element, bestand, { identificatie: id, type: element, naam: tekst(onder(el, 'naam')), groep: begrip(tekst(onder(el, 'groep'))), ...(eenheid ? { eenheid } : {}), normwaarden });
    } else if (element === 'Pons') {
      this.object(id, element, bestand, { identificatie: id, locaties: refs('locatie', 'locatieaanduiding', 'LocatieRef') });
    } else if (element === 'Kaart') {
      this.object(id, element, bestand, this.leesKaart(el, bestand, id));
    } else if (element === 'Kaartlaag') {
      // IMOW writes a Kaartlaag inside the kaartlagen of its Kaart; on its own it belongs to no kaart.
      this.fout(bestand, element, id, 'een Kaartlaag hoort binnen de kaartlagen van een Kaart');
    } else if (NIET_BEWAARD.includes(element)) {
      refs('locatie', 'locatieaanduiding', 'LocatieRef');
      this.object(id, element, bestand);
      this.nietBewaard[element] = (this.nietBewaard[element] ?? 0) + 1;
    } else {
      this.fout(bestand, element, id, `onbekend OW-objecttype ${element}`);
    }
  }

  /** A Kaart with its Kaartlagen (each an OW object of its own, with its own identificatie). */
  private leesKaart(el: Element, bestand: string, id: string): Kaart {
    // Every kaartlagen element, whether it holds one Kaartlaag or all of them.
    const kaartlagen = alle(el, 'kaartlagen').flatMap((w) => kindElementen(w, undefined, 'Kaartlaag')).map((l): Kaartlaag => {
      const laagId = tekst(onder(l, 'identificatie'));
      const refs = (soort: Verwijzingssoort, ...wrappers: string[]) => {
        const naar = hrefsOnder(wrappers.flatMap((w) => alle(l, w)));
        for (const n of naar) this.verwijzing(bestand, 'Kaartlaag', laagId, n, soort);
        return naar;
      };
      if (!laagId) this.fout(bestand, 'Kaartlaag', id, 'een Kaartlaag zonder identificatie');
      // A Kaartlaag has an identificatie of its own: it must be unique with the objects'.
      else this.object(laagId, 'Kaartlaag', bestand);
      this.tel('Kaartlaag');
      const niveau = Number(tekst(onder(l, 'niveau')));
      if (!Number.isInteger(niveau) || niveau < 1) this.fout(bestand, 'Kaartlaag', laagId, `niveau ${JSON.stringify(tekst(onder(l, 'niveau')))} is geen geheel getal vanaf 1`);
      const naam = tekst(onder(l, 'naam')) || undefined;
      // The later IMOW catalogue names the relation activiteitlocatieaanduidingweergave; the schema activiteitlocatieweergave.
      const activiteitlocatieaanduidingen = refs('activiteitlocatieaanduiding', 'activiteitlocatieweergave', 'activiteitlocatieaanduidingweergave');
      const gebiedsaanwijzingen = refs('gebiedsaanwijzing', 'gebiedsaanwijzingweergave');
      const normen = refs('norm', 'normweergave');
      return {
        identificatie: laagId,
        ...(naam ? { naam } : {}),
        niveau,
        ...(activiteitlocatieaanduidingen.length ? { activiteitlocatieaanduidingen } : {}),
        ...(gebiedsaanwijzingen.length ? { gebiedsaanwijzingen } : {}),
        ...(normen.length ? { normen } : {}),
      };
    });
    if (kaartlagen.length === 0) this.fout(bestand, 'Kaart', id, 'een Kaart heeft minstens één Kaartlaag (kaartlagen)');
    const extent = onder(el, 'uitsnede', 'Kaartextent');
    const maat = (naam: string) => Number(tekst(extent && onder(extent, naam)) || NaN);
    const uitsnede = extent ? { minX: maat('minX'), minY: maat('minY'), maxX: maat('maxX'), maxY: maat('maxY') } : undefined;
    if (uitsnede && !Object.values(uitsnede).every(Number.isFinite)) this.fout(bestand, 'Kaart', id, 'de uitsnede (Kaartextent) heeft minX, minY, maxX en maxY nodig, als getallen');
    const naam = tekst(onder(el, 'naam'));
    if (!naam) this.fout(bestand, 'Kaart', id, 'een Kaart zonder naam');
    const nummer = tekst(onder(el, 'nummer')) || undefined;
    return { identificatie: id, naam, ...(nummer ? { nummer } : {}), ...(uitsnede ? { uitsnede } : {}), kaartlagen };
  }
}

/**
 * The time of a delivery: known on the date of its Momentopname (gemaaktOp, Amsterdam), and in
 * force from the dates given, or else from that same date: a delivered toestand applies.
 */
export function leveringstijd(levering: StopLevering, opties: { juridischWerkendVanaf?: string; geldigVanaf?: string } = {}): Leveringstijd {
  const bekendOp = datumInAmsterdam(new Date(levering.gemaaktOp));
  return { bekendOp, juridischWerkendVanaf: opties.juridischWerkendVanaf ?? bekendOp, ...(opties.geldigVanaf ? { geldigVanaf: opties.geldigVanaf } : {}) };
}
