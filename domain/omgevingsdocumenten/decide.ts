/**
 * Commands of a bevoegd gezag on its regelingen, and `decide`: which events they cause, or
 * why they are refused. Pure; the caller says who acts (`bevoegdGezag`).
 */
import { echteDatum, instrumentVan, type Datum, type SoortTijdstempel } from '../tijd/toestanden.ts';
import { SOORTEN, controleerObject, type Inhoudsfout, type Mutatie, type Soort } from './inhoud.ts';
import { Delen, idVan, type ObjectVan } from './kern.ts';
import { BEVOEGD_GEZAG, DOCUMENTTYPES, evolve, type Documenttype, type Regeling, type RegelingEvent } from './regeling.ts';

interface Besluitgegevens {
  doel: string;
  instrumentversie: string;
  /** Defaults to the last vastgestelde version (none for the first). */
  basisversie?: string;
  bekendOp: Datum;
  /** The change to the basis; without it, the content came before in LeverInhoud parts (or is the basis as it is). */
  mutatie?: Mutatie;
}

export type RegelingCommand =
  /** A new regeling before its first besluit: a large delivery registers it, then sends its content in parts. */
  | { type: 'RegistreerRegeling'; data: { documenttype: Documenttype; citeertitel: string } }
  /**
   * One part of a version's content, ahead of the besluit (or ontwerp, or rectificatie) that
   * brings the version in the same append. Each object is checked by itself here; the
   * references of the whole version are checked on the write side's content index (they need
   * every object of the version, which the state does not hold).
   */
  | { type: 'LeverInhoud'; data: { instrumentversie: string; mutatie: Mutatie } }
  | { type: 'PubliceerOntwerp'; data: Besluitgegevens & { documenttype: Documenttype; citeertitel: string; terInzage: { van: Datum; tot: Datum } } }
  | { type: 'TrekOntwerpIn'; data: { doel: string; bekendOp: Datum } }
  | { type: 'PubliceerBesluit'; data: Besluitgegevens & { documenttype: Documenttype; citeertitel: string; juridischWerkendVanaf?: Datum; geldigVanaf?: Datum } }
  | { type: 'StelInwerkingtredingVast'; data: { doel: string; bekendOp: Datum; juridischWerkendVanaf: Datum; geldigVanaf?: Datum } }
  | { type: 'Rectificeer'; data: { doel: string; instrumentversie: string; bekendOp: Datum; mutatie?: Mutatie; juridischWerkendVanaf?: Datum; geldigVanaf?: Datum } }
  | { type: 'TrekRegelingIn'; data: { doel: string; bekendOp: Datum; juridischWerkendVanaf: Datum } }
  | { type: 'VerwerkVernietiging'; data: { doel: string; bekendOp: Datum; uitspraak: string } }
  /** A version that a besluit for another doel brought is also what this doel brings (STOP: a BeoogdeRegeling with several doelen). */
  | { type: 'BeoogVersieVoorDoel'; data: { doel: string; instrumentversie: string; bekendOp: Datum; juridischWerkendVanaf?: Datum; geldigVanaf?: Datum } }
  | { type: 'TrekTijdstempelTerug'; data: { doel: string; soort: SoortTijdstempel; bekendOp: Datum } }
  /** Takes back the version or the intrekking a doel brought. */
  | { type: 'TrekBeoogdeVersieTerug'; data: { doel: string; bekendOp: Datum } };

export type Foutcode =
  | 'niet_bevoegd'
  | 'onbekend'
  | 'bestaat_al'
  | 'ongeldige_invoer'
  | 'onmogelijke_datum'
  | 'ongeldige_inhoud';

/** Why a command is refused. The edge turns the code into an HTTP status. */
export class RegelingFout extends Error {
  override name = 'RegelingFout';
  constructor(
    readonly code: Foutcode,
    message: string,
    readonly inhoudsfouten: Inhoudsfout[] = [],
  ) {
    super(message);
  }
}

/** One object (a locatie with its geometry, say) must fit in one event with room to spare. */
export const MAX_OBJECT_BYTES = 900 * 1024;

