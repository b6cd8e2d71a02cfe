/**
 * Read DMN models by regelbestand and version, kept: a delivered version never changes, and
 * reading a file of some tens of KB (XML, FEEL, checks) costs more than the rest of a request.
 * One per app (the composition root makes it), shared by the check and the toepasbare-regels
 * API; the least recently used is dropped past `max`.
 */
import type { DmnModel } from '../../domain/toepasbare-regels/model.ts';
import { leesDmn } from './dmn-lezer.ts';

/** One version of a regelbestand. */
export interface Regelbestandversiesleutel {
  bevoegdGezag: string;
  activiteit: string;
  soort: string;
  versie: number;
}

export class DmnModellen {
  /** Insertion order is use order: the first is the least recently used. A promise, so two asking at once read it once. */
  private readonly modellen = new Map<string, Promise<DmnModel>>();

  constructor(
    private readonly lees: (xml: string, bestand: string) => DmnModel = leesDmn,
    private readonly max = 200,
  ) {}

  /** The model of this version; `bron` gives its file when it is not kept. */
  model(sleutel: Regelbestandversiesleutel, bron: () => Promise<{ bestand: string; dmn: string }>): Promise<DmnModel> {
    const k = JSON.stringify([sleutel.bevoegdGezag, sleutel.activiteit, sleutel.soort, sleutel.versie]);
    const bekend = this.modellen.get(k);
    if (bekend) {
      this.modellen.delete(k);
      this.modellen.set(k, bekend);
      return bekend;
    }
    const model = bron().then(({ bestand, dmn }) => this.lees(dmn, bestand));
    this.modellen.set(k, model);
    // A failure is not kept: the next call tries again.
    model.catch(() => this.modellen.get(k) === model && this.modellen.delete(k));
    while (this.modellen.size > this.max) this.modellen.delete(this.modellen.keys().next().value!);
    return model;
  }
}
