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
import { SOORTEN, controleerGeometrie, type Soort } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { digest, kernVan, legeKern, zonderDigest, type Inhoudskern, type ObjectVan, type Wijzigingsplan } from '../../domain/omgevingsdocumenten/kern.ts';
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
}

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
 * every object type is known. Large files (text, OW, GIO) are streamed object by object. Any
 * problem refuses the delivery, with every problem named by file, element and id.
 */
export async function leesStopLevering(bron: Leveringsbron): Promise<StopLevering> {
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

  // The text: every artikel and lid (or divisietekst) with its wId, kept as kernen (the text
  // itself is read again when the objects are stored).
  const regelteksten: Inhoudskern['regelteksten'] = {};
  await elkObject(await bron.open(tekstBestand!), tekstBestand!, fout, TEKST_OBJECTEN, (el) => {
    for (const r of regeltekstenVan(el)) {
      regelteksten[r.wId] = kernVan('regelteksten', r);
      tel(r.soort === 'lid' ? 'Lid' : r.soort === 'artikel' ? 'Artikel' : 'Divisietekst');
    }
  });

  // The GIOs: a digest of every geometry by its basisgeo:id (the geometry is read again when stored).
  const geometrieen = new Map<string, { digest: string; bestand: string }>();
  const gioBestanden: string[] = [];
  for (const gio of componenten.filter((c) => c.soortWork === SOORT_GIO)) {
    const gml = module(gio, 'GeoInformatieObjectVersie');
    if (!gml) {
      fout('pakbon.xml', 'GeoInformatieObjectVersie', gio.work, 'het GIO heeft geen GML-bestand');
      continue;
    }
    gioBestanden.push(gml);
    await elkObject(await bron.open(gml), gml, fout, GIO_OBJECTEN, (el) => {
      const g = gioLocatie(el);
      if ('reden' in g) return void fout(gml, 'Locatie', g.id, g.reden);
      if (geometrieen.has(g.id)) return void fout(gml, 'Locatie', g.id, `basisgeo:id komt ook voor in ${geometrieen.get(g.id)!.bestand}`);
      geometrieen.set(g.id, { digest: digest(g.geometrie), bestand: gml });
      tel('GIO-Locatie');
    });
  }

  // The OW files the manifest names, object by object.
  const manifest = await leesKlein(bron, manifestBestand!);
  const map = manifestBestand!.includes('/') ? manifestBestand!.slice(0, manifestBestand!.lastIndexOf('/') + 1) : '';
  const owBestanden: string[] = [];
  for (const a of kindElementen(manifest, undefined, 'Aanlevering')) {
    const werk = tekst(onder(a, 'WorkIDRegeling'));
    const doelId = tekst(onder(a, 'DoelID'));
    if (werk !== regeling.work) fout(manifestBestand!, 'WorkIDRegeling', werk, `verwacht ${regeling.work}`);
    if (doelId && doelId !== doel) fout(manifestBestand!, 'DoelID', doelId, `verwacht het doel van de Momentopname, ${doel}`);
    for (const b of kindElementen(a, undefined, 'Bestand')) {
      const naam = `${map}${tekst(onder(b, 'naam'))}`;
      if (!bestanden.has(naam)) fout(manifestBestand!, 'Bestand', naam, 'het OW-bestand staat niet in de levering');
      else owBestanden.push(naam);
    }
  }
  const ow = new OwLezer(fout, tel);
  for (const b of owBestanden) {
    await elkObject(await bron.open(b), b, fout, {
      wortel: (uri, local) => {
        if (uri !== OW_DEELBESTAND || local !== 'owBestand') throw new XmlFout(`verwacht ow-dc:owBestand (${OW_DEELBESTAND}), niet <${local}>`);
      },
      isObject: (_uri, _local, pad) => pad.at(-1) === 'owObject',
    }, (el) => ow.lees(el, b));
  }
  if (fouten.length > 0) throw new LeveringError(fouten);
  const { kern, geometrieVan } = ow.kern(regelteksten, geometrieen);
  if (fouten.length > 0) throw new LeveringError(fouten);
  return {
    regelingId: regeling.work,
    instrumentversie: regeling.expression,
    doel,
    gemaaktOp: new Date(gemaaktOp).toISOString(),
    bevoegdGezag,
    documenttype: documenttype!,
    citeertitel,
    kern,
    objecten: objectenUit(bron, kern, { tekstBestand: tekstBestand!, gioBestanden, geometrieVan }),
    ambtsgebieden: ow.ambtsgebieden,
    telling,
    nietBewaard: ow.nietBewaard,
  };
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

/**
 * Made outside `leesStopLevering`: a closure made inside it would keep all of that function's
 * scope alive (the reader's objects, every reference), as long as the delivery is.
 */
function objectenUit(bron: Leveringsbron, kern: Inhoudskern, bestanden: Parameters<typeof objecten>[3]): Levering['objecten'] {
  return (ids) => objecten(bron, kern, ids, bestanden);
}

/**
 * The delivery's objects with these ids, whole, one at a time: what the kernen hold whole comes
 * from them, regelteksten from the text read again, gebieden, lijnen and punten with their
 * geometry from the GIOs read again. The files were read and checked before; a problem now
 * (a file changed meanwhile) still refuses the delivery.
 */
async function* objecten(
  bron: Leveringsbron,
  kern: Inhoudskern,
  ids: Wijzigingsplan['plaats'],
  bestanden: { tekstBestand: string; gioBestanden: string[]; geometrieVan: Map<string, string> },
): AsyncGenerator<{ soort: Soort; object: ObjectVan<Soort> }> {
  for (const soort of SOORTEN) {
    if (soort === 'regelteksten') continue;
    for (const id of ids[soort] ?? []) {
      if (soort === 'locaties' && bestanden.geometrieVan.has(id)) continue;
      yield { soort, object: zonderDigest(kern[soort][id]!) as ObjectVan<Soort> };
    }
  }
  const fouten: Leveringsfout[] = [];
  const fout = (bestand: string, element: string, id: string, reden: string) => fouten.push({ bestand, element, id, reden });
  const teksten = ids.regelteksten;
  if (teksten?.size) {
    const stroom = await bron.open(bestanden.tekstBestand);
    try {
      for await (const el of xmlObjecten(stroom, TEKST_OBJECTEN)) {
        for (const r of regeltekstenVan(el)) if (teksten.has(r.wId)) yield { soort: 'regelteksten', object: r };
      }
    } finally {
      stroom.destroy();
    }
  }
  // Which gebieden, lijnen and punten (to place) each basisgeo:id is the geometry of.
  const gevraagd = new Map<string, string[]>();
  for (const [locatie, ref] of bestanden.geometrieVan) if (ids.locaties?.has(locatie)) gevraagd.set(ref, [...(gevraagd.get(ref) ?? []), locatie]);
  for (const gml of gevraagd.size ? bestanden.gioBestanden : []) {
    const stroom = await bron.open(gml);
    try {
      for await (const el of xmlObjecten(stroom, GIO_OBJECTEN)) {
        const g = gioLocatie(el);
        if ('reden' in g) fout(gml, 'Locatie', g.id, g.reden);
        else for (const id of gevraagd.get(g.id) ?? []) {
          yield { soort: 'locaties', object: { ...zonderDigest(kern.locaties[id]!), geometrie: g.geometrie } };
        }
      }
    } finally {
      stroom.destroy();
    }
  }
  if (fouten.length > 0) throw new LeveringError(fouten);
}

/** Streams one file's objects to `verwerk`; malformed XML becomes a fout of that file. */
async function elkObject(stroom: Readable, bestand: string, fout: (b: string, e: string, id: string, r: string) => void, opties: XmlObjectOpties, verwerk: (el: Element) => void) {
  try {
    for await (const el of xmlObjecten(stroom, opties)) verwerk(el);
  } catch (error) {
    if (error instanceof XmlFout) fout(bestand, 'bestand', '', `geen geldige XML: ${error.message}`);
    else if (error instanceof BronFout) fout(error.bestand, 'bestand', '', error.message);
    else throw error;
  } finally {
    stroom.destroy();
  }
}

const REGELTYPEN: readonly JuridischeRegelType[] = ['RegelVoorIedereen', 'Instructieregel', 'Omgevingswaarderegel'];
const LOCATIETYPEN: readonly LocatieType[] = ['Gebied', 'Lijn', 'Punt', 'Gebiedengroep', 'Lijnengroep', 'Puntengroep', 'Ambtsgebied'];
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

/** A reference to check once everything is read: from an object in a file to an id of a kind. */
interface Verwijzing {
  bestand: string;
  element: string;
  id: string;
  naar: string;
  soort: 'locatie' | 'activiteit' | 'regeltekst' | 'gebiedsaanwijzing' | 'norm' | 'geometrie' | 'kaart' | 'activiteitlocatieaanduiding';
}

/**
 * The xlink:hrefs under a wrapper element: on its Ref children, whatever their name (KaartRef,
 * GebiedsaanwijzingRef, OmgevingsnormRef, …), or on the wrapper itself, as some IMOW versions
 * write activiteitlocatieweergave.
 */
const hrefsOnder = (wrappers: Element[]) => wrappers.flatMap((w) => (href(w) ? [href(w)] : kindElementen(w, undefined).map(href))).filter(Boolean);

/** Collects IMOW objects from OW files, remembering where each came from for the report. */
class OwLezer {
  private readonly regeltekstWid = new Map<string, string>();
  private readonly regels: (JuridischeRegel & { regeltekstRef: string; kaartRefs: string[] })[] = [];
  private readonly locaties: (Locatie & { geometrieRef?: string })[] = [];
  private readonly activiteiten: Activiteit[] = [];
  private readonly aanwijzingen: Gebiedsaanwijzing[] = [];
  private readonly normen: Norm[] = [];
  private readonly ponsen: Pons[] = [];
  private readonly kaarten: Kaart[] = [];
  /** Identificaties of the ActiviteitLocatieaanduidingen inside juridische regels, which a Kaartlaag can show. */
  private readonly activiteitLocatieaanduidingen = new Set<string>();
  private readonly verwijzingen: Verwijzing[] = [];
  private readonly herkomst = new Map<string, { bestand: string; element: string }>();
  readonly ambtsgebieden: { code: string; bestand: string; id: string }[] = [];
  readonly nietBewaard: Record<string, number> = {};

  constructor(
    private readonly fout: (b: string, e: string, id: string, r: string) => void,
    private readonly tel: (type: string) => void,
  ) {}

  lees(el: Element, bestand: string): void {
    const element = el.localName!;
    const id = tekst(onder(el, 'identificatie'));
    const refs = (soort: Verwijzing['soort'], ...pad: string[]) => {
      const naar = alle(el, ...pad).map(href).filter(Boolean);
      for (const n of naar) this.verwijzingen.push({ bestand, element, id, naar: n, soort });
      return naar;
    };
    if (!id) return void this.fout(bestand, element, '', 'een OW-object zonder identificatie');
    if (this.herkomst.has(id)) return void this.fout(bestand, element, id, `komt ook voor in ${this.herkomst.get(id)!.bestand}`);
    this.herkomst.set(id, { bestand, element });
    this.tel(element);

    if (element === 'Regeltekst') {
      this.regeltekstWid.set(id, el.getAttribute('wId') ?? '');
    } else if (REGELTYPEN.includes(element as JuridischeRegelType)) {
      const regeltekstRef = refs('regeltekst', 'artikelOfLid', 'RegeltekstRef')[0] ?? '';
      const activiteiten = alle(el, 'activiteitaanduiding').map((a) => {
        const activiteit = href(onder(a, 'ActiviteitRef') ?? a);
        if (activiteit) this.verwijzingen.push({ bestand, element, id, naar: activiteit, soort: 'activiteit' });
        const ala = onder(a, 'ActiviteitLocatieaanduiding');
        const alaId = tekst(ala && onder(ala, 'identificatie'));
        if (alaId) this.activiteitLocatieaanduidingen.add(alaId);
        const kwalificatie = begrip(tekst(ala && onder(ala, 'activiteitregelkwalificatie')));
        if (!KWALIFICATIE[kwalificatie]) this.fout(bestand, element, id, `onbekende activiteitregelkwalificatie ${JSON.stringify(kwalificatie)}`);
        const locaties = ala ? alle(ala, 'locatieaanduiding', 'LocatieRef').map(href) : [];
        for (const l of locaties) this.verwijzingen.push({ bestand, element, id, naar: l, soort: 'locatie' });
        return { activiteit, kwalificatie: KWALIFICATIE[kwalificatie] ?? 'anders geduid', ...(locaties.length ? { locaties } : {}) };
      });
      const gebiedsaanwijzingen = refs('gebiedsaanwijzing', 'gebiedsaanwijzing', 'GebiedsaanwijzingRef');
      const normen = [...refs('norm', 'omgevingsnormaanduiding', 'OmgevingsnormRef'), ...refs('norm', 'omgevingswaardeaanduiding', 'OmgevingswaardeRef')];
      const themas = alle(el, 'thema').map((t) => begrip(tekst(t))).filter(Boolean);
      // The kaart a regel is shown on: kept on the kaart, as the artikel or lid it belongs to.
      const kaartRefs = hrefsOnder(alle(el, 'kaartaanduiding'));
      for (const k of kaartRefs) this.verwijzingen.push({ bestand, element, id, naar: k, soort: 'kaart' });
      this.regels.push({
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
    } else if (LOCATIETYPEN.includes(element as LocatieType)) {
      const noemer = tekst(onder(el, 'noemer')) || undefined;
      if (element === 'Ambtsgebied') {
        const code = tekst(onder(el, 'bestuurlijkeGrenzenVerwijzing', 'BestuurlijkeGrenzenVerwijzing', 'bestuurlijkeGrenzenID')).toLowerCase();
        if (!BEVOEGD_GEZAG.test(code)) this.fout(bestand, element, id, `bestuurlijkeGrenzenID ${JSON.stringify(code)} is geen bevoegd gezag`);
        else this.ambtsgebieden.push({ code, bestand, id });
        this.locaties.push({ identificatie: id, type: 'Ambtsgebied', ...(noemer ? { noemer } : {}) });
      } else if (element.endsWith('groep')) {
        const leden = alle(el, 'groepselement').flatMap((g) => kindElementen(g, undefined)).map(href).filter(Boolean);
        for (const l of leden) this.verwijzingen.push({ bestand, element, id, naar: l, soort: 'locatie' });
        this.locaties.push({ identificatie: id, type: element as LocatieType, ...(noemer ? { noemer } : {}), groepselementen: leden });
      } else {
        const geometrieRef = href(onder(el, 'geometrie', 'GeometrieRef') ?? el);
        this.verwijzingen.push({ bestand, element, id, naar: geometrieRef, soort: 'geometrie' });
        this.locaties.push({ identificatie: id, type: element as LocatieType, ...(noemer ? { noemer } : {}), geometrieRef });
      }
    } else if (element === 'Activiteit') {
      const boven = alle(el, 'bovenliggendeActiviteit', 'ActiviteitRef').map(href)[0];
      // The top of a new hierarchy hangs under another bevoegd gezag's activiteit (TPOD1700): not ours to check.
      const code = (x: string) => /^nl\.imow-([^.]+)\./.exec(x)?.[1];
      if (boven && code(boven) === code(id)) this.verwijzingen.push({ bestand, element, id, naar: boven, soort: 'activiteit' });
      this.activiteiten.push({ identificatie: id, naam: tekst(onder(el, 'naam')), groep: begrip(tekst(onder(el, 'groep'))), ...(boven ? { bovenliggendeActiviteit: boven } : {}) });
    } else if (element === 'Gebiedsaanwijzing') {
      this.aanwijzingen.push({
        identificatie: id,
        type: begrip(tekst(onder(el, 'type'))),
        naam: tekst(onder(el, 'naam')),
        groep: begrip(tekst(onder(el, 'groep'))),
        locaties: refs('locatie', 'locatieaanduiding', 'LocatieRef'),
      });
    } else if (element === 'Omgevingsnorm' || element === 'Omgevingswaarde') {
      const normwaarden = alle(el, 'normwaarde', 'Normwaarde').map((w) => {
        const locaties = alle(w, 'locatieaanduiding', 'LocatieRef').map(href);
        for (const l of locaties) this.verwijzingen.push({ bestand, element, id, naar: l, soort: 'locatie' });
        const getal = tekst(onder(w, 'kwantitatieveWaarde'));
        const waarde = getal !== '' && Number.isFinite(Number(getal)) ? Number(getal) : tekst(onder(w, 'kwalitatieveWaarde')) || tekst(onder(w, 'waardeInRegeltekst'));
        return { locaties, waarde };
      });
      const eenheid = begrip(tekst(onder(el, 'eenheid'))) || undefined;
      this.normen.push({ identificatie: id, type: element, naam: tekst(onder(el, 'naam')), groep: begrip(tekst(onder(el, 'groep'))), ...(eenheid ? { eenheid } : {}), normwaarden });
    } else if (element === 'Pons') {
      this.ponsen.push({ identificatie: id, locaties: refs('locatie', 'locatieaanduiding', 'LocatieRef') });
    } else if (element === 'Kaart') {
      this.kaarten.push(this.leesKaart(el, bestand, id));
    } else if (element === 'Kaartlaag') {
      // IMOW writes a Kaartlaag inside the kaartlagen of its Kaart; on its own it belongs to no kaart.
      this.fout(bestand, element, id, 'een Kaartlaag hoort binnen de kaartlagen van een Kaart');
    } else if (NIET_BEWAARD.includes(element)) {
      refs('locatie', 'locatieaanduiding', 'LocatieRef');
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
      const refs = (soort: Verwijzing['soort'], ...wrappers: string[]) => {
        const naar = hrefsOnder(wrappers.flatMap((w) => alle(l, w)));
        for (const n of naar) this.verwijzingen.push({ bestand, element: 'Kaartlaag', id: laagId, naar: n, soort });
        return naar;
      };
      if (!laagId) this.fout(bestand, 'Kaartlaag', id, 'een Kaartlaag zonder identificatie');
      else if (this.herkomst.has(laagId)) this.fout(bestand, 'Kaartlaag', laagId, `komt ook voor in ${this.herkomst.get(laagId)!.bestand}`);
      else this.herkomst.set(laagId, { bestand, element: 'Kaartlaag' });
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

  /**
   * The content as kernen, once every file is read: references resolved, or a fout for each that
   * is not. With it, for each gebied, lijn and punt, the basisgeo:id of its geometry.
   */
  kern(regelteksten: Inhoudskern['regelteksten'], geometrieen: Map<string, { digest: string }>): { kern: Inhoudskern; geometrieVan: Map<string, string> } {
    const soortVan = (id: string) => this.herkomst.get(id)?.element;
    const past: Record<Verwijzing['soort'], (naar: string) => boolean> = {
      locatie: (n) => LOCATIETYPEN.includes(soortVan(n) as LocatieType),
      activiteit: (n) => soortVan(n) === 'Activiteit',
      regeltekst: (n) => soortVan(n) === 'Regeltekst',
      gebiedsaanwijzing: (n) => soortVan(n) === 'Gebiedsaanwijzing',
      norm: (n) => soortVan(n) === 'Omgevingsnorm' || soortVan(n) === 'Omgevingswaarde',
      geometrie: (n) => geometrieen.has(n),
      kaart: (n) => soortVan(n) === 'Kaart',
      activiteitlocatieaanduiding: (n) => this.activiteitLocatieaanduidingen.has(n),
    };
    const naam = {
      locatie: 'locatie',
      activiteit: 'activiteit',
      regeltekst: 'Regeltekst',
      gebiedsaanwijzing: 'gebiedsaanwijzing',
      norm: 'omgevingsnorm of -waarde',
      geometrie: 'geometrie in een GIO van de levering (GeometrieRef)',
      kaart: 'kaart',
      activiteitlocatieaanduiding: 'ActiviteitLocatieaanduiding (in een juridische regel)',
    };
    for (const v of this.verwijzingen) {
      if (!v.naar) this.fout(v.bestand, v.element, v.id, `een lege verwijzing naar een ${naam[v.soort]}`);
      else if (!past[v.soort](v.naar)) this.fout(v.bestand, v.element, v.id, `verwijst naar ${naam[v.soort]} ${v.naar}, die er niet is`);
    }
    for (const [id, wId] of this.regeltekstWid) {
      if (!Object.hasOwn(regelteksten, wId)) this.fout(this.herkomst.get(id)!.bestand, 'Regeltekst', id, `wId ${wId} staat niet in de regelingtekst`);
    }
    const uit: Inhoudskern = { ...legeKern(), regelteksten };
    const geometrieVan = new Map<string, string>();
    const regeltekstenPerKaart = new Map<string, Set<string>>();
    for (const { regeltekstRef, kaartRefs, ...r } of this.regels) {
      const regeltekst = this.regeltekstWid.get(regeltekstRef) ?? regeltekstRef;
      uit.juridischeRegels[r.identificatie] = kernVan('juridischeRegels', { ...r, regeltekst });
      for (const k of kaartRefs) regeltekstenPerKaart.set(k, (regeltekstenPerKaart.get(k) ?? new Set()).add(regeltekst));
    }
    for (const { geometrieRef, ...l } of this.locaties) {
      // The digest of the geometry stands in for it: the kern is the same as that of the whole locatie.
      if (geometrieRef) geometrieVan.set(l.identificatie, geometrieRef);
      uit.locaties[l.identificatie] = kernVan('locaties', l, geometrieRef ? { geometrie: geometrieen.get(geometrieRef)?.digest } : {});
    }
    for (const a of this.activiteiten) uit.activiteiten[a.identificatie] = kernVan('activiteiten', a);
    for (const g of this.aanwijzingen) uit.gebiedsaanwijzingen[g.identificatie] = kernVan('gebiedsaanwijzingen', g);
    for (const n of this.normen) uit.normen[n.identificatie] = kernVan('normen', n);
    for (const p of this.ponsen) uit.ponsen[p.identificatie] = kernVan('ponsen', p);
    for (const k of this.kaarten) {
      // Sorted, so the same delivery gives the same kaart (a later delivery is compared object by object).
      const regelteksten = [...(regeltekstenPerKaart.get(k.identificatie) ?? [])].sort();
      uit.kaarten[k.identificatie] = kernVan('kaarten', regelteksten.length ? { ...k, regelteksten } : k);
    }
    return { kern: uit, geometrieVan };
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
