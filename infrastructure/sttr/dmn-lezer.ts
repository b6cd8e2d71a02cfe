import type { Element } from '@xmldom/xmldom';
import { SyntaxError as FeelSyntaxError, evaluate, parseExpression, parseUnaryTests, unaryTest } from '@bpmn-io/feelin';
import {
  HIT_POLICIES,
  type Aanroep,
  type Aggregatie,
  type Beslisregel,
  type Beslissing,
  type Beslistabel,
  type DmnModel,
  type Gegevenstype,
  type HitPolicy,
  type Invoer,
  type Maatregel,
  type Optie,
  type Regelgroep,
  type Uitvoeringsregel,
} from '../../domain/toepasbare-regels/model.ts';
import { XmlFout, kindElementen, leesXml } from '../xml.ts';

/** One problem in a DMN file: the file, the element and the id it is about. */
export interface DmnProbleem {
  bestand: string;
  element: string;
  id: string;
  reden: string;
}

/** A DMN file refused as a whole, with every problem found in it. */
export class DmnFout extends Error {
  override name = 'DmnFout';
  constructor(readonly fouten: DmnProbleem[]) {
    super(`Het DMN-bestand heeft ${fouten.length} fout(en). De eerste: ${fouten[0]!.bestand} ${fouten[0]!.element} ${fouten[0]!.id}: ${fouten[0]!.reden}`);
  }
}

/** The DMN versions by the namespace of their definitions. */
const DMN_VERSIES: Record<string, DmnModel['dmnVersie']> = {
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd': '1.1',
  'http://www.omg.org/spec/DMN/20180521/MODEL/': '1.2',
  'https://www.omg.org/spec/DMN/20191111/MODEL/': '1.3',
};
const STTR = 'http://toepasbare-regels.omgevingswet.overheid.nl/v1.0/';
/** The namespaces behind the prefixes the reader writes its paths with; 'dmn' is any of the three versions. */
const NAAMRUIMTEN = {
  dmn: Object.keys(DMN_VERSIES),
  inter: [`${STTR}Interactieregel`],
  uitv: [`${STTR}Uitvoeringsregel`],
  bedr: [`${STTR}Bedrijfsregel`],
  content: [`${STTR}Content`],
};
/** A step in a path: a prefix of NAAMRUIMTEN and a local name, e.g. 'uitv:vraag'. */
type Stap = `${keyof typeof NAAMRUIMTEN}:${string}`;

// Records rather than lists, so the compiler tells when the model's unions change.
const GEGEVENSTYPEN: Record<Gegevenstype, true> = { boolean: true, number: true, string: true, list: true, date: true };
const AGGREGATIES: Record<Aggregatie, true> = { SUM: true, COUNT: true, MIN: true, MAX: true };
const isGegevenstype = (t: string): t is Gegevenstype => Object.hasOwn(GEGEVENSTYPEN, t);
const isAggregatie = (t: string): t is Aggregatie => Object.hasOwn(AGGREGATIES, t);
const isHitPolicy = (t: string): t is HitPolicy => (HIT_POLICIES as readonly string[]).includes(t);

function kinderen(el: Element | undefined, stap: Stap): Element[] {
  if (!el) return [];
  const [prefix, naam] = stap.split(':') as [keyof typeof NAAMRUIMTEN, string];
  return kindElementen(el, NAAMRUIMTEN[prefix], naam);
}
/** The element at a path of children, taking the first child at each step. */
function onder(el: Element | undefined, ...pad: Stap[]): Element | undefined {
  let huidig = el;
  for (const stap of pad) huidig = kinderen(huidig, stap)[0];
  return huidig;
}
/** Every child at the last step, under the element the path before it leads to. */
const alle = (el: Element | undefined, ...pad: Stap[]): Element[] => kinderen(onder(el, ...pad.slice(0, -1)), pad.at(-1)!);
/** The text as written, only trimmed: the STTR texts are markdown, so line breaks matter. */
const tekst = (el: Element | undefined) => el?.textContent?.trim() ?? '';
const tekstOfNiets = (el: Element | undefined) => tekst(el) || undefined;
const attribuut = (el: Element | undefined, naam: string) => el?.getAttribute(naam)?.trim() ?? '';
/** A DMN href within the file, "#id", as the id. */
const verwijzing = (el: Element) => attribuut(el, 'href').replace(/^#/, '');
/** DMN 1.1 writes the FEEL types as QNames (`feel:boolean`); 1.2 and 1.3 without prefix. */
const typeRef = (el: Element | undefined) => attribuut(el, 'typeRef').replace(/^feel:/, '') || undefined;
/** A number as written; NaN when it is there but not a number, so the caller can say so. */
const getal = (el: Element | undefined) => (el === undefined ? undefined : tekst(el) === '' ? NaN : Number(tekst(el)));

/** The object without its undefined fields: the model leaves out what the file does not say. */
function zonderLeeg<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, w]) => w !== undefined)) as T;
}