function controleerDatum(naam: string, datum: Datum | undefined): void {
  if (datum === undefined) return;
  if (typeof datum !== 'string' || !echteDatum(datum)) {
    throw new RegelingFout('ongeldige_invoer', `${naam} ${JSON.stringify(datum)} is geen bestaande datum (jjjj-mm-dd)`);
  }
}

export interface Besluitcontext {
  /** The bevoegd gezag that gives the command. */
  bevoegdGezag: string;
  regelingId: string;
}

export function decide(command: RegelingCommand, state: Regeling, context: Besluitcontext): RegelingEvent[] {
  const { bevoegdGezag, regelingId } = context;
  if (!BEVOEGD_GEZAG.test(bevoegdGezag)) throw new RegelingFout('ongeldige_invoer', `${bevoegdGezag} is geen code van een bevoegd gezag (zoals gm0363, pv27, ws0155, mnre1034)`);
  if (state.bevoegdGezag && state.bevoegdGezag !== bevoegdGezag) {
    throw new RegelingFout('niet_bevoegd', `Regeling ${regelingId} is van ${state.bevoegdGezag}; ${bevoegdGezag} mag haar niet wijzigen`);
  }
  const bestaandDoel = (doel: string) => {
    const d = state.doelen[doel];
    if (!d) throw new RegelingFout('onbekend', `Regeling ${regelingId} heeft geen besluit met doel ${doel}`);
    return d;
  };
  for (const [naam, waarde] of Object.entries(command.data)) {
    if (['bekendOp', 'juridischWerkendVanaf', 'geldigVanaf'].includes(naam)) controleerDatum(naam, waarde as Datum);
  }
  const d = command.data as { juridischWerkendVanaf?: Datum; geldigVanaf?: Datum };
  if (d.juridischWerkendVanaf && d.geldigVanaf && d.geldigVanaf > d.juridischWerkendVanaf) {
    throw new RegelingFout('onmogelijke_datum', `geldigVanaf ${d.geldigVanaf} ligt na juridischWerkendVanaf ${d.juridischWerkendVanaf}; alleen terugwerkende kracht (eerder) kan`);
  }
  const intrekking = Object.values(state.doelen).find((x) => x.status === 'intrekking');
  for (const datum of [d.juridischWerkendVanaf, d.geldigVanaf]) {
    if (datum && intrekking?.juridischWerkendVanaf && datum >= intrekking.juridischWerkendVanaf && command.type !== 'TrekRegelingIn') {
      throw new RegelingFout('onmogelijke_datum', `${datum} ligt op of na de intrekking van de regeling per ${intrekking.juridischWerkendVanaf}`);
    }
  }

  switch (command.type) {
    case 'RegistreerRegeling': {
      if (state.regelingId) throw new RegelingFout('bestaat_al', `Regeling ${regelingId} bestaat al`);
      controleerRegistratie(command.data, state, regelingId);
      return [{ type: 'RegelingGeregistreerd', data: { regelingId, bevoegdGezag, documenttype: command.data.documenttype, citeertitel: command.data.citeertitel } }];
    }
    case 'LeverInhoud': {
      const { instrumentversie, mutatie } = command.data;
      if (!state.regelingId) throw new RegelingFout('onbekend', `Regeling ${regelingId} bestaat niet; registreer haar eerst`);
      controleerVersieId(state, regelingId, instrumentversie);
      return [leverInhoud(state, instrumentversie, mutatie)];
    }
    case 'PubliceerOntwerp':
    case 'PubliceerBesluit': {
      const c = command.data;
      controleerRegistratie(c, state, regelingId);
      const bestaand = state.doelen[c.doel];
      if (bestaand && !(command.type === 'PubliceerBesluit' && bestaand.status === 'ontwerp')) {
        throw new RegelingFout('bestaat_al', `Doel ${c.doel} is al gebruikt (${bestaand.status}); een nieuw besluit heeft een nieuw doel`);
      }
      if (command.type === 'PubliceerOntwerp') {
        const { terInzage } = command.data;
        controleerDatum('terInzage.van', terInzage?.van);
        controleerDatum('terInzage.tot', terInzage?.tot);
        if (!terInzage?.van || !terInzage.tot || terInzage.tot < terInzage.van) {
          throw new RegelingFout('onmogelijke_datum', 'Een ontwerp heeft een ter-inzagetermijn (van en tot) die niet eindigt voor hij begint');
        }
      }
      const basisversie = c.basisversie ?? state.laatsteVersie;
      const onderdelen = nieuweVersie(state, regelingId, c.instrumentversie, basisversie, c.mutatie);
      const registratie: RegelingEvent[] = state.regelingId
        ? []
        : [{ type: 'RegelingGeregistreerd', data: { regelingId, bevoegdGezag, documenttype: c.documenttype, citeertitel: c.citeertitel } }];
      const besluit: RegelingEvent =
        command.type === 'PubliceerOntwerp'
          ? { type: 'OntwerpGepubliceerd', data: { doel: c.doel, instrumentversie: c.instrumentversie, basisversie, bekendOp: c.bekendOp, terInzage: command.data.terInzage } }
          : {
              type: 'BesluitGepubliceerd',
              data: {
                doel: c.doel,
                instrumentversie: c.instrumentversie,
                basisversie,
                bekendOp: c.bekendOp,
                juridischWerkendVanaf: command.data.juridischWerkendVanaf,
                geldigVanaf: command.data.geldigVanaf,
              },
            };
      return [...registratie, ...onderdelen, besluit];
    }
    case 'TrekOntwerpIn': {
      if (bestaandDoel(command.data.doel).status !== 'ontwerp') throw new RegelingFout('ongeldige_invoer', `Doel ${command.data.doel} is geen ontwerp meer`);
      return [{ type: 'OntwerpIngetrokken', data: command.data }];
    }
    case 'StelInwerkingtredingVast': {
      const doel = bestaandDoel(command.data.doel);
      if (doel.status !== 'vastgesteld') throw new RegelingFout('ongeldige_invoer', `Doel ${command.data.doel} is ${doel.status}, niet vastgesteld`);
      if (doel.juridischWerkendVanaf) {
        throw new RegelingFout('bestaat_al', `Doel ${command.data.doel} treedt al in werking op ${doel.juridischWerkendVanaf}; een andere datum gaat via een rectificatie`);
      }
      return [{ type: 'InwerkingtredingVastgesteld', data: command.data }];
    }
    case 'Rectificeer': {
      const c = command.data;
      const doel = state.doelen[c.doel];
      if (!doel || doel.status !== 'vastgesteld' || !doel.instrumentversie) {
        throw new RegelingFout('onbekend', `Er is geen gepubliceerd besluit met doel ${c.doel} in regeling ${regelingId} om te rectificeren`);
      }
      const onderdelen = nieuweVersie(state, regelingId, c.instrumentversie, doel.instrumentversie, c.mutatie);
      return [...onderdelen, { type: 'BesluitGerectificeerd', data: { doel: c.doel, instrumentversie: c.instrumentversie, bekendOp: c.bekendOp, juridischWerkendVanaf: c.juridischWerkendVanaf, geldigVanaf: c.geldigVanaf } }];
    }
    case 'TrekRegelingIn': {
      if (!state.regelingId) throw new RegelingFout('onbekend', `Regeling ${regelingId} bestaat niet`);
      if (state.doelen[command.data.doel]) throw new RegelingFout('bestaat_al', `Doel ${command.data.doel} is al gebruikt`);
      if (intrekking) throw new RegelingFout('bestaat_al', `Regeling ${regelingId} is al ingetrokken per ${intrekking.juridischWerkendVanaf}`);
      const laatste = Object.values(state.doelen).map((x) => x.juridischWerkendVanaf ?? '').sort().at(-1) ?? '';
      if (command.data.juridischWerkendVanaf <= laatste) {
        throw new RegelingFout('onmogelijke_datum', `De intrekking per ${command.data.juridischWerkendVanaf} ligt niet na de laatste inwerkingtreding (${laatste})`);
      }
      return [{ type: 'RegelingIngetrokken', data: command.data }];
    }
    case 'VerwerkVernietiging': {
      const doel = bestaandDoel(command.data.doel);
      if (doel.status !== 'vastgesteld' && doel.status !== 'intrekking') throw new RegelingFout('ongeldige_invoer', `Doel ${command.data.doel} is ${doel.status}; alleen een vastgesteld besluit kan worden vernietigd`);
      if (!command.data.uitspraak?.trim()) throw new RegelingFout('ongeldige_invoer', 'Noem de uitspraak (bijvoorbeeld een ECLI)');
      return [{ type: 'BesluitVernietigd', data: command.data }];
    }
    case 'BeoogVersieVoorDoel': {
      const { doel: id, instrumentversie, bekendOp, juridischWerkendVanaf, geldigVanaf } = command.data;
      vereisBekendOp(bekendOp);
      if (!state.versies[instrumentversie]) {
        throw new RegelingFout('onbekend', `Versie ${instrumentversie} van regeling ${regelingId} bestaat niet; een nieuwe versie komt met een besluit`);
      }
      const doel = state.doelen[id];
      if (doel?.instrumentversie === instrumentversie && doel.status === 'vastgesteld') throw new RegelingFout('bestaat_al', `Doel ${id} brengt versie ${instrumentversie} al`);
      // As PubliceerBesluit: a new doel, or one whose ontwerp is now vastgesteld; as Rectificeer: a vastgesteld one gets another version.
      if (doel && doel.status !== 'ontwerp' && doel.status !== 'vastgesteld') {
        throw new RegelingFout('bestaat_al', `Doel ${id} is al gebruikt (${doel.status}); een nieuw besluit heeft een nieuw doel`);
      }
      return [{ type: 'VersieVoorDoelBeoogd', data: { doel: id, instrumentversie, bekendOp, juridischWerkendVanaf, geldigVanaf } }];
    }
    case 'TrekTijdstempelTerug': {
      const { doel: id, soort, bekendOp } = command.data;
      vereisBekendOp(bekendOp);
      if (soort !== 'juridischWerkendVanaf' && soort !== 'geldigVanaf') {
        throw new RegelingFout('ongeldige_invoer', `Onbekende soort tijdstempel ${JSON.stringify(soort)}; kies juridischWerkendVanaf of geldigVanaf`);
      }
      const doel = bestaandDoel(id);
      if (doel.status === 'vernietigd') throw new RegelingFout('ongeldige_invoer', `Doel ${id} is vernietigd; zijn tijdstempels gelden al niet meer`);
      // An unset geldigVanaf follows juridischWerkendVanaf: it was never given, so it cannot be taken back.
      if (!doel[soort]) throw new RegelingFout('onbekend', `Doel ${id} heeft geen ${soort} om terug te trekken`);
      return [{ type: 'TijdstempelTeruggetrokken', data: { doel: id, soort, bekendOp } }];
    }
    case 'TrekBeoogdeVersieTerug': {
      const { doel: id, bekendOp } = command.data;
      vereisBekendOp(bekendOp);
      const doel = bestaandDoel(id);
      if (doel.status === 'ontwerp') throw new RegelingFout('ongeldige_invoer', `Doel ${id} is een ontwerp; een ontwerp trekt u in met TrekOntwerpIn`);
      if (doel.status !== 'vastgesteld' && doel.status !== 'intrekking') {
        throw new RegelingFout('ongeldige_invoer', `Doel ${id} is ${doel.status}; alleen de versie of intrekking van een vastgesteld besluit kan worden teruggetrokken`);
      }
      return [{ type: 'BeoogdeVersieTeruggetrokken', data: { doel: id, bekendOp } }];
    }
  }
}

