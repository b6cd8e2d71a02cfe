import type { Element } from '@xmldom/xmldom';

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
