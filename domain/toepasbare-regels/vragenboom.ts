/**
 * One vragenboom over the toepasbare regels of several bevoegde gezagen (the Vergunningcheck):
 * a question several trees ask is asked once, questions answerable from the location are
 * answered from it, only questions that can still change an outcome are asked, and changing
 * an earlier answer changes what follows. Pure: the trees, the answers and the location's
 * answers come in; the next question and every outcome go out.
 */
import { controleerAntwoord, evalueer, opVraagvolgorde, type Evaluatie } from './evaluatie.ts';
import { vraagbeschrijving, type DmnModel, type Vraagbeschrijving } from './model.ts';

/** One tree: the toepasbare regels of one bevoegd gezag for one activiteit. */
export interface Boom {
  /** Unique within the check, e.g. `gm0344/nl.imow-gm0344.activiteit.Dakkapel/conclusie`. */
  id: string;
  model: DmnModel;
}

/** Where the location lies for a locatie a question refers to (uitv:geoVerwijzing). */
export type Ligging = 'ja' | 'deels' | 'nee';

export interface Vraag extends Vraagbeschrijving {
  /** The same for every tree that asks it: the answer is given once, for all. */
  sleutel: string;
  /** The trees that ask it. */
  bomen: string[];
}

export interface Stand {
  /** Answers by question key, as given (or prefilled from earlier in the project). */
  antwoorden: Record<string, unknown>;
  /** Where the location lies, per locatie a geo question refers to (from the werkingsgebieden). */
  ligging: Record<string, Ligging>;
}

export interface Doorloop {
  /** The next question to ask; none when every outcome is settled (or cannot be settled here). */
  volgende?: Vraag;
  /** All questions still needed, in the order they will be asked. */
  nodig: Vraag[];
  /** The questions answered from the location, with their answer. */
  uitLocatie: { vraag: Vraag; antwoord: unknown }[];
  /** Per tree its evaluation on the answers so far. */
  evaluaties: Record<string, Evaluatie>;
}

const normaal = (tekst: string) => tekst.toLowerCase().replace(/\s+/g, ' ').replace(/[?.!]+$/, '').trim();

/**
 * The key of an input's question: a geo question by its locatie, any other by its text and
 * type (two bevoegde gezagen asking "Is het pand een monument?" ask the same), an input
 * without question by its name.
 */
export function vraagsleutel(model: DmnModel, invoerId: string): string {
  const invoer = model.invoer[invoerId]!;
  const u = invoer.uitvoeringsregel ? model.uitvoeringsregels[invoer.uitvoeringsregel] : undefined;
  if (u?.geoVerwijzing) return `geo:${u.geoVerwijzing.locatie}`;
  if (u?.vraag) return `${u.vraag.gegevensType}:${normaal(u.vraag.tekst)}`;
  if (u?.bijlage) return `bijlage:${normaal(u.bijlage.type)}`;
  return `invoer:${normaal(invoer.naam)}`;
}

function vraagVan(model: DmnModel, invoerId: string, sleutel: string, bomen: string[]): Vraag {
  return { sleutel, ...vraagbeschrijving(model, invoerId), bomen };
}

/** The answer to a geo question from where the location lies, in the type the model asks for. */
function geoAntwoord(type: string | undefined, ligging: Ligging): unknown {
  if (type === 'boolean') return ligging !== 'nee';
  return ligging;
}