function controleerRegistratie(c: { documenttype: Documenttype; citeertitel: string }, state: Regeling, regelingId: string): void {
  if (!DOCUMENTTYPES.includes(c.documenttype)) {
    throw new RegelingFout('ongeldige_invoer', `Onbekend documenttype ${JSON.stringify(c.documenttype)}; kies uit: ${DOCUMENTTYPES.join(', ')}`);
  }
  if (state.documenttype && state.documenttype !== c.documenttype) {
    throw new RegelingFout('ongeldige_invoer', `Regeling ${regelingId} is een ${state.documenttype}, geen ${c.documenttype}`);
  }
  if (!c.citeertitel?.trim()) throw new RegelingFout('ongeldige_invoer', 'Een regeling heeft een citeertitel');
}

/** The time model needs to know when a change became public. */
function vereisBekendOp(bekendOp: Datum | undefined): void {
  if (!bekendOp) throw new RegelingFout('ongeldige_invoer', 'Noem bekendOp: de dag waarop dit bekend werd (jjjj-mm-dd)');
}

/** An expression id of this regeling that is not a version yet. */
function controleerVersieId(state: Regeling, regelingId: string, instrumentversie: string): void {
  let werk: string;
  try {
    werk = instrumentVan(instrumentversie);
  } catch {
    throw new RegelingFout('ongeldige_invoer', `${instrumentversie} is geen expression id (zoals ${regelingId}/nld@2024-05-01;1)`);
  }
  if (werk !== regelingId) throw new RegelingFout('ongeldige_invoer', `Versie ${instrumentversie} hoort niet bij regeling ${regelingId}`);
  if (state.versies[instrumentversie]) throw new RegelingFout('bestaat_al', `Versie ${instrumentversie} bestaat al`);
}

