import type { EventMetadata, EventStore } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import type { Datum } from '../../domain/tijd/toestanden.ts';
import { evalueer } from '../../domain/toepasbare-regels/evaluatie.ts';
import type { DmnModel } from '../../domain/toepasbare-regels/model.ts';
import type { SoortRegelbestand } from '../../domain/toepasbare-regels/regelbestand.ts';
import { SessieFout, beginSessie, evolveSessie, sessieStream, terug, type Sessie, type Sessieboom, type SessieEvent } from '../../domain/toepasbare-regels/sessie.ts';
import { beantwoord, conclusieVan, doorloop, totaalconclusie, vraagsleutel, type Boom, type Conclusie, type Ligging, type Vraag } from '../../domain/toepasbare-regels/vragenboom.ts';
import type { DmnLezer } from './regelbestand-service.ts';

/** What the check needs from the read models (PostgreSQL + PostGIS in infrastructure). */
export interface CheckBronnen {
  /** The werkzaamheden of the catalogue by id, with the activiteiten (names or ids) they stand for. */
  werkzaamheden(ids: readonly string[]): Promise<{ id: string; naam: string; activiteiten: string[] }[]>;
  /** The activiteiten of the juridische regels at the location on the date, with the regels that name them. */
  activiteitenOp(locatieRd: string, datum: Datum): Promise<{ activiteit: string; naam: string; bevoegdGezag: string; regels: Sessieboom['regels'] }[]>;
  /** The version of a regelbestand that applies on the date as known at the moment, with its DMN. */
  regelbestandOp(bevoegdGezag: string, activiteit: string, soort: SoortRegelbestand, datum: Datum, bekendOp: string): Promise<{ versie: number; bestand: string; dmn: string } | undefined>;
  /** One version of a regelbestand (to replay a check exactly). */
  regelbestandVersie(bevoegdGezag: string, activiteit: string, soort: SoortRegelbestand, versie: number): Promise<{ bestand: string; dmn: string }>;
  /** Where the location lies for each of these IMOW locaties (in the version in force on the date). */
  ligging(locatieRd: string, locaties: readonly string[], datum: Datum): Promise<Record<string, Ligging>>;
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
  volgende?: Vraag & { voorIngevuld?: unknown };
  /** How many questions are still needed (the next one included). */
  nogNodig: number;
  beantwoord: { sleutel: string; tekst: string; antwoord: unknown }[];
  uitLocatie: { sleutel: string; tekst: string; antwoord: unknown }[];
  conclusies: {
    werkzaamheid: string;
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
  indieningsvereisten: { bevoegdGezag: string; activiteit: string; tekst: string; bijlage?: string }[];
}

const SOORTEN: SoortRegelbestand[] = ['conclusie', 'maatregelen', 'indieningsvereisten'];

/**
 * The Vergunningcheck: finds, for a location and werkzaamheden, the activiteiten of every
 * bevoegd gezag there and their toepasbare regels, and runs them as one vragenboom. A check is
 * a stream of events: started with the trees (by version), then answers; its state is always
 * made again from them, so it can be replayed.
 */
export class VergunningcheckService {
  /** Read DMN models by regelbestand and version: they never change. */
  private readonly modellen = new Map<string, DmnModel>();

  constructor(
    private readonly store: EventStore,
    private readonly bronnen: CheckBronnen,
    private readonly leesDmn: DmnLezer,
    private readonly nieuwId: () => string,
    private readonly klok: () => Date,
  ) {}