/**
 * The problems found in one file, and what checking its FEEL needs: every name a decision may
 * use (inputData and decisions), since FEEL names can hold spaces and only known names parse
 * as one name in every case.
 */
class Controle {
  readonly fouten: DmnProbleem[] = [];
  constructor(
    readonly bestand: string,
    readonly namen: Record<string, null>,
  ) {}

  meld(element: string, id: string, reden: string) {
    this.fouten.push({ bestand: this.bestand, element, id, reden });
  }

  /** Reports a FEEL text that does not parse: unary tests (inputEntry) or an expression. */
  feel(feel: string, soort: 'unaryTests' | 'expressie', element: string, id: string, waar: string) {
    const fout = feelFout(feel, soort, this.namen);
    if (fout) this.meld(element, id, `${waar}: ${JSON.stringify(feel)} is geen geldige FEEL: ${fout}`);
  }

  /** Adds an element to a map by id, reporting a missing or repeated id. */
  voegToe<T extends { id: string }>(map: Record<string, T>, item: T, element: string) {
    if (!item.id) this.meld(element, '', 'heeft geen id');
    else if (Object.hasOwn(map, item.id)) this.meld(element, item.id, 'het id komt meer dan eens voor');
    else map[item.id] = item;
  }
}

/**
 * The parser's complaint about a FEEL text, or undefined when it parses. feelin's parser does not
 * throw: it gives a tree with error nodes, which is what we look for. Its interpreter does throw
 * on the first error node, before it evaluates anything, with the message we pass on.
 */
function feelFout(feel: string, soort: 'unaryTests' | 'expressie', namen: Record<string, null>): string | undefined {
  const boom = soort === 'unaryTests' ? parseUnaryTests(feel, namen, undefined) : parseExpression(feel, namen, undefined);
  let positie: number | undefined;
  boom.iterate({
    enter: (knoop) => {
      if (knoop.type.isError) positie ??= knoop.from;
      return positie === undefined;
    },
  });
  if (positie === undefined) return undefined;
  try {
    if (soort === 'unaryTests') unaryTest(feel, { ...namen, '?': null });
    else evaluate(feel, namen);
  } catch (error) {
    if (error instanceof FeelSyntaxError) return `${error.message} (bij teken ${error.position.from + 1})`;
    throw error;
  }
  return `syntaxfout bij teken ${positie + 1}`;
}

/**
 * Reads a toepasbare-regels file, DMN 1.1, 1.2 or 1.3 with the STTR extensions, into the domain
 * model, and checks it whole: every reference resolves, every rule fills its table, every FEEL
 * text parses, no decision needs itself. Any problem refuses the file, with every problem named
 * by file, element and id, so an author can fix them all in one go.
 */