/** One part of content, each object checked by itself (its size, geometry, type). */
function leverInhoud(state: Regeling, instrumentversie: string, mutatie: Mutatie): RegelingEvent {
  const fouten: Inhoudsfout[] = [];
  for (const soort of SOORTEN) {
    for (const object of (mutatie.plaats?.[soort] ?? []) as ObjectVan<Soort>[]) {
      const id = idVan(soort, object as { wId?: string; identificatie?: string });
      // The structure first: a geometry of a million points is refused by its count, before it is serialised.
      const redenen = controleerObject(soort, object);
      const bytes = redenen.length ? 0 : Buffer.byteLength(JSON.stringify(object));
      if (bytes > MAX_OBJECT_BYTES) redenen.push(`${bytes} bytes; één object mag hoogstens ${MAX_OBJECT_BYTES} bytes zijn. Vereenvoudig de geometrie of deel het gebied op`);
      for (const reden of redenen) fouten.push({ soort, identificatie: String(id), reden });
    }
  }
  if (fouten.length > 0) {
    throw new RegelingFout('ongeldige_inhoud', `De inhoud van ${instrumentversie} klopt niet: ${fouten.length} fout(en), de eerste: ${fouten[0]!.soort} ${fouten[0]!.identificatie}: ${fouten[0]!.reden}`, fouten);
  }
  return { type: 'InhoudGeleverd', data: { instrumentversie, deel: (state.inLevering[instrumentversie] ?? 0) + 1, mutatie } };
}

