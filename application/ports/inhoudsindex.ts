import type { Inhoudsfout, Soort } from '../../domain/omgevingsdocumenten/inhoud.ts';
import type { Kernmutatie } from '../../domain/omgevingsdocumenten/kern.ts';

/** A kern as the index gives it back: the object without geometry and text, and its digest. */
export type Indexkern = Record<string, unknown> & { digest: string };

/**
 * The write side's content index: the kernen of every version of a regeling, held in sets
 * outside memory (PostgreSQL). A set is the whole content of one version to be; it belongs to
 * that version once the events that make the version are stored (`bevestig`). The index is
 * derived from the events and can be made again from them.
 */
export interface Inhoudsindex {
  /** The set of a stored version; undefined when it has none (yet). */
  setVan(versie: string): Promise<string | undefined>;
  /** A new set for a version to be: empty, or a copy of another set (its objects not marked changed). */
  nieuweSet(regelingId: string, basis?: string): Promise<string>;
  /** Removes, then places (new or replacing, marked changed); ids to remove that are not in the set come back as fouten. */
  pasToe(set: string, mutatie: Kernmutatie): Promise<Inhoudsfout[]>;
  /** The references in the set that do not resolve (the rules of the domain's `verwijzingenVan`), at most `max`. */
  controleer(set: string, max?: number): Promise<Inhoudsfout[]>;
  /** Marks what in `naar` is new or changed against `van`; counts those, and the objects of `van` gone from `naar`. */
  vergelijk(van: string, naar: string): Promise<{ gewijzigd: number; weg: number }>;
  /** The objects of `van` that `naar` does not have, page by page. */
  weg(van: string, naar: string): AsyncIterable<{ soort: Soort; id: string }>;
  /** Which of these ids of a soort are marked changed in the set. */
  gewijzigd(set: string, soort: Soort, ids: readonly string[]): Promise<Set<string>>;
  /** The kernen of a soort marked changed in the set, page by page. */
  gewijzigdeKernen(set: string, soort: Soort): AsyncIterable<Indexkern>;
  /** The set is the content of this version now: its events are stored. False when the version has a set already (a retry). */
  bevestig(set: string, versie: string): Promise<boolean>;
  /** Removes a set whose version was not stored. */
  verwerp(set: string): Promise<void>;
}
