import { open } from 'node:fs/promises';
import type { Bestemmingsplan } from '../../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import { ImroError, leesImroPlan } from './imro-plan.ts';

/**
 * Reads an IMRO file from disk, refusing one larger than `maxBytes` before reading it: an IMRO
 * plan is parsed whole, so its size bounds the memory an import takes.
 */
export async function leesImroBestand(pad: string, maxBytes: number): Promise<Bestemmingsplan> {
  const bestand = await open(pad);
  try {
    const { size } = await bestand.stat();
    if (size > maxBytes) {
      throw new ImroError(`${pad} is ${(size / 1024 / 1024).toFixed(1)} MB; de grens is ${(maxBytes / 1024 / 1024).toFixed(1)} MB (PUBLICATION_LIMIT_BYTES)`, [
        { element: 'bestand', id: pad, reden: `groter dan ${maxBytes} bytes` },
      ]);
    }
    return leesImroPlan(await bestand.readFile('utf8'));
  } finally {
    await bestand.close();
  }
}
