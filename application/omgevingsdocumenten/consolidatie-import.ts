import { START, type Checkpoint, type EventStore, type RecordedEvent } from '../ports/event-store.ts';
import { RegelingFout, decide, type RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import { bestuurslaagVan, evolve, regelingStream, type Documenttype, type Regeling, type RegelingEventType } from '../../domain/omgevingsdocumenten/regeling.ts';
import { instrumentVan, type Basisversie, type Levering } from '../../domain/tijd/toestanden.ts';
import type { RegelingService } from './regeling-service.ts';

/** The documenttype a regeling gets when a ConsolidatieInformatie is the first that is heard of it. */
const STANDAARD_TYPE: Record<string, Documenttype> = { gemeente: 'omgevingsplan', provincie: 'omgevingsverordening', waterschap: 'waterschapsverordening', rijk: 'AMvB' };

export interface ConsolidatieAfhandeling {
  /** Per regeling (work id), the commands it became now (none when handled before). */
  regelingen: Record<string, RegelingCommand['type'][]>;
  /** The events stored now (none when the delivery had been imported before). */
  events: RecordedEvent[];
  /** Informatieobjecten (GIO) versions and terugtrekkingen named: their content travels with the regeling's own. */
  informatieobjecten: number;
}

/**
 * The regelingen (work ids) that know a doel. A Tijdstempel or TerugtrekkingTijdstempel names
 * only its doel, not the regeling: without this, only the regelingen the same delivery names
 * are looked at.
 */
export type RegelingenMetDoel = (doel: string) => Promise<string[]>;

/**
 * Imports one STOP ConsolidatieInformatie as time events, through the same commands as the
 * write API: a version for a new doel is a besluit (in force on the doel's tijdstempels in the
 * same delivery), a new version for a doel already published a rectificatie, a version that
 * another doel already brought is beoogd for this doel too (one version, several doelen),
 * tijdstempels alone an inwerkingtreding, an Intrekking an intrekking, a TerugtrekkingTijdstempel
 * and a TerugtrekkingRegeling/-Intrekking take back what a doel had. The versions carry no
 * content here: that comes with the delivery of the regeling's text and OW files.
 * `regelingenMetDoel` finds the regelingen of doelen the delivery names no regeling for.
 *
 * `regelingen` gives a service that records at the delivery's ontvangenOp, so the toestanden
 * are the STOP ones. Every regeling's commands are decided before anything is stored, and each
 * regeling's are stored as one append: a delivery with an error stores nothing. The same
 * delivery again stores nothing (its command ids are its own).
 */
export async function importeerConsolidatie(
  levering: Levering & { gemaaktOp: string },
  regelingen: RegelingService,
  door: { actor: string; bevoegdGezag?: string },
  regelingenMetDoel?: RegelingenMetDoel,
): Promise<ConsolidatieAfhandeling> {
  const isRegeling = (instrument: string) => instrument.startsWith('/akn/');
  const versies = (levering.beoogdeVersies ?? []).filter((v) => isRegeling(v.instrumentversie));
  const intrekkingen = (levering.intrekkingen ?? []).filter((i) => isRegeling(i.instrument));
  const terugtrekkingen = (levering.terugtrekkingen ?? []).filter((t) => isRegeling(t.instrument));
  const tijdstempels = levering.tijdstempels ?? [];
  const terugTijdstempels = levering.terugtrekkingenTijdstempel ?? [];
  const { bekendOp } = levering;

  const fouten = [
    ...versies.filter((v) => v.doelen.length === 0).map((v) => `${v.instrumentversie} noemt geen doel`),
    ...intrekkingen.filter((i) => i.doelen.length === 0).map((i) => `de intrekking van ${i.instrument} noemt geen doel`),
    // Within one delivery STOP applies the terugtrekking last: giving and taking back the same thing says nothing clear.
    ...terugTijdstempels.filter((t) => tijdstempels.some((x) => x.doel === t.doel && x.soort === t.soort)).map((t) => `${t.soort} van ${t.doel} wordt gegeven én teruggetrokken`),
    ...terugtrekkingen
      .filter((t) => versies.some((v) => v.doelen.includes(t.doel) && instrumentVan(v.instrumentversie) === t.instrument) || intrekkingen.some((i) => i.instrument === t.instrument && i.doelen.includes(t.doel)))
      .map((t) => `${t.instrument} voor ${t.doel} wordt beoogd én teruggetrokken`),
  ];
  if (fouten.length > 0) throw new RegelingFout('ongeldige_invoer', `Deze ConsolidatieInformatie kan niet worden verwerkt: ${fouten.join('; ')}`);

  const werken = new Set([...versies.map((v) => instrumentVan(v.instrumentversie)), ...intrekkingen.map((i) => i.instrument), ...terugtrekkingen.map((t) => t.instrument)]);
  if (regelingenMetDoel) {
    for (const doel of new Set([...tijdstempels, ...terugTijdstempels].map((t) => t.doel))) for (const werk of await regelingenMetDoel(doel)) werken.add(werk);
  }
  const stempels = (doel: string) => Object.fromEntries(tijdstempels.filter((t) => t.doel === doel).map((t) => [t.soort, t.datum]));

  /** Each command is made from the regeling as it stands when it is handled (after the ones before). */
  const opdrachtenVoor = (werk: string) => {
    const bevoegdGezag = werk.split('/')[4]!;
    const opdrachten: ((state: Regeling) => RegelingCommand | undefined)[] = [];
    const doelenMetVersie = new Set<string>();
    for (const v of versies.filter((x) => instrumentVan(x.instrumentversie) === werk)) {
      // One version for several doelen: the first doel's besluit (or rectificatie) makes it, the others bring it too.
      for (const doel of v.doelen) {
        doelenMetVersie.add(doel);
        const tijd = stempels(doel);
        opdrachten.push((state) =>
          state.versies[v.instrumentversie]
            ? { type: 'BeoogVersieVoorDoel', data: { doel, instrumentversie: v.instrumentversie, bekendOp, ...tijd } }
            : state.doelen[doel]?.status === 'vastgesteld'
              ? { type: 'Rectificeer', data: { doel, instrumentversie: v.instrumentversie, bekendOp, mutatie: {}, ...tijd } }
              : {
                  type: 'PubliceerBesluit',
                  data: {
                    documenttype: state.documenttype ?? STANDAARD_TYPE[bestuurslaagVan(bevoegdGezag)]!,
                    citeertitel: state.citeertitel ?? werk,
                    doel,
                    instrumentversie: v.instrumentversie,
                    ...basisVan(v.basisversies, state, werk),
                    bekendOp,
                    mutatie: {},
                    ...tijd,
                  },
                },
        );
      }
    }
    for (const i of intrekkingen.filter((x) => x.instrument === werk)) {
      for (const doel of i.doelen) {
        doelenMetVersie.add(doel);
        const { juridischWerkendVanaf } = stempels(doel);
        if (!juridischWerkendVanaf) throw new RegelingFout('ongeldige_invoer', `De intrekking van ${werk} voor ${doel} heeft geen juridischWerkendVanaf`);
        opdrachten.push(() => ({ type: 'TrekRegelingIn', data: { doel, bekendOp, juridischWerkendVanaf } }));
      }
    }
    // Tijdstempels for a doel of this regeling that brings no version in this delivery.
    for (const doel of new Set(tijdstempels.map((t) => t.doel))) {
      const { juridischWerkendVanaf, geldigVanaf } = stempels(doel);
      if (doelenMetVersie.has(doel) || !juridischWerkendVanaf) continue;
      opdrachten.push((state) =>
        state.doelen[doel] ? { type: 'StelInwerkingtredingVast', data: { doel, bekendOp, juridischWerkendVanaf, ...(geldigVanaf ? { geldigVanaf } : {}) } } : undefined,
      );
    }
    // Terugtrekkingen last, as STOP applies them within a delivery.
    for (const t of terugTijdstempels) {
      opdrachten.push((state) => (state.doelen[t.doel] ? { type: 'TrekTijdstempelTerug', data: { doel: t.doel, soort: t.soort, bekendOp } } : undefined));
    }
    for (const t of terugtrekkingen.filter((x) => x.instrument === werk)) opdrachten.push(() => ({ type: 'TrekBeoogdeVersieTerug', data: { doel: t.doel, bekendOp } }));
    return opdrachten;
  };

  /** The commands for a regeling from its state, each decided on the state the ones before leave: a refusal throws. */
  const plan = (werk: string, state: Regeling) => {
    const context = { bevoegdGezag: door.bevoegdGezag ?? werk.split('/')[4]!, regelingId: werk };
    const commands: RegelingCommand[] = [];
    let na = state;
    for (const opdracht of opdrachtenVoor(werk)) {
      const command = opdracht(na);
      if (!command) continue;
      na = decide(command, na, context).reduce(evolve, na);
      commands.push(command);
    }
    return { commands, na };
  };
  // One id per regeling and delivery; `:0` is the id its first command had when each command
  // was stored on its own, so deliveries imported then are still known.
  const commandId = (werk: string) => `consolidatie:${levering.gemaaktOp}:${werk}:0`;

  // First every regeling's commands are decided, so that an error stores nothing at all.
  const teDoen: string[] = [];
  const doelenBekend = new Set<string>();
  for (const werk of werken) {
    const { state, eerder } = await regelingen.laad(werk, { commandId: commandId(werk) });
    let na = state;
    if (eerder.length === 0) {
      const gepland = plan(werk, state);
      if (gepland.commands.length > 0) teDoen.push(werk);
      na = gepland.na;
    }
    for (const t of terugTijdstempels) if (na.doelen[t.doel]) doelenBekend.add(t.doel);
  }
  const onbekend = [...new Set(terugTijdstempels.map((t) => t.doel))].filter((doel) => !doelenBekend.has(doel));
  if (onbekend.length > 0) {
    const waar = regelingenMetDoel ? 'geen regeling heeft een besluit met dat doel' : 'de levering noemt geen regeling met een besluit met dat doel';
    throw new RegelingFout('onbekend', `TerugtrekkingTijdstempel voor ${onbekend.join(', ')}: ${waar}`);
  }

  const uit: ConsolidatieAfhandeling = {
    regelingen: Object.fromEntries([...werken].map((w) => [w, []])),
    events: [],
    informatieobjecten: [...(levering.beoogdeVersies ?? []).map((v) => v.instrumentversie), ...(levering.terugtrekkingen ?? []).map((t) => t.instrument)].filter((i) => !isRegeling(i)).length,
  };
  for (const werk of teDoen) {
    let gemaakt: RegelingCommand[] = [];
    const { events, nieuw } = await regelingen.handel(
      werk,
      (state) => {
        gemaakt = plan(werk, state).commands;
        return gemaakt.length > 0 ? gemaakt : undefined;
      },
      { bevoegdGezag: door.bevoegdGezag ?? werk.split('/')[4]!, actor: door.actor, commandId: commandId(werk) },
    );
    if (!nieuw) continue;
    uit.events.push(...events);
    uit.regelingen[werk] = gemaakt.map((c) => c.type);
  }
  return uit;
}

/**
 * The basisversie of a besluit from its gemaaktOpBasisVan: the version the (latest named) doel
 * brings. That doel's version as it stands now: a rectificatie of it since that gemaaktOp is
 * taken along. Without gemaaktOpBasisVan the besluit builds on the last version.
 */
function basisVan(basisversies: Basisversie[] | undefined, state: Regeling, werk: string): { basisversie?: string } {
  if (!basisversies?.length) return {};
  const laatste = [...basisversies].sort((a, b) => (a.gemaaktOp < b.gemaaktOp ? -1 : 1)).at(-1)!;
  const versie = state.doelen[laatste.doel]?.instrumentversie;
  if (!versie) throw new RegelingFout('onbekend', `gemaaktOpBasisVan noemt doel ${laatste.doel} (gemaakt op ${laatste.gemaaktOp}); regeling ${werk} heeft geen versie voor dat doel. Lever eerst de besluiten waarop deze versie voortbouwt`);
  return { basisversie: versie };
}

const PREFIX = regelingStream('');
/** Events that give a regeling a doel. */
const GEEFT_DOEL: readonly RegelingEventType[] = ['OntwerpGepubliceerd', 'BesluitGepubliceerd', 'RegelingIngetrokken', 'VersieVoorDoelBeoogd'];

/**
 * Finds the regelingen of a doel in the event store. The first question reads every event once
 * (only these types with their data); later ones read on from there, so one lookup serves a
 * whole folder of deliveries.
 */
export function regelingenMetDoelIn(store: EventStore): RegelingenMetDoel {
  const perDoel = new Map<string, Set<string>>();
  let na: Checkpoint = START;
  return async (doel) => {
    for (;;) {
      const events = await store.readAll({ after: na, limit: 1000, dataForTypes: GEEFT_DOEL });
      if (events.length === 0) break;
      for (const e of events) {
        na = e.checkpoint;
        if (!GEEFT_DOEL.includes(e.type as RegelingEventType) || !e.streamId.startsWith(PREFIX)) continue;
        const d = (e.data as { doel: string }).doel;
        perDoel.set(d, (perDoel.get(d) ?? new Set()).add(e.streamId.slice(PREFIX.length)));
      }
    }
    return [...(perDoel.get(doel) ?? [])];
  };
}
