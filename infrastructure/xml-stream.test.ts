import test from 'ava';
import { XmlFout } from './xml.ts';
import { xmlObjecten } from './xml-stream.ts';

const OW = `<?xml version="1.0"?>
<ow-dc:owBestand xmlns:ow-dc="urn:d" xmlns:l="urn:l" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:schemaLocation="urn:d https://example.org/x.xsd">
  <stand><ow-dc:owObject><l:Gebied><l:identificatie>a</l:identificatie><l:ref xlink:href="x"/></l:Gebied></ow-dc:owObject></stand>
  <stand><ow-dc:owObject><l:Gebied><l:identificatie>b</l:identificatie><![CDATA[<tekst>]]></l:Gebied></ow-dc:owObject></stand>
</ow-dc:owBestand>`;

/** Feeds the text in small pieces, as a stream would, splitting a multi-byte character too. */
async function* inStukken(tekst: string | Buffer, grootte = 7) {
  const bytes = Buffer.isBuffer(tekst) ? tekst : Buffer.from(tekst);
  for (let i = 0; i < bytes.length; i += grootte) yield bytes.subarray(i, i + grootte);
}
const verzamel = async (bron: AsyncIterable<Buffer | string>, opties: Parameters<typeof xmlObjecten>[1]) => {
  const uit = [];
  for await (const el of xmlObjecten(bron, opties)) uit.push(el);
  return uit;
};

test('yields each picked element whole, with namespaces and attributes, from a stream in pieces; tolerates xmlns:schemaLocation', async (t) => {
  const els = await verzamel(inStukken(OW), { isObject: (_u, _l, pad) => pad.at(-1) === 'owObject' });
  t.deepEqual(els.map((e) => [e.localName, e.namespaceURI, e.getElementsByTagNameNS('urn:l', 'identificatie')[0]!.textContent]), [['Gebied', 'urn:l', 'a'], ['Gebied', 'urn:l', 'b']]);
  t.is(els[0]!.getElementsByTagNameNS('urn:l', 'ref')[0]!.getAttributeNS('http://www.w3.org/1999/xlink', 'href'), 'x');
  t.regex(els[1]!.textContent!, /<tekst>/, 'CDATA kept as text');
  const naam = await verzamel(inStukken('<a><naam>Zuiderburen — Locatie</naam></a>', 3), { isObject: (_u, l) => l === 'naam' });
  t.is(naam[0]!.textContent, 'Zuiderburen — Locatie', 'a character split over two pieces');
});

test('malformed XML, another root and bytes that are not UTF-8 each stop it with an XmlFout', async (t) => {
  const fout = await t.throwsAsync(verzamel(inStukken('<a>\n<b></a>'), { isObject: () => false }), { instanceOf: XmlFout });
  t.regex(fout.message, /^2:\d+: /, 'line and column');
  await t.throwsAsync(verzamel(inStukken('<a><b>'), { isObject: () => false }), { instanceOf: XmlFout, message: /unclosed/ });
  await t.throwsAsync(
    verzamel(inStukken('<andere/>'), { isObject: () => false, wortel: (_u, l) => { if (l !== 'owBestand') throw new XmlFout(`niet <${l}>`); } }),
    { instanceOf: XmlFout, message: 'niet <andere>' },
  );
  await t.throwsAsync(verzamel(inStukken(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e])), { isObject: () => false }), { instanceOf: XmlFout, message: /UTF-8/ });
});