export function leesDmn(xml: string, bestand: string): DmnModel {
  let root: Element;
  try {
    root = leesXml(xml);
  } catch (error) {
    if (error instanceof XmlFout) throw new DmnFout([{ bestand, element: 'bestand', id: '', reden: `geen geldige XML: ${error.message}` }]);
    throw error;
  }
  const dmnVersie = root.localName === 'definitions' ? DMN_VERSIES[root.namespaceURI ?? ''] : undefined;
  if (!dmnVersie) {
    const reden = `geen DMN-bestand: het hoofdelement is {${root.namespaceURI ?? ''}}${root.localName}, geen definitions van DMN 1.1, 1.2 of 1.3`;
    throw new DmnFout([{ bestand, element: root.localName ?? root.nodeName, id: attribuut(root, 'id'), reden }]);
  }

  const namen: Record<string, null> = {};
  for (const el of [...alle(root, 'dmn:inputData'), ...alle(root, 'dmn:decision')]) namen[attribuut(el, 'name')] = null;
  const controle = new Controle(bestand, namen);

  const regelgroepen = alle(root, 'dmn:extensionElements', 'inter:regelgroepen', 'inter:regelgroep').map((el) => leesRegelgroep(el, controle));
  const groepen = new Set(regelgroepen.map((g) => g.id));

  const uitvoeringsregels: Record<string, Uitvoeringsregel> = {};
  for (const el of alle(root, 'dmn:extensionElements', 'uitv:uitvoeringsregels', 'uitv:uitvoeringsregel')) {
    controle.voegToe(uitvoeringsregels, leesUitvoeringsregel(el, groepen, controle), 'uitvoeringsregel');
  }

  const invoer: Record<string, Invoer> = {};
  for (const el of alle(root, 'dmn:inputData')) controle.voegToe(invoer, leesInvoer(el, uitvoeringsregels, controle), 'inputData');

  const beslissingen: Record<string, Beslissing> = {};
  for (const el of alle(root, 'dmn:decision')) controle.voegToe(beslissingen, leesBeslissing(el, controle), 'decision');
  for (const b of Object.values(beslissingen)) {
    for (const id of b.vereisteBeslissingen) {
      if (!Object.hasOwn(beslissingen, id)) controle.meld('requiredDecision', b.id, `verwijst naar beslissing #${id} die niet bestaat`);
    }
    for (const id of b.vereisteInvoer) {
      if (!Object.hasOwn(invoer, id)) controle.meld('requiredInput', b.id, `verwijst naar inputData #${id} die niet bestaat`);
    }
  }
  // The model does not keep the knowledge sources, but a dangling reference in them is still a broken file.
  for (const bron of alle(root, 'dmn:knowledgeSource')) {
    for (const eis of kinderen(bron, 'dmn:authorityRequirement')) {
      for (const r of kinderen(eis, 'dmn:requiredDecision')) {
        if (!Object.hasOwn(beslissingen, verwijzing(r))) controle.meld('requiredDecision', attribuut(bron, 'id'), `verwijst naar beslissing #${verwijzing(r)} die niet bestaat`);
      }
      for (const r of kinderen(eis, 'dmn:requiredInput')) {
        if (!Object.hasOwn(invoer, verwijzing(r))) controle.meld('requiredInput', attribuut(bron, 'id'), `verwijst naar inputData #${verwijzing(r)} die niet bestaat`);
      }
    }
  }
  zoekKringen(beslissingen, controle);

  // Maatregelen stand in the definitions' extensionElements in the files we have; STTR does not fix the place, so any place counts.
  const maatregelen = Array.from(root.getElementsByTagNameNS(NAAMRUIMTEN.content[0]!, 'maatregel')).map((el) => leesMaatregel(el, controle));
  const gezien = new Set<string>();
  for (const m of maatregelen) {
    if (gezien.has(m.id)) controle.meld('maatregel', m.id, 'het id komt meer dan eens voor');
    gezien.add(m.id);
  }

  if (controle.fouten.length) throw new DmnFout(controle.fouten);
  return {
    id: attribuut(root, 'id'),
    naam: attribuut(root, 'name'),
    namespace: attribuut(root, 'namespace'),
    dmnVersie,
    regelgroepen,
    uitvoeringsregels,
    invoer,
    beslissingen,
    maatregelen,
  };
}

function leesRegelgroep(el: Element, controle: Controle): Regelgroep {
  const id = attribuut(el, 'id');
  const prioriteit = getal(onder(el, 'inter:prioriteit'));
  if (prioriteit === undefined || Number.isNaN(prioriteit)) controle.meld('prioriteit', id, 'de regelgroep heeft geen prioriteit die een getal is');
  return { id, naam: tekst(onder(el, 'inter:naam')), prioriteit: prioriteit ?? NaN };
}

function leesGegevenstype(el: Element | undefined, id: string, controle: Controle): Gegevenstype {
  const type = tekst(el);
  if (isGegevenstype(type)) return type;
  controle.meld('gegevensType', id, `onbekend gegevensType ${JSON.stringify(type)} (${Object.keys(GEGEVENSTYPEN).join(', ')})`);
  return 'string';
}