/**
 * A new version: the basis with the parts delivered before and the mutation given now (cut
 * into parts under MAX_DEEL_BYTES), each object checked by itself.
 */
function nieuweVersie(state: Regeling, regelingId: string, instrumentversie: string, basisversie: string | undefined, mutatie: Mutatie | undefined): RegelingEvent[] {
  controleerVersieId(state, regelingId, instrumentversie);
  if (basisversie && !state.versies[basisversie]) throw new RegelingFout('onbekend', `Basisversie ${basisversie} bestaat niet`);
  const nu: RegelingEvent[] = [];
  let toestand = state;
  for (const deel of mutatie ? delen(mutatie) : []) {
    const event = leverInhoud(toestand, instrumentversie, deel);
    nu.push(event);
    toestand = evolve(toestand, event);
  }
  return nu;
}

/** Cuts a mutation into parts whose JSON stays under MAX_DEEL_BYTES, objects whole and in order. */
function delen(mutatie: Mutatie): Mutatie[] {
  const uit: Mutatie[] = [];
  const d = new Delen();
  const voegToe = (soort: Soort, wat: 'plaats' | 'verwijder', item: unknown) => {
    const deel = d.voegToe(soort, wat, item, Buffer.byteLength(JSON.stringify(item)) + 8);
    if (deel) uit.push(deel);
  };
  for (const soort of SOORTEN) for (const id of mutatie.verwijder?.[soort] ?? []) voegToe(soort, 'verwijder', id);
  for (const soort of SOORTEN) for (const object of mutatie.plaats?.[soort] ?? []) voegToe(soort, 'plaats', object);
  const rest = d.rest();
  if (rest) uit.push(rest);
  return uit;
}
