import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A problem with a delivery as a whole or with one of its files, naming the file. */
export class BronFout extends Error {
  override name = 'BronFout';
  constructor(
    message: string,
    readonly bestand: string,
  ) {
    super(message);
  }
}

/** Files a delivery may hold; more is not a delivery but an accident or an attack. */
export const MAX_BESTANDEN = 10_000;

/**
 * A delivery's files, as LVBB packages it (a zip) or unpacked in a folder: names are paths
 * with `/` relative to the package root. Each file is read as a stream, and refused when larger
 * than the limit before anything of it is read.
 */
export interface Leveringsbron {
  readonly naam: string;
  bestanden(): readonly string[];
  open(bestand: string): Promise<Readable>;
  close(): Promise<void>;
}

/** A zip (its bytes, or a path): entry names are checked for path traversal by yauzl, sizes by us. */
export async function zipBron(zip: Buffer | string, naam: string, maxBytes: number): Promise<Leveringsbron> {
  let bestand: yauzl.ZipFile;
  const opties = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true };
  try {
    bestand = typeof zip === 'string' ? await yauzl.openPromise(zip, opties) : await yauzl.fromBufferPromise(zip, opties);
  } catch (error) {
    throw new BronFout(`${naam} is geen leesbaar zip-bestand: ${(error as Error).message}`, naam);
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of bestand.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (entry.uncompressedSize > maxBytes) throw new BronFout(`${entry.fileName} is ${entry.uncompressedSize} bytes uitgepakt; de grens is ${maxBytes}`, entry.fileName);
      if (entries.size >= MAX_BESTANDEN) throw new BronFout(`${naam} heeft meer dan ${MAX_BESTANDEN} bestanden`, naam);
      entries.set(entry.fileName, entry);
    }
  } catch (error) {
    bestand.close();
    if (error instanceof BronFout) throw error;
    // yauzl names the entry in its message, e.g. "invalid relative path: ../../etc/passwd".
    throw new BronFout(`${naam}: ${(error as Error).message}`, naam);
  }
  return {
    naam,
    bestanden: () => [...entries.keys()].sort(),
    async open(b) {
      const entry = entries.get(b);
      if (!entry) throw new BronFout(`${b} staat niet in ${naam}`, b);
      return bestand.openReadStreamPromise(entry);
    },
    async close() {
      bestand.close();
    },
  };
}

/** An unpacked delivery: every file below the folder. */
export async function mapBron(map: string, maxBytes: number): Promise<Leveringsbron> {
  const namen: string[] = [];
  const loop = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const pad = join(dir, e.name);
      if (e.isDirectory()) await loop(pad);
      else if (e.isFile()) {
        if (namen.length >= MAX_BESTANDEN) throw new BronFout(`${map} heeft meer dan ${MAX_BESTANDEN} bestanden`, map);
        const { size } = await stat(pad);
        const naam = relative(map, pad).split(sep).join('/');
        if (size > maxBytes) throw new BronFout(`${naam} is ${size} bytes; de grens is ${maxBytes}`, naam);
        namen.push(naam);
      }
    }
  };
  await loop(map);
  const bekend = new Set(namen);
  return {
    naam: map,
    bestanden: () => [...namen].sort(),
    async open(b) {
      if (!bekend.has(b)) throw new BronFout(`${b} staat niet in ${map}`, b);
      return createReadStream(join(map, ...b.split('/')));
    },
    async close() {},
  };
}