function leesUitvoeringsregel(el: Element, groepen: Set<string>, controle: Controle): Uitvoeringsregel {
  const id = attribuut(el, 'id');
  const groepRef = onder(el, 'uitv:regelgroepRef');
  const regelgroep = groepRef && verwijzing(groepRef);
  if (regelgroep !== undefined && !groepen.has(regelgroep)) controle.meld('regelgroepRef', id, `verwijst naar regelgroep #${regelgroep} die niet bestaat`);
  const prioriteit = getal(onder(el, 'inter:prioriteit'));
  if (Number.isNaN(prioriteit)) controle.meld('prioriteit', id, `de prioriteit ${JSON.stringify(tekst(onder(el, 'inter:prioriteit')))} is geen getal`);

  const vraag = onder(el, 'uitv:vraag');
  const voorbehoud = onder(el, 'uitv:vasteWaardeVoorbehoud');
  const vast = onder(el, 'uitv:vasteWaarde') ?? onder(voorbehoud, 'uitv:vasteWaarde');
  const geo = onder(el, 'uitv:geoVerwijzing');
  const bijlage = onder(el, 'uitv:bijlage');
  const toelichting = onder(el, 'content:uitvoeringsregelToelichting');
  return zonderLeeg<Uitvoeringsregel>({
    id,
    regelgroep,
    prioriteit,
    vraag: vraag && leesVraag(vraag, id, controle),
    vasteWaarde: vast && zonderLeeg({
      vraag: tekst(onder(vast, 'uitv:waardeVraag')),
      waarde: tekst(onder(vast, 'uitv:waarde')),
      gegevensType: leesGegevenstype(onder(vast, 'uitv:gegevensType'), id, controle),
      voorbehoud: tekstOfNiets(onder(voorbehoud, 'uitv:tekstVoorbehoud')),
    }),
    geoVerwijzing: geo && { locatie: attribuut(onder(geo, 'uitv:locatie'), 'identificatie'), vraag: tekst(onder(geo, 'uitv:vraagTekst')) },
    bijlage: bijlage && { type: tekst(onder(bijlage, 'uitv:bijlageType')) },
    toelichting: tekstOfNiets(onder(toelichting, 'content:toelichting')),
    langeToelichting: tekstOfNiets(onder(toelichting, 'content:langeToelichting')),
  });
}

function leesVraag(el: Element, id: string, controle: Controle): NonNullable<Uitvoeringsregel['vraag']> {
  const vraag: NonNullable<Uitvoeringsregel['vraag']> = {
    gegevensType: leesGegevenstype(onder(el, 'uitv:gegevensType'), id, controle),
    tekst: tekst(onder(el, 'uitv:vraagTekst')),
  };
  const opties = onder(el, 'uitv:opties');
  if (!opties) return vraag;
  const optieType = tekst(onder(opties, 'uitv:optieType'));
  if (optieType !== 'enkelAntwoord' && optieType !== 'meerdereAntwoorden') {
    controle.meld('optieType', id, `onbekend optieType ${JSON.stringify(optieType)} (enkelAntwoord of meerdereAntwoorden)`);
  }
  vraag.meerdereAntwoorden = optieType === 'meerdereAntwoorden';
  vraag.opties = kinderen(opties, 'uitv:optie').map((optie): Optie => {
    const volgnummer = getal(onder(optie, 'uitv:sequenceId'));
    if (volgnummer === undefined || Number.isNaN(volgnummer)) controle.meld('optie', id, `de optie ${JSON.stringify(tekst(onder(optie, 'uitv:optieText')))} heeft geen sequenceId die een getal is`);
    return zonderLeeg({
      volgnummer: volgnummer ?? NaN,
      tekst: tekst(onder(optie, 'uitv:optieText')),
      toelichting: tekstOfNiets(onder(optie, 'content:uitvoeringsregelToelichting', 'content:toelichting')),
    });
  });
  return vraag;
}

function leesInvoer(el: Element, uitvoeringsregels: Record<string, Uitvoeringsregel>, controle: Controle): Invoer {
  const id = attribuut(el, 'id');
  const ref = onder(el, 'dmn:extensionElements', 'uitv:uitvoeringsregelRef');
  const uitvoeringsregel = ref && verwijzing(ref);
  if (uitvoeringsregel !== undefined && !Object.hasOwn(uitvoeringsregels, uitvoeringsregel)) {
    controle.meld('uitvoeringsregelRef', id, `verwijst naar uitvoeringsregel #${uitvoeringsregel} die niet bestaat`);
  }
  return zonderLeeg({ id, naam: attribuut(el, 'name'), typeRef: typeRef(onder(el, 'dmn:variable')), uitvoeringsregel });
}

