import { DOMParser, type Element } from '@xmldom/xmldom';

/**
 * The child elements of `el` in one of `namespaces` (any namespace when none are given), all
 * or only those with a local name: what every reader of namespaced XML here walks with.
 */
export function kindElementen(el: Element, namespaces: readonly string[] | undefined, localName?: string): Element[] {
  const uit: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    const k = n as Element;
    if (n.nodeType === 1 && (!namespaces || namespaces.includes(k.namespaceURI ?? '')) && (localName === undefined || k.localName === localName)) uit.push(k);
  }
  return uit;
}

/** XML that is not well-formed; `message` is the parser's first complaint. */
export class XmlFout extends Error {
  override name = 'XmlFout';
}

/**
 * Parses XML text with namespaces (xmldom) to its document element. The first error (not a
 * warning) stops it, with the parser's own words: xmldom would wrap a thrown error in a
 * sentence of its own.
 */
export function leesXml(xml: string): Element {
  let eerste: string | undefined;
  let root: Element | null | undefined;
  try {
    root = new DOMParser({
      onError: (level, message) => {
        if (level === 'warning') return;
        eerste ??= message;
        throw new XmlFout(message);
      },
    }).parseFromString(xml, 'text/xml').documentElement;
  } catch (error) {
    throw new XmlFout(eerste ?? (error as Error).message);
  }
  if (!root) throw new XmlFout('het bestand heeft geen hoofdelement');
  return root;
}
