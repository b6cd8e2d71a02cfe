import type { EventMetadata, EventStore } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import type { Datum } from '../../domain/tijd/toestanden.ts';
import { vraagbeschrijving, type DmnModel } from '../../domain/toepasbare-regels/model.ts';
import type { SoortRegelbestand } from '../../domain/toepasbare-regels/regelbestand.ts';
import { SessieFout, beantwoordVraag, beginSessie, evolveSessie, sessieStream, terug, type Sessie, type Sessieboom, type SessieEvent } from '../../domain/toepasbare-regels/sessie.ts';
import { conclusieVan, doorloop, totaalconclusie, vraagsleutel, type Boom, type Conclusie, type Ligging, type Vraag } from '../../domain/toepasbare-regels/vragenboom.ts';

/**
 * What the check needs from the read models (PostgreSQL + PostGIS in infrastructure). Every
 * look-up is as known at the check's own moment (`bekendOp`, from the service's clock).
 */
export interface CheckBronnen {
  /** The werkzaamheden of the catalogue by id, with the activiteiten (names or ids) they stand for. */
  werkzaamheden(ids: readonly string[]): Promise<{ id: string; naam: string; activiteiten: string[] }[]>;
  /** The activiteiten of the juridische regels at the location on the date as known at the moment, with the regels that name them. */
  activiteitenOp(locatieRd: string, datum: Datum, bekendOp: string): Promise<{ activiteit: string; naam: string; bevoegdGezag: string; regels: Sessieboom['regels'] }[]>;
  /** The version of a regelbestand that applies on the date as known at the moment. */
  regelbestandOp(bevoegdGezag: string, activiteit: string, soort: SoortRegelbestand, datum: Datum, bekendOp: string): Promise<{ versie: number } | undefined>;
  /** The model of one version of a regelbestand, read and checked (a version never changes: to replay a check exactly). */
  model(bevoegdGezag: string, activiteit: string, soort: SoortRegelbestand, versie: number): Promise<DmnModel>;
  /** Where the location lies for each of these IMOW locaties (in the version in force on the date, as known at the moment). */
  ligging(locatieRd: string, locaties: readonly string[], datum: Datum, bekendOp: string): Promise<Record<string, Ligging>>;
}

export interface Checker {
  actor: string;
  correlationId?: string;
}

/** What the user sees of a check: the next question, the answers so far, and every conclusion. */
export interface Checktoestand {
  id: string;
  /** The location of the check, in RD New (GeoJSON). */
  locatie: { type: string; coordinates: unknown };
  datum: Datum;
  werkzaamheden: { id: string; naam: string }[];
  /** The trees the check runs, each a regelbestand in the version it started with. */
  bomen: { id: string; bevoegdGezag: string; activiteit: string; soort: SoortRegelbestand; versie: number; werkzaamheden: string[] }[];
  volgende?: Vraag & { voorIngevuld?: unknown };
  /** How many questions are still needed (the next one included). */
  nogNodig: number;
  beantwoord: { sleutel: string; tekst: string; antwoord: unknown }[];
  uitLocatie: { sleutel: string; tekst: string; antwoord: unknown }[];
  /** One per conclusie tree, with the werkzaamheden (ids) it answers for. */
  conclusies: {
    werkzaamheden: string[];
    activiteit: string;
    activiteitNaam: string;
    bevoegdGezag: string;
    conclusie: Conclusie;
    reden?: string;
    /** The juridische regels behind it: those at the location that name the activiteit, and those the decision rules name. */
    regels: Sessieboom['regels'];
    verwijzingen: string[];
  }[];
  totaal: Conclusie;
  maatregelen: { bevoegdGezag: string; activiteit: string; nummer: string; tekst: string; toelichting?: string; frequentie?: string; thema?: string }[];
  /**
   * What an aanvraag would need with the answers so far: the questions and bijlagen the
   * indieningsvereisten trees still need, each per tree that needs it. Answering one (by its
   * sleutel) changes what follows; they are never the next question.
   */
  indieningsvereisten: { bevoegdGezag: string; activiteit: string; sleutel: string; tekst: string; type: string; bijlage?: string; toelichting?: string }[];
}