function leesBeslissing(el: Element, controle: Controle): Beslissing {
  const id = attribuut(el, 'id');
  const vereisten = kinderen(el, 'dmn:informationRequirement');
  const structuur = onder(el, 'dmn:extensionElements', 'bedr:functioneleStructuurRef');
  return zonderLeeg({
    id,
    naam: attribuut(el, 'name'),
    typeRef: typeRef(onder(el, 'dmn:variable')),
    vereisteBeslissingen: vereisten.flatMap((v) => kinderen(v, 'dmn:requiredDecision')).map(verwijzing),
    vereisteInvoer: vereisten.flatMap((v) => kinderen(v, 'dmn:requiredInput')).map(verwijzing),
    // Not a reference within the file but a concept URI, written with or without a leading '#'.
    functioneleStructuur: (structuur && verwijzing(structuur)) || undefined,
    logica: leesLogica(el, id, controle),
  });
}

function leesLogica(el: Element, id: string, controle: Controle): Beslissing['logica'] {
  const tabel = onder(el, 'dmn:decisionTable');
  if (tabel) return leesBeslistabel(tabel, id, controle);
  const expressie = onder(el, 'dmn:literalExpression');
  if (expressie) {
    const feel = tekst(onder(expressie, 'dmn:text'));
    controle.feel(feel, 'expressie', 'literalExpression', id, `beslissing ${id}`);
    return { soort: 'expressie', tekst: feel };
  }
  const aanroep = onder(el, 'dmn:invocation');
  if (aanroep) return leesAanroep(aanroep, id, controle);
  controle.meld('decision', id, 'heeft geen decisionTable, literalExpression of invocation (andere soorten logica leest deze lezer niet)');
  return { soort: 'expressie', tekst: '' };
}

function leesBeslistabel(el: Element, beslissing: string, controle: Controle): Beslistabel {
  const hitPolicy = attribuut(el, 'hitPolicy') || 'UNIQUE';
  if (!isHitPolicy(hitPolicy)) controle.meld('decisionTable', beslissing, `onbekende hitPolicy ${JSON.stringify(hitPolicy)}`);
  const aggregatie = attribuut(el, 'aggregation') || undefined;
  if (aggregatie !== undefined && !isAggregatie(aggregatie)) controle.meld('decisionTable', beslissing, `onbekende aggregation ${JSON.stringify(aggregatie)}`);

  const invoer = kinderen(el, 'dmn:input').map((input) => {
    const id = attribuut(input, 'id');
    const expressie = onder(input, 'dmn:inputExpression');
    const feel = tekst(onder(expressie, 'dmn:text'));
    controle.feel(feel, 'expressie', 'inputExpression', id || beslissing, `beslissing ${beslissing}`);
    return zonderLeeg({ id, expressie: feel, typeRef: typeRef(expressie) });
  });

  const uitvoer = kinderen(el, 'dmn:output').map((output) => {
    const id = attribuut(output, 'id');
    const waarden = onder(output, 'dmn:outputValues', 'dmn:text');
    return zonderLeeg({
      id,
      naam: attribuut(output, 'name') || undefined,
      typeRef: typeRef(output),
      waarden: waarden && leesWaarden(tekst(waarden), id || beslissing, beslissing, controle),
    });
  });

  const regels = kinderen(el, 'dmn:rule').map((rule): Beslisregel => {
    const id = attribuut(rule, 'id');
    const invoerEntries = kinderen(rule, 'dmn:inputEntry');
    const uitvoerEntries = kinderen(rule, 'dmn:outputEntry');
    if (invoerEntries.length !== invoer.length) {
      controle.meld('rule', id, `beslissing ${beslissing}: de regel heeft ${invoerEntries.length} inputEntry, de tabel ${invoer.length} input`);
    }
    if (uitvoerEntries.length !== uitvoer.length) {
      controle.meld('rule', id, `beslissing ${beslissing}: de regel heeft ${uitvoerEntries.length} outputEntry, de tabel ${uitvoer.length} output`);
    }
    const regel = zonderLeeg<Beslisregel>({
      id,
      invoer: invoerEntries.map((e) => tekst(onder(e, 'dmn:text'))),
      uitvoer: uitvoerEntries.map((e) => tekst(onder(e, 'dmn:text'))),
      annotaties: kinderen(rule, 'dmn:annotationEntry').map((e) => tekst(onder(e, 'dmn:text'))),
      toelichting: uitvoerEntries.map((e) => tekstOfNiets(onder(e, 'dmn:extensionElements', 'content:conclusieToelichting', 'content:toelichting'))).find((t) => t !== undefined),
    });
    regel.invoer.forEach((feel, i) => controle.feel(feel, 'unaryTests', 'inputEntry', id, `beslissing ${beslissing}, invoer ${i + 1}`));
    regel.uitvoer.forEach((feel, i) => controle.feel(feel, 'expressie', 'outputEntry', id, `beslissing ${beslissing}, uitvoer ${i + 1}`));
    return regel;
  });

  return zonderLeeg<Beslistabel>({ soort: 'beslistabel', hitPolicy: hitPolicy as HitPolicy, aggregatie: aggregatie as Aggregatie | undefined, invoer, uitvoer, regels });
}

