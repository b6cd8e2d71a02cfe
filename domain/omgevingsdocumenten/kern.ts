/**
 * The kern of content: an object without its bulk (a locatie's geometry, an artikel's text) and
 * with a digest of the whole object. The content index keeps kernen: references are checked on
 * them and versions compared by digest, while the bulk stays in the events, so a regeling of
 * 100,000 locaties imports in little memory.
 * Pure, no I/O.
 */
import { createHash } from 'node:crypto';
import { SOORTEN, type Inhoud, type Mutatie, type Soort } from './inhoud.ts';

/** The fields that make an object large: kept in the kern only as a digest. */
export const BULK = ['geometrie', 'tekst'] as const;
export type BulkVeld = (typeof BULK)[number];

export type Kern<T> = Omit<T, BulkVeld> & { digest: string };
export type ObjectVan<S extends Soort> = Inhoud[S][string];
export type Inhoudskern = { [S in Soort]: Record<string, Kern<ObjectVan<S>>> };
export interface Kernmutatie {
  plaats?: { [S in Soort]?: Kern<ObjectVan<S>>[] };
  verwijder?: { [S in Soort]?: string[] };
}
export const legeKern = (): Inhoudskern => Object.fromEntries(SOORTEN.map((s) => [s, {}])) as unknown as Inhoudskern;

/** JSON with object keys sorted and undefined left out: equal values, equal text (jsonb reorders keys). */
function canoniek(waarde: unknown): string {
  if (waarde === null || typeof waarde !== 'object') return JSON.stringify(waarde);
  // Coordinates (arrays of arrays of numbers) have no keys to order: the plain JSON is canonical.
  let eerste: unknown = waarde;
  while (Array.isArray(eerste)) eerste = eerste[0];
  if (Array.isArray(waarde) && typeof eerste === 'number') return JSON.stringify(waarde);
  if (Array.isArray(waarde)) return `[${waarde.map((w) => (w === undefined ? 'null' : canoniek(w))).join(',')}]`;
  const o = waarde as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canoniek(o[k])}`)
    .join(',')}}`;
}

/** A digest of a JSON-like value, the same whatever the order of its object keys (SHA-1: a fingerprint, no security is asked of it). */
export function digest(waarde: unknown): string {
  return createHash('sha1').update(canoniek(waarde)).digest('base64');
}

/**
 * The kern of an object: all of it but its bulk. `bulk` gives digests of bulk fields the object
 * is given without (a reader that has a GIO's geometry digest, not the geometry): the digest is
 * the same as that of the whole object.
 */
export function kernVan<S extends Soort>(_soort: S, object: ObjectVan<S>, bulk: Partial<Record<BulkVeld, string>> = {}): Kern<ObjectVan<S>> {
  const kern: Record<string, unknown> = {};
  const digesten: Record<string, string> = { ...bulk };
  for (const [veld, waarde] of Object.entries(object)) {
    if (waarde === undefined) continue;
    if ((BULK as readonly string[]).includes(veld)) digesten[veld] = digest(waarde);
    else kern[veld] = waarde;
  }
  return { ...kern, digest: digest({ ...kern, bulk: digesten }) } as Kern<ObjectVan<S>>;
}

/** A kern without its digest: the whole object where it has no bulk, or the rest to add the bulk to. */
export function zonderDigest<T extends { digest: string }>(kern: T): Omit<T, 'digest'> {
  const { digest: _, ...rest } = kern;
  return rest;
}

export function kernVanMutatie(mutatie: Mutatie): Kernmutatie {
  const uit: Kernmutatie = {};
  if (mutatie.verwijder) uit.verwijder = mutatie.verwijder;
  for (const soort of SOORTEN) {
    const plaats = mutatie.plaats?.[soort];
    if (plaats?.length) ((uit.plaats ??= {}) as Record<string, unknown[]>)[soort] = plaats.map((o) => kernVan(soort, o as ObjectVan<typeof soort>));
  }
  return uit;
}

export function kernVanInhoud(inhoud: Inhoud): Inhoudskern {
  const uit = legeKern() as unknown as Record<Soort, Record<string, unknown>>;
  for (const soort of SOORTEN) for (const [id, o] of Object.entries(inhoud[soort])) uit[soort][id] = kernVan(soort, o as ObjectVan<typeof soort>);
  return uit as unknown as Inhoudskern;
}

export const idVan = (soort: Soort, object: { wId?: string; identificatie?: string }) => (soort === 'regelteksten' ? object.wId! : object.identificatie!);

/**
 * The content after several mutations, each soort copied once (a delivery comes in many
 * parts); the input is left as it was. For whole content and for kernen alike.
 */
export function pasToe<T extends Inhoud | Inhoudskern>(inhoud: T, mutaties: readonly (Mutatie | Kernmutatie)[]): T {
  const uit = { ...inhoud } as Record<Soort, Record<string, unknown>>;
  for (const soort of SOORTEN) {
    if (!mutaties.some((m) => m.plaats?.[soort]?.length || m.verwijder?.[soort]?.length)) continue;
    const kopie: Record<string, unknown> = { ...(inhoud as Record<Soort, Record<string, unknown>>)[soort] };
    for (const m of mutaties) {
      for (const id of m.verwijder?.[soort] ?? []) delete kopie[id];
      for (const object of (m.plaats?.[soort] ?? []) as { wId?: string; identificatie?: string }[]) kopie[idVan(soort, object)] = object;
    }
    uit[soort] = kopie;
  }
  return uit as T;
}

/** Events of one content delivery stay well under the event store's 1 MiB limit. */
export const MAX_DEEL_BYTES = 512 * 1024;

/** Cuts content into parts whose JSON stays under MAX_DEEL_BYTES, objects whole and in order. */
export class Delen {
  private huidig: Mutatie = {};
  private grootte = 0;

  /** Adds an object (or an id to remove) of `bytes` JSON; returns the part it closed, if any. */
  voegToe(soort: Soort, wat: 'plaats' | 'verwijder', item: unknown, bytes: number): Mutatie | undefined {
    let klaar: Mutatie | undefined;
    if (this.grootte + bytes > MAX_DEEL_BYTES && this.grootte > 0) {
      klaar = this.huidig;
      this.huidig = {};
      this.grootte = 0;
    }
    const bak = (this.huidig[wat] ??= {}) as Record<string, unknown[]>;
    (bak[soort] ??= []).push(item);
    this.grootte += bytes;
    return klaar;
  }

  /** The last part, if anything is in it. */
  rest(): Mutatie | undefined {
    return this.grootte > 0 ? this.huidig : undefined;
  }
}