const SOORTEN: SoortRegelbestand[] = ['conclusie', 'maatregelen', 'indieningsvereisten'];

/**
 * The Vergunningcheck: finds, for a location and werkzaamheden, the activiteiten of every
 * bevoegd gezag there and their toepasbare regels, and runs them as one vragenboom. A check is
 * a stream of events: started with the trees (by version), then answers; its state is always
 * made from them, so it can be replayed. An answer is checked on the state loaded, appended at
 * that version, and evolved onto it in memory: the stream is read once per step.
 */
export class VergunningcheckService {
  constructor(
    private readonly store: EventStore,
    private readonly bronnen: CheckBronnen,
    private readonly nieuwId: () => string,
    private readonly klok: () => Date,
  ) {}

  async start(vraag: { locatieRd: string; werkzaamheden: string[]; datum: Datum; voorIngevuld?: Record<string, unknown> }, door: Checker): Promise<Checktoestand> {
    if (vraag.werkzaamheden.length === 0) throw new SessieFout('ongeldige_invoer', 'Kies minstens één werkzaamheid');
    const werkzaamheden = await this.bronnen.werkzaamheden(vraag.werkzaamheden);
    const onbekend = vraag.werkzaamheden.filter((id) => !werkzaamheden.some((w) => w.id === id));
    if (onbekend.length) throw new SessieFout('onbekend', `Onbekende werkzaamheid: ${onbekend.join(', ')}`);
    const bekendOp = this.klok().toISOString();
    const hier = await this.bronnen.activiteitenOp(vraag.locatieRd, vraag.datum, bekendOp);
    // One tree per regelbestand, however many werkzaamheden stand for its activiteit (null: none there).
    const perRegelbestand = new Map<string, Sessieboom | null>();
    const zonder: string[] = [];
    for (const w of werkzaamheden) {
      const namen = new Set(w.activiteiten.map((a) => a.toLowerCase()));
      const activiteiten = hier.filter((a) => namen.has(a.naam.toLowerCase()) || namen.has(a.activiteit.toLowerCase()));
      let conclusie = false;
      for (const a of activiteiten) {
        for (const soort of SOORTEN) {
          const id = `${a.bevoegdGezag}/${a.activiteit}/${soort}`;
          if (!perRegelbestand.has(id)) {
            const r = await this.bronnen.regelbestandOp(a.bevoegdGezag, a.activiteit, soort, vraag.datum, bekendOp);
            perRegelbestand.set(id, r ? { id, bevoegdGezag: a.bevoegdGezag, activiteit: a.activiteit, activiteitNaam: a.naam, soort, versie: r.versie, werkzaamheden: [], regels: a.regels } : null);
          }
          const boom = perRegelbestand.get(id);
          if (!boom) continue;
          if (!boom.werkzaamheden.includes(w.id)) boom.werkzaamheden.push(w.id);
          if (soort === 'conclusie') conclusie = true;
        }
      }
      if (!conclusie) zonder.push(w.naam);
    }
    if (zonder.length) {
      throw new SessieFout('onbekend', `Voor ${zonder.join(', ')} zijn er op deze plek op ${vraag.datum} geen toepasbare regels: er is hier geen activiteit met een vragenboom voor. Kies een andere plek of werkzaamheid, of neem contact op met de gemeente.`);
    }
    const sessiebomen = [...perRegelbestand.values()].filter((b): b is Sessieboom => b !== null);
    const bomen = await this.modellen(sessiebomen);
    const geo = [...new Set(bomen.flatMap((b) => Object.values(b.model.uitvoeringsregels).flatMap((u) => (u.geoVerwijzing ? [u.geoVerwijzing.locatie] : []))))];
    const ligging = geo.length ? await this.bronnen.ligging(vraag.locatieRd, geo, vraag.datum, bekendOp) : {};
    const id = this.nieuwId();
    const event: SessieEvent = {
      type: 'CheckGestart',
      data: { sessieId: id, locatie: JSON.parse(vraag.locatieRd), werkzaamheden: werkzaamheden.map(({ id: wid, naam }) => ({ id: wid, naam })), datum: vraag.datum, bekendOp, bomen: sessiebomen, ligging, voorIngevuld: vraag.voorIngevuld ?? {} },
    };
    await this.append(id, 'no_stream', [event], door, `start:${id}`);
    return toestandVan(id, evolveSessie(beginSessie(), event), bomen);
  }

