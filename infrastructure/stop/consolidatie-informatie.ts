import type { Element } from '@xmldom/xmldom';
import type { Levering, SoortTijdstempel, Tijdstip } from '../../domain/tijd/toestanden.ts';
import { XmlFout, kindElementen, leesXml } from '../xml.ts';

/** The STOP namespace of ConsolidatieInformatie (imop-data). */
export const STOP_DATA = 'https://standaarden.overheid.nl/stop/imop/data/';

export class StopXmlError extends Error {
  override name = 'StopXmlError';
}

const SOORTEN: readonly SoortTijdstempel[] = ['juridischWerkendVanaf', 'geldigVanaf'];

/** Child elements in the STOP namespace, all or those with one local name. */
const children = (parent: Element, localName?: string) => kindElementen(parent, [STOP_DATA], localName);

const child = (parent: Element, localName: string) => children(parent, localName)[0];
const all = (parent: Element, ...path: string[]): Element[] =>
  path.reduce<Element[]>((level, name) => level.flatMap((el) => children(el, name)), [parent]);

function text(parent: Element, localName: string, where: string): string {
  const value = child(parent, localName)?.textContent?.trim();
  if (!value) throw new StopXmlError(`${where}: <${localName}> is missing or empty`);
  return value;
}

const DATUM = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads one ConsolidatieInformatie document into a delivery of the time model. `ontvangenOp`
 * is when this system received it; bekendOp is the date of its gemaaktOp (as the STOP
 * simulator has it for a publication).
 */
export function leesConsolidatieInformatie(xml: string, ontvangenOp?: Tijdstip): Levering & { gemaaktOp: Tijdstip } {
  let root: Element;
  try {
    root = leesXml(xml);
  } catch (error) {
    throw error instanceof XmlFout ? new StopXmlError(`Malformed XML: ${error.message}`) : error;
  }
  if (root.localName !== 'ConsolidatieInformatie' || root.namespaceURI !== STOP_DATA) {
    throw new StopXmlError(`Not a STOP ConsolidatieInformatie: root is <${root.tagName}> in ${root.namespaceURI ?? 'no namespace'}`);
  }
  const gemaaktOpTekst = text(root, 'gemaaktOp', 'ConsolidatieInformatie');
  const gemaaktOp = new Date(gemaaktOpTekst);
  if (Number.isNaN(gemaaktOp.getTime())) throw new StopXmlError(`gemaaktOp is not a date-time: ${gemaaktOpTekst}`);

  // A BeoogdeRegeling lists <doelen><doel>; an Intrekking names one <doel>.
  const doelen = (el: Element) => [...all(el, 'doelen', 'doel'), ...children(el, 'doel')].map((d) => d.textContent!.trim());
  const beoogd = [...all(root, 'BeoogdeRegelgeving', 'BeoogdeRegeling'), ...all(root, 'BeoogdeRegelgeving', 'BeoogdInformatieobject')];
  const soortVan = (t: Element) => {
    const soort = text(t, 'soortTijdstempel', t.tagName) as SoortTijdstempel;
    if (!SOORTEN.includes(soort)) throw new StopXmlError(`${t.tagName}: unknown soortTijdstempel ${soort}`);
    return soort;
  };
  const tijdstempels = all(root, 'Tijdstempels', 'Tijdstempel').map((t) => {
    const soort = soortVan(t);
    const datum = text(t, 'datum', 'Tijdstempel');
    if (!DATUM.test(datum)) throw new StopXmlError(`Tijdstempel: datum ${datum} is not a date`);
    return { doel: text(t, 'doel', 'Tijdstempel'), soort, datum };
  });
  // STOP puts TerugtrekkingTijdstempel in <Terugtrekkingen>; earlier this reader looked in <Tijdstempels>, still accepted.
  // TerugtrekkingMaterieelUitgewerkt is not read, as MaterieelUitgewerkt is not.
  const terugtrekkingenTijdstempel = [...all(root, 'Terugtrekkingen', 'TerugtrekkingTijdstempel'), ...all(root, 'Tijdstempels', 'TerugtrekkingTijdstempel')];
  const terugtrekkingen = ['TerugtrekkingRegeling', 'TerugtrekkingIntrekking', 'TerugtrekkingInformatieobject'].flatMap((naam) => all(root, 'Terugtrekkingen', naam));
  return {
    gemaaktOp: gemaaktOp.toISOString(),
    ontvangenOp: ontvangenOp ?? gemaaktOp.toISOString(),
    bekendOp: gemaaktOp.toISOString().slice(0, 10),
    beoogdeVersies: beoogd.map((b) => {
      const basisversies = all(b, 'gemaaktOpBasisVan', 'Basisversie').map((v) => {
        const op = text(v, 'gemaaktOp', 'Basisversie');
        if (Number.isNaN(Date.parse(op))) throw new StopXmlError(`Basisversie: gemaaktOp is not a date-time: ${op}`);
        return { doel: text(v, 'doel', 'Basisversie'), gemaaktOp: new Date(op).toISOString() };
      });
      return { doelen: doelen(b), instrumentversie: text(b, 'instrumentVersie', b.tagName), ...(basisversies.length ? { basisversies } : {}) };
    }),
    intrekkingen: all(root, 'Intrekkingen').flatMap((i) => [...children(i, 'Intrekking'), ...children(i, 'IntrekkingInformatieobject')])
      .map((i) => ({ doelen: doelen(i), instrument: text(i, 'instrument', 'Intrekking') })),
    tijdstempels,
    terugtrekkingenTijdstempel: terugtrekkingenTijdstempel.map((t) => ({ doel: text(t, 'doel', 'TerugtrekkingTijdstempel'), soort: soortVan(t) })),
    terugtrekkingen: terugtrekkingen.map((t) => ({ doel: text(t, 'doel', t.tagName), instrument: text(t, 'instrument', t.tagName) })),
  };
}