  async start(vraag: { locatieRd: string; werkzaamheden: string[]; datum: Datum; voorIngevuld?: Record<string, unknown> }, door: Checker): Promise<Checktoestand> {
    if (vraag.werkzaamheden.length === 0) throw new SessieFout('ongeldige_invoer', 'Kies minstens één werkzaamheid');
    const werkzaamheden = await this.bronnen.werkzaamheden(vraag.werkzaamheden);
    const onbekend = vraag.werkzaamheden.filter((id) => !werkzaamheden.some((w) => w.id === id));
    if (onbekend.length) throw new SessieFout('onbekend', `Onbekende werkzaamheid: ${onbekend.join(', ')}`);
    const bekendOp = this.klok().toISOString();
    const hier = await this.bronnen.activiteitenOp(vraag.locatieRd, vraag.datum);
    const bomen: Sessieboom[] = [];
    const zonder: string[] = [];
    for (const w of werkzaamheden) {
      const namen = new Set(w.activiteiten.map((a) => a.toLowerCase()));
      const activiteiten = hier.filter((a) => namen.has(a.naam.toLowerCase()) || namen.has(a.activiteit.toLowerCase()));
      let gevonden = 0;
      for (const a of activiteiten) {
        for (const soort of SOORTEN) {
          const r = await this.bronnen.regelbestandOp(a.bevoegdGezag, a.activiteit, soort, vraag.datum, bekendOp);
          if (!r) continue;
          if (soort === 'conclusie') gevonden++;
          bomen.push({ id: `${a.bevoegdGezag}/${a.activiteit}/${soort}`, bevoegdGezag: a.bevoegdGezag, activiteit: a.activiteit, activiteitNaam: a.naam, soort, versie: r.versie, werkzaamheid: w.id, regels: a.regels });
        }
      }
      if (gevonden === 0) zonder.push(w.naam);
    }
    if (zonder.length) {
      throw new SessieFout('onbekend', `Voor ${zonder.join(', ')} zijn er op deze plek op ${vraag.datum} geen toepasbare regels: er is hier geen activiteit met een vragenboom voor. Kies een andere plek of werkzaamheid, of neem contact op met de gemeente.`);
    }
    const modellen = await Promise.all(bomen.map((b) => this.model(b)));
    const geo = [...new Set(modellen.flatMap((m) => Object.values(m.uitvoeringsregels).flatMap((u) => (u.geoVerwijzing ? [u.geoVerwijzing.locatie] : []))))];
    const ligging = geo.length ? await this.bronnen.ligging(vraag.locatieRd, geo, vraag.datum) : {};
    const id = this.nieuwId();
    const event: SessieEvent = {
      type: 'CheckGestart',
      data: { sessieId: id, locatie: JSON.parse(vraag.locatieRd), werkzaamheden: werkzaamheden.map(({ id: wid, naam }) => ({ id: wid, naam })), datum: vraag.datum, bekendOp, bomen, ligging, voorIngevuld: vraag.voorIngevuld ?? {} },
    };
    await this.append(id, 'no_stream', [event], door, `start:${id}`);
    return this.toestand(id);
  }

  async beantwoord(id: string, sleutel: string, antwoord: unknown, door: Checker): Promise<Checktoestand> {
    const { state, versie } = await this.laad(id);
    const bomen = await this.bomenVan(state);
    beantwoord(bomen, state.antwoorden, sleutel, antwoord);
    await this.append(id, versie, [{ type: 'VraagBeantwoord', data: { sleutel, antwoord } }], door, `antwoord:${id}:${versie}`);
    return this.toestand(id);
  }

  async terug(id: string, door: Checker): Promise<Checktoestand> {
    const { state, versie } = await this.laad(id);
    await this.append(id, versie, terug(state), door, `terug:${id}:${versie}`);
    return this.toestand(id);
  }