  async beantwoord(id: string, sleutel: string, antwoord: unknown, door: Checker): Promise<Checktoestand> {
    const { state, versie } = await this.laad(id);
    const bomen = await this.modellen(state.gestart!.bomen);
    const events = beantwoordVraag(state, bomen, sleutel, antwoord);
    await this.append(id, versie, events, door, `antwoord:${id}:${versie}`);
    return toestandVan(id, events.reduce(evolveSessie, state), bomen);
  }

  async terug(id: string, door: Checker): Promise<Checktoestand> {
    const { state, versie } = await this.laad(id);
    const events = terug(state);
    await this.append(id, versie, events, door, `terug:${id}:${versie}`);
    return toestandVan(id, events.reduce(evolveSessie, state), await this.modellen(state.gestart!.bomen));
  }

  async toestand(id: string): Promise<Checktoestand> {
    const { state } = await this.laad(id);
    return toestandVan(id, state, await this.modellen(state.gestart!.bomen));
  }

  private async laad(id: string): Promise<{ state: Sessie; versie: bigint }> {
    const events = await this.store.readStream(sessieStream(id));
    if (events.length === 0) throw new SessieFout('onbekend', `Check ${id} bestaat niet`);
    return { state: events.reduce((s, e) => evolveSessie(s, e as unknown as SessieEvent), beginSessie()), versie: events.at(-1)!.streamPosition };
  }

  /** The check's trees with their models, each in the version the check started with. */
  private modellen(bomen: readonly Sessieboom[]): Promise<Boom[]> {
    return Promise.all(bomen.map(async (b) => ({ id: b.id, model: await this.bronnen.model(b.bevoegdGezag, b.activiteit, b.soort, b.versie) })));
  }

  private async append(id: string, versie: bigint | 'no_stream', events: SessieEvent[], door: Checker, commandId: string): Promise<void> {
    const metadata: EventMetadata = { actor: door.actor, commandId, correlationId: door.correlationId ?? commandId, causationId: commandId };
    await this.store.appendToStream(sessieStream(id), versie, events.map((e, i) => ({ eventId: eventIdVoor(commandId, i), type: e.type, data: e.data, metadata })));
  }
}

/**
 * Where a check stands, from its state and its trees (with their models): the conclusie and
 * maatregelen trees give the next question, the conclusions and the maatregelen; the
 * indieningsvereisten trees, run on the same answers and location, what an aanvraag needs.
 */
