import type { Element } from '@xmldom/xmldom';
import { PLANOBJECTTYPEN, type Bestemmingsplan, type Planobject, type Planobjecttype, type Planstatus } from '../../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import { GmlError, gmlNaarGeoJson } from '../gml/gml-geometrie.ts';
import { XmlFout, kindElementen, leesXml } from '../xml.ts';

/** IMRO2012 namespaces (versions 1.0 and 1.1 of the schema). */
const IMRO = ['http://www.geonovum.nl/imro/2012/1.1', 'http://www.geonovum.nl/imro/2012/1.0'];
const GML_ID = ['http://www.opengis.net/gml/3.2', 'http://www.opengis.net/gml'];
const XLINK = 'http://www.w3.org/1999/xlink';

/** A problem in an IMRO file, with the element and id it is about. */
export interface ImroFout {
  element: string;
  id: string;
  reden: string;
}

export class ImroError extends Error {
  override name = 'ImroError';
  constructor(
    message: string,
    readonly fouten: ImroFout[],
  ) {
    super(message);
  }
}

const isImro = (el: Element) => IMRO.includes(el.namespaceURI ?? '');
const kinderen = (el: Element, naam?: string) => kindElementen(el, IMRO, naam);

const tekst = (el: Element, naam: string) => kinderen(el, naam)[0]?.textContent?.trim() || undefined;

function gmlId(el: Element): string {
  for (const ns of GML_ID) {
    const id = el.getAttributeNS(ns, 'id');
    if (id) return id;
  }
  return '';
}

/** Feature types read (Bestemmingsplangebied and the planobjecten); metadata is skipped. */
const OVERGESLAGEN = ['MetadataIMRObestand'];

/**
 * Reads an IMRO2012 FeatureCollectionIMRO (a bestemmingsplan) into the domain's plan. Every
 * problem (malformed XML, unknown feature type, missing geometry, wrong CRS) is collected with
 * its element and id; any problem refuses the whole file.
 */
export function leesImroPlan(xml: string): Bestemmingsplan {
  let root: Element;
  try {
    root = leesXml(xml);
  } catch (error) {
    if (!(error instanceof XmlFout)) throw error;
    throw new ImroError(`Geen geldige XML: ${error.message}`, [{ element: 'bestand', id: '', reden: error.message }]);
  }
  if (root.localName !== 'FeatureCollectionIMRO' || !isImro(root)) {
    throw new ImroError(`Geen IMRO2012-bestand: het begint met <${root.tagName}>`, [{ element: root.tagName, id: '', reden: 'verwacht imro:FeatureCollectionIMRO' }]);
  }
  const fouten: ImroFout[] = [];
  const geometrie = (el: Element, id: string) => {
    const g = kinderen(el, 'geometrie')[0];
    const gml = g && kindElementen(g, undefined)[0];
    if (!gml) {
      fouten.push({ element: el.localName!, id, reden: 'zonder geometrie' });
      return undefined;
    }
    try {
      return gmlNaarGeoJson(gml);
    } catch (error) {
      if (!(error instanceof GmlError)) throw error;
      fouten.push({ element: el.localName!, id, reden: error.message });
      return undefined;
    }
  };

  let gebied: Element | undefined;
  const objecten: Planobject[] = [];
  for (const lid of kinderen(root, 'featureMember')) {
    const f = kinderen(lid)[0];
    if (!f || OVERGESLAGEN.includes(f.localName!)) continue;
    const id = gmlId(f);
    if (f.localName === 'Bestemmingsplangebied') {
      gebied = f;
      continue;
    }
    if (!PLANOBJECTTYPEN.includes(f.localName as Planobjecttype)) {
      fouten.push({ element: f.localName!, id, reden: `onbekend objecttype ${f.localName}` });
      continue;
    }
    const g = geometrie(f, id);
    const vlakken = kinderen(f, 'bestemmingsvlak').map((v) => (v.getAttributeNS(XLINK, 'href') ?? '').replace(/^#/, '')).filter(Boolean);
    const waarden = kinderen(f, 'maatvoeringInfo')
      .flatMap((m) => kinderen(m, 'WaardeEnType'))
      .map((w) => ({ waardeType: tekst(w, 'waardeType') ?? '', waarde: tekst(w, 'waarde') ?? '' }));
    if (!g) continue;
    objecten.push({
      identificatie: id,
      type: f.localName as Planobjecttype,
      naam: tekst(f, 'naam') ?? '',
      ...(tekst(f, 'bestemmingshoofdgroep') ? { bestemmingshoofdgroep: tekst(f, 'bestemmingshoofdgroep') } : {}),
      ...(tekst(f, 'artikelnummer') ? { artikelnummer: tekst(f, 'artikelnummer') } : {}),
      ...(vlakken.length ? { bestemmingsvlakken: vlakken } : {}),
      ...(waarden.length ? { waarden } : {}),
      geometrie: g,
    });
  }
  if (!gebied) fouten.push({ element: 'Bestemmingsplangebied', id: '', reden: 'het bestand heeft geen Bestemmingsplangebied' });
  const planId = gebied ? gmlId(gebied) : '';
  const status = gebied && kinderen(gebied, 'planstatusInfo').flatMap((p) => kinderen(p, 'PlanstatusEnDatum'))[0];
  const plangeometrie = gebied && geometrie(gebied, planId);
  const code = gebied && tekst(gebied, 'overheidsCode');
  if (gebied && !status) fouten.push({ element: 'Bestemmingsplangebied', id: planId, reden: 'zonder planstatus en datum' });
  if (gebied && !code) fouten.push({ element: 'Bestemmingsplangebied', id: planId, reden: 'zonder overheidsCode' });
  if (fouten.length > 0 || !gebied || !status || !plangeometrie) {
    throw new ImroError(`Het IMRO-bestand heeft ${fouten.length} fout(en); de eerste: ${fouten[0]!.element} ${fouten[0]!.id}: ${fouten[0]!.reden}`, fouten);
  }
  return {
    identificatie: planId,
    naam: tekst(gebied, 'naam') ?? planId,
    typePlan: tekst(gebied, 'typePlan') ?? 'bestemmingsplan',
    planstatus: (tekst(status, 'planstatus') ?? '') as Planstatus,
    datum: tekst(status, 'datum') ?? '',
    bevoegdGezag: `gm${code}`,
    geometrie: plangeometrie,
    objecten,
  };
}