  async toestand(id: string): Promise<Checktoestand> {
    const { state } = await this.laad(id);
    const start = state.gestart!;
    const bomen = await this.bomenVan(state);
    const gevraagd = bomen.filter((b, i) => start.bomen[i]!.soort !== 'indieningsvereisten');
    const d = doorloop(gevraagd, { antwoorden: state.antwoorden, ligging: start.ligging });
    const tekstVan = new Map<string, string>();
    for (const b of bomen) for (const i of Object.values(b.model.invoer)) {
      const u = i.uitvoeringsregel ? b.model.uitvoeringsregels[i.uitvoeringsregel] : undefined;
      tekstVan.set(vraagsleutel(b.model, i.id), u?.vraag?.tekst ?? u?.geoVerwijzing?.vraag ?? i.naam);
    }
    const conclusies: Checktoestand['conclusies'] = [];
    const maatregelen: Checktoestand['maatregelen'] = [];
    const indieningsvereisten: Checktoestand['indieningsvereisten'] = [];
    start.bomen.forEach((sb, i) => {
      const model = bomen[i]!.model;
      if (sb.soort === 'conclusie') {
        const uitkomsten = Object.values(d.evaluaties[sb.id]!.hoofd);
        const u = uitkomsten[0]!;
        conclusies.push({ werkzaamheid: sb.werkzaamheid, activiteit: sb.activiteit, activiteitNaam: sb.activiteitNaam, bevoegdGezag: sb.bevoegdGezag, ...conclusieVan(u.waarde, u.bepaald, u.extern), regels: sb.regels, verwijzingen: [...new Set(uitkomsten.flatMap((x) => x.annotaties))] });
      } else if (sb.soort === 'maatregelen') {
        const nummers = new Set(Object.values(d.evaluaties[sb.id]!.hoofd).flatMap((u) => (u.bepaald ? maatregelnummers(u.waarde) : [])));
        for (const m of model.maatregelen) if (nummers.has(m.nummer)) maatregelen.push({ bevoegdGezag: sb.bevoegdGezag, activiteit: sb.activiteit, nummer: m.nummer, tekst: m.tekst, toelichting: m.toelichting, frequentie: m.frequentie, thema: m.thema });
      } else {
        // What an aanvraag would need: the questions and bijlagen of the tree still open with these answers.
        const e = evalueer(model, Object.fromEntries(Object.values(model.invoer).flatMap((inv) => (Object.hasOwn(state.antwoorden, vraagsleutel(model, inv.id)) ? [[inv.id, state.antwoorden[vraagsleutel(model, inv.id)]]] : []))));
        for (const invoerId of e.nodig) {
          const u = model.uitvoeringsregels[model.invoer[invoerId]!.uitvoeringsregel ?? ''];
          indieningsvereisten.push({ bevoegdGezag: sb.bevoegdGezag, activiteit: sb.activiteit, tekst: u?.vraag?.tekst ?? (u?.bijlage ? `Bijlage: ${u.bijlage.type}` : model.invoer[invoerId]!.naam), ...(u?.bijlage ? { bijlage: u.bijlage.type } : {}) });
        }
      }
    });
    const volgende = d.volgende ? { ...d.volgende, ...(Object.hasOwn(start.voorIngevuld, d.volgende.sleutel) ? { voorIngevuld: start.voorIngevuld[d.volgende.sleutel] } : {}) } : undefined;
    return {
      id,
      locatie: start.locatie,
      datum: start.datum,
      werkzaamheden: start.werkzaamheden,
      ...(volgende ? { volgende } : {}),
      nogNodig: d.nodig.length,
      beantwoord: state.volgorde.map((s) => ({ sleutel: s, tekst: tekstVan.get(s) ?? s, antwoord: state.antwoorden[s] })),
      uitLocatie: d.uitLocatie.map((u) => ({ sleutel: u.vraag.sleutel, tekst: u.vraag.tekst, antwoord: u.antwoord })),
      conclusies,
      totaal: totaalconclusie(conclusies.map((c) => c.conclusie)),
      maatregelen,
      indieningsvereisten,
    };
  }

  private async laad(id: string): Promise<{ state: Sessie; versie: bigint }> {
    const events = await this.store.readStream(sessieStream(id));
    if (events.length === 0) throw new SessieFout('onbekend', `Check ${id} bestaat niet`);
    return { state: events.reduce((s, e) => evolveSessie(s, e as unknown as SessieEvent), beginSessie()), versie: events.at(-1)!.streamPosition };
  }

  private async bomenVan(state: Sessie): Promise<Boom[]> {
    return Promise.all(state.gestart!.bomen.map(async (b) => ({ id: b.id, model: await this.model(b) })));
  }

  private async model(b: Sessieboom): Promise<DmnModel> {
    const sleutel = `${b.id}@${b.versie}`;
    let m = this.modellen.get(sleutel);
    if (!m) {
      const r = await this.bronnen.regelbestandVersie(b.bevoegdGezag, b.activiteit, b.soort, b.versie);
      m = this.leesDmn(r.dmn, r.bestand);
      this.modellen.set(sleutel, m);
    }
    return m;
  }

  private async append(id: string, versie: bigint | 'no_stream', events: SessieEvent[], door: Checker, commandId: string): Promise<void> {
    const metadata: EventMetadata = { actor: door.actor, commandId, correlationId: door.correlationId ?? commandId, causationId: commandId };
    await this.store.appendToStream(sessieStream(id), versie, events.map((e, i) => ({ eventId: eventIdVoor(commandId, i), type: e.type, data: e.data, metadata })));
  }
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