/**
 * outputValues as the literals they list, as written: `"a","b"` → ['"a"', '"b"']. They are unary
 * tests, so the FEEL parser splits them, which knows commas in strings and ranges like ]1..2[.
 */
function leesWaarden(feel: string, id: string, beslissing: string, controle: Controle): string[] {
  const fout = feelFout(feel, 'unaryTests', controle.namen);
  if (fout) {
    controle.meld('outputValues', id, `beslissing ${beslissing}: ${JSON.stringify(feel)} is geen geldige FEEL: ${fout}`);
    return [feel];
  }
  const lijst = parseUnaryTests(feel, controle.namen, undefined).topNode.getChild('PositiveUnaryTests');
  // Only a plain list splits; a negation or "-" stays one text.
  if (!lijst || lijst.from !== 0 || lijst.to !== feel.length) return [feel];
  return lijst.getChildren('PositiveUnaryTest').map((t) => feel.slice(t.from, t.to).trim());
}

/** An invocation of a decision in another model, STTR's aansluitpunt: the model and the decision, by name. */
function leesAanroep(el: Element, beslissing: string, controle: Controle): Aanroep {
  const binding = (parameter: string) => {
    const b = kinderen(el, 'dmn:binding').find((b) => attribuut(onder(b, 'dmn:parameter'), 'name') === parameter);
    const feel = tekst(onder(b, 'dmn:literalExpression', 'dmn:text'));
    // A FEEL string literal, evaluated only to undo its escapes.
    if (/^"(?:[^"\\]|\\.)*"$/s.test(feel)) return evaluate(feel).value as string;
    controle.meld('invocation', beslissing, b ? `de binding ${JSON.stringify(parameter)} is geen FEEL-tekst tussen aanhalingstekens: ${JSON.stringify(feel)}` : `de binding ${JSON.stringify(parameter)} ontbreekt`);
    return '';
  };
  return { soort: 'aanroep', model: binding('model name'), beslissing: binding('decision name') };
}

function leesMaatregel(el: Element, controle: Controle): Maatregel {
  const id = attribuut(el, 'id');
  const volgorde = getal(onder(el, 'content:volgorde'));
  if (Number.isNaN(volgorde)) controle.meld('maatregel', id, `de volgorde ${JSON.stringify(tekst(onder(el, 'content:volgorde')))} is geen getal`);
  return zonderLeeg({
    id,
    nummer: tekst(onder(el, 'content:nummer')),
    tekst: tekst(onder(el, 'content:maatregeltekst')),
    toelichting: tekstOfNiets(onder(el, 'content:toelichting')),
    frequentie: tekstOfNiets(onder(el, 'content:frequentie')),
    volgorde,
    kenmerk: tekstOfNiets(onder(el, 'content:kenmerk')),
    // The model has one thema; a maatregel may name more (m0086 does), and then the first is kept.
    thema: tekstOfNiets(onder(el, 'content:thema')),
  });
}

/** Decisions that need themselves through others: each cycle once, named where the walk closes it. */
function zoekKringen(beslissingen: Record<string, Beslissing>, controle: Controle) {
  const klaar = new Set<string>();
  const pad: string[] = [];
  const bezoek = (id: string) => {
    if (klaar.has(id)) return;
    const begin = pad.indexOf(id);
    if (begin >= 0) {
      const kring = [...pad.slice(begin), id].map((k) => JSON.stringify(beslissingen[k]!.naam)).join(' → ');
      controle.meld('decision', id, `hangt van zichzelf af: ${kring}`);
      return;
    }
    pad.push(id);
    for (const nodig of beslissingen[id]!.vereisteBeslissingen) if (Object.hasOwn(beslissingen, nodig)) bezoek(nodig);
    pad.pop();
    klaar.add(id);
  };
  for (const id of Object.keys(beslissingen)) bezoek(id);
}
