import { DOMImplementation, type Element } from '@xmldom/xmldom';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { XmlFout } from './xml.ts';

/** Where an element of interest is: the local names of its ancestors, root first. */
export type XmlPad = readonly string[];

export interface XmlObjectOpties {
  /** Which elements to hand over whole (namespace URI, local name, ancestors). */
  isObject: (uri: string, local: string, pad: XmlPad) => boolean;
  /** Called with the root element; throw to refuse the document (another kind of file). */
  wortel?: (uri: string, local: string) => void;
}

/**
 * A copy of a string that does not point into the string it was cut from. The parser's texts are
 * slices of the chunk they were read in; an id kept from one would keep the whole 64 KB chunk
 * alive, and with it, in the end, the file.
 */
const eigen = (tekst: string) => (' ' + tekst).slice(1);

/**
 * Reads XML from a stream with a streaming, namespace-aware parser (saxes) and yields the
 * elements `isObject` picks, one at a time, each as an xmldom element with its subtree, so the
 * readers of GML and IMOW can walk it as a DOM. Nothing else of the document is kept: memory
 * stays at the size of the largest object, whatever the size of the file. Malformed XML stops
 * it with an `XmlFout` naming line and column.
 */
export async function* xmlObjecten(bron: AsyncIterable<Buffer | string>, opties: XmlObjectOpties): AsyncGenerator<Element> {
  const doc = new DOMImplementation().createDocument(null, 'objecten');
  const parser = new SaxesParser({ xmlns: true, position: true });
  const pad: string[] = [];
  const klaar: Element[] = [];
  // The object being built, and its open elements (innermost last).
  const open: Element[] = [];
  let fout: XmlFout | undefined;

  parser.on('error', (e) => {
    fout ??= new XmlFout(e.message);
  });
  parser.on('opentag', (tag) => {
    const t = tag as SaxesTagNS;
    if (pad.length === 0 && opties.wortel) {
      try {
        opties.wortel(t.uri, t.local);
      } catch (error) {
        fout ??= error instanceof XmlFout ? error : new XmlFout((error as Error).message);
      }
    }
    if (open.length > 0 || opties.isObject(t.uri, t.local, pad)) {
      const el = doc.createElementNS(t.uri || null, t.name);
      for (const a of Object.values(t.attributes)) {
        if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
        el.setAttributeNS(a.uri || null, a.name, eigen(a.value));
      }
      open.at(-1)?.appendChild(el);
      open.push(el);
    }
    pad.push(t.local);
  });
  parser.on('text', (tekst) => {
    if (open.length > 0) open.at(-1)!.appendChild(doc.createTextNode(eigen(tekst)));
  });
  parser.on('cdata', (tekst) => {
    if (open.length > 0) open.at(-1)!.appendChild(doc.createTextNode(eigen(tekst)));
  });
  parser.on('closetag', () => {
    pad.pop();
    if (open.length === 0) return;
    const el = open.pop()!;
    if (open.length === 0) klaar.push(el);
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lever = function* () {
    if (fout) throw fout;
    while (klaar.length > 0) yield klaar.shift()!;
  };
  try {
    for await (const stuk of bron) {
      parser.write(typeof stuk === 'string' ? stuk : decoder.decode(stuk, { stream: true }));
      yield* lever();
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof XmlFout) throw error;
    if (error instanceof TypeError && /encoded data|decode/i.test(error.message)) throw new XmlFout('het bestand is geen geldige UTF-8');
    throw new XmlFout((error as Error).message);
  }
  yield* lever();
}