function toestandVan(id: string, state: Sessie, bomen: readonly Boom[]): Checktoestand {
  const start = state.gestart!;
  const stand = { antwoorden: state.antwoorden, ligging: start.ligging };
  const vereisten = new Set(start.bomen.filter((b) => b.soort === 'indieningsvereisten').map((b) => b.id));
  const d = doorloop(bomen.filter((b) => !vereisten.has(b.id)), stand);
  const v = doorloop(bomen.filter((b) => vereisten.has(b.id)), stand);
  const perId = new Map(start.bomen.map((b) => [b.id, b]));
  const modelVan = new Map(bomen.map((b) => [b.id, b.model]));

  const conclusies: Checktoestand['conclusies'] = [];
  const maatregelen: Checktoestand['maatregelen'] = [];
  for (const sb of start.bomen) {
    if (sb.soort === 'conclusie') {
      const uitkomsten = Object.values(d.evaluaties[sb.id]!.hoofd);
      const u = uitkomsten[0]!;
      conclusies.push({ werkzaamheden: sb.werkzaamheden, activiteit: sb.activiteit, activiteitNaam: sb.activiteitNaam, bevoegdGezag: sb.bevoegdGezag, ...conclusieVan(u.waarde, u.bepaald, u.extern), regels: sb.regels, verwijzingen: [...new Set(uitkomsten.flatMap((x) => x.annotaties))] });
    } else if (sb.soort === 'maatregelen') {
      const nummers = new Set(Object.values(d.evaluaties[sb.id]!.hoofd).flatMap((u) => (u.bepaald ? maatregelnummers(u.waarde) : [])));
      for (const m of modelVan.get(sb.id)!.maatregelen) if (nummers.has(m.nummer)) maatregelen.push({ bevoegdGezag: sb.bevoegdGezag, activiteit: sb.activiteit, nummer: m.nummer, tekst: m.tekst, toelichting: m.toelichting, frequentie: m.frequentie, thema: m.thema });
    }
  }
  const indieningsvereisten: Checktoestand['indieningsvereisten'] = v.nodig.flatMap((vraag) =>
    vraag.bomen.map((boom) => ({
      bevoegdGezag: perId.get(boom)!.bevoegdGezag,
      activiteit: perId.get(boom)!.activiteit,
      sleutel: vraag.sleutel,
      tekst: vraag.tekst,
      type: vraag.type,
      ...(vraag.bijlage ? { bijlage: vraag.bijlage } : {}),
      ...(vraag.toelichting ? { toelichting: vraag.toelichting } : {}),
    })),
  );

  // The text of an answered question, from the first tree that asks it.
  const tekstVan = new Map<string, string>();
  for (const b of bomen) {
    for (const invoer of Object.keys(b.model.invoer)) {
      const sleutel = vraagsleutel(b.model, invoer);
      if (!tekstVan.has(sleutel)) tekstVan.set(sleutel, vraagbeschrijving(b.model, invoer).tekst);
    }
  }
  const uitLocatie = [...d.uitLocatie, ...v.uitLocatie.filter((u) => !d.uitLocatie.some((x) => x.vraag.sleutel === u.vraag.sleutel))];
  const volgende = d.volgende ? { ...d.volgende, ...(Object.hasOwn(start.voorIngevuld, d.volgende.sleutel) ? { voorIngevuld: start.voorIngevuld[d.volgende.sleutel] } : {}) } : undefined;
  return {
    id,
    locatie: start.locatie,
    datum: start.datum,
    werkzaamheden: start.werkzaamheden,
    bomen: start.bomen.map(({ id: boom, bevoegdGezag, activiteit, soort, versie, werkzaamheden }) => ({ id: boom, bevoegdGezag, activiteit, soort, versie, werkzaamheden })),
    ...(volgende ? { volgende } : {}),
    nogNodig: d.nodig.length,
    beantwoord: state.volgorde.map((s) => ({ sleutel: s, tekst: tekstVan.get(s) ?? s, antwoord: state.antwoorden[s] })),
    uitLocatie: uitLocatie.map((u) => ({ sleutel: u.vraag.sleutel, tekst: u.vraag.tekst, antwoord: u.antwoord })),
    conclusies,
    totaal: totaalconclusie(conclusies.map((c) => c.conclusie)),
    maatregelen,
    indieningsvereisten,
  };
}

/** The maatregel numbers in a maatregelen decision's outcome: strings, or a "Maatregelen" field of each row. */
function maatregelnummers(waarde: unknown): string[] {
  const rijen = Array.isArray(waarde) ? waarde : [waarde];
  return rijen.flatMap((r) => {
    if (typeof r === 'string') return r ? [r] : [];
    if (r && typeof r === 'object') return Object.values(r as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && /^m\d+$/.test(v));
    return [];
  });
}