/** Evaluates every tree on the answers so far and picks the next question. */
export function doorloop(bomen: readonly Boom[], stand: Stand): Doorloop {
  const evaluaties: Record<string, Evaluatie> = {};
  const uitLocatie = new Map<string, { vraag: Vraag; antwoord: unknown }>();
  const nodig = new Map<string, Vraag>();
  for (const boom of bomen) {
    const antwoorden: Record<string, unknown> = {};
    for (const invoer of Object.values(boom.model.invoer)) {
      const sleutel = vraagsleutel(boom.model, invoer.id);
      if (Object.hasOwn(stand.antwoorden, sleutel)) {
        antwoorden[invoer.id] = stand.antwoorden[sleutel];
        continue;
      }
      const geo = sleutel.startsWith('geo:') ? stand.ligging[sleutel.slice(4)] : undefined;
      if (geo) {
        antwoorden[invoer.id] = geoAntwoord(invoer.typeRef, geo);
        const eerder = uitLocatie.get(sleutel);
        uitLocatie.set(sleutel, { vraag: vraagVan(boom.model, invoer.id, sleutel, [...(eerder?.vraag.bomen ?? []), boom.id]), antwoord: antwoorden[invoer.id] });
      }
    }
    const e = evalueer(boom.model, antwoorden);
    evaluaties[boom.id] = e;
    for (const invoerId of opVraagvolgorde(boom.model, e.nodig)) {
      const sleutel = vraagsleutel(boom.model, invoerId);
      const eerder = nodig.get(sleutel);
      nodig.set(sleutel, eerder ? { ...eerder, bomen: [...new Set([...eerder.bomen, boom.id])] } : vraagVan(boom.model, invoerId, sleutel, [boom.id]));
    }
  }
  const lijst = [...nodig.values()];
  return { ...(lijst[0] ? { volgende: lijst[0] } : {}), nodig: lijst, uitLocatie: [...uitLocatie.values()], evaluaties };
}

/**
 * Gives an answer to a question (by key): checked against the question of every tree that
 * asks it (type, options), and kept for all. Returns the new answers; throws on a bad answer.
 */
export function beantwoord(bomen: readonly Boom[], antwoorden: Record<string, unknown>, sleutel: string, antwoord: unknown): Record<string, unknown> {
  let gevonden = false;
  for (const boom of bomen) {
    for (const invoer of Object.values(boom.model.invoer)) {
      if (vraagsleutel(boom.model, invoer.id) !== sleutel) continue;
      controleerAntwoord(boom.model, invoer.id, antwoord);
      gevonden = true;
    }
  }
  if (!gevonden) throw new VraagFout(sleutel);
  return { ...antwoorden, [sleutel]: antwoord };
}

export class VraagFout extends Error {
  override name = 'VraagFout';
  constructor(readonly sleutel: string) {
    super(`Geen van de toepasbare regels in deze check stelt de vraag ${sleutel}`);
  }
}

/** What a conclusie says, from strong to weak: the strongest over the trees is the overall conclusion. */
export const CONCLUSIES = ['Verbod', 'Vergunningplicht', 'Meldingsplicht', 'Informatieplicht', 'Toestemmingsvrij', 'NietVanToepassing'] as const;
export type Conclusie = (typeof CONCLUSIES)[number] | 'NietTeBepalen';

/**
 * One conclusie from a tree's outcome: the strongest of what its rules concluded; "niet te
 * bepalen", with the reason, when nothing was concluded, when it waits for another model, or
 * when the rules say to ask the bevoegd gezag.
 */
export function conclusieVan(waarde: unknown, bepaald: boolean, extern?: string): { conclusie: Conclusie; reden?: string } {
  if (!bepaald) return { conclusie: 'NietTeBepalen', reden: extern ? `hangt af van ${extern}` : 'er zijn nog vragen open' };
  const waarden = (Array.isArray(waarde) ? waarde : [waarde]).filter((w): w is string => typeof w === 'string');
  for (const c of CONCLUSIES) if (waarden.includes(c)) return { conclusie: c };
  if (waarden.includes('NeemContactOpMet')) return { conclusie: 'NietTeBepalen', reden: 'neem contact op met het bevoegd gezag' };
  return { conclusie: 'NietTeBepalen', reden: 'de regels geven voor deze antwoorden geen conclusie' };
}

/** The overall conclusion: the strongest of the trees'; niet te bepalen if any is and none is stronger. */
export function totaalconclusie(conclusies: Conclusie[]): Conclusie {
  const sterkste = CONCLUSIES.find((c) => conclusies.includes(c));
  if (conclusies.includes('NietTeBepalen') && (!sterkste || CONCLUSIES.indexOf(sterkste) > CONCLUSIES.indexOf('Vergunningplicht'))) return 'NietTeBepalen';
  return sterkste ?? 'NietTeBepalen';
}
