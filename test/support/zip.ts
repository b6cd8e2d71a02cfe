import { crc32 } from 'node:zlib';

/**
 * A zip of stored (uncompressed) entries, written by hand so a test can make what no zip tool
 * would: entry names with `../` in them, say.
 */
export function maakZip(entries: { naam: string; data: Buffer | string }[]): Buffer {
  const lokaal: Buffer[] = [];
  const centraal: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const naam = Buffer.from(e.naam);
    const crc = crc32(data);
    const kop = Buffer.alloc(30);
    kop.writeUInt32LE(0x04034b50, 0);
    kop.writeUInt16LE(20, 4);
    kop.writeUInt16LE(0x0800, 6); // UTF-8 names
    kop.writeUInt32LE(crc, 14);
    kop.writeUInt32LE(data.length, 18);
    kop.writeUInt32LE(data.length, 22);
    kop.writeUInt16LE(naam.length, 26);
    lokaal.push(kop, naam, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(naam.length, 28);
    c.writeUInt32LE(offset, 42);
    centraal.push(c, naam);
    offset += 30 + naam.length + data.length;
  }
  const dir = Buffer.concat(centraal);
  const eind = Buffer.alloc(22);
  eind.writeUInt32LE(0x06054b50, 0);
  eind.writeUInt16LE(entries.length, 8);
  eind.writeUInt16LE(entries.length, 10);
  eind.writeUInt32LE(dir.length, 12);
  eind.writeUInt32LE(offset, 16);
  return Buffer.concat([...lokaal, dir, eind]);
}
