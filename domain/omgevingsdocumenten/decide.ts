/**
 * Commands of a bevoegd gezag on its regelingen, and `decide`: which events they cause, or
 * why they are refused. Pure; the caller says who acts (`bevoegdGezag`).
 */
import { instrumentVan, type Datum } from '../tijd/toestanden.ts';
import { SOORTEN, controleerInhoud, pasMutatieToe, legeInhoud, type Inhoud, type Inhoudsfout, type Mutatie } from './inhoud.ts';
import { BEVOEGD_GEZAG, DOCUMENTTYPES, type Documenttype, type Regeling, type RegelingEvent } from './regeling.ts';

interface Besluitgegevens {
  doel: string;
  instrumentversie: string;
  /** Defaults to the last vastgestelde version (none for the first). */
  basisversie?: string;
  bekendOp: Datum;
  mutatie: Mutatie;
}

export type RegelingCommand =
  | { type: 'PubliceerOntwerp'; data: Besluitgegevens & { documenttype: Documenttype; citeertitel: string; terInzage: { van: Datum; tot: Datum } } }
  | { type: 'TrekOntwerpIn'; data: { doel: string; bekendOp: Datum } }
  | { type: 'PubliceerBesluit'; data: Besluitgegevens & { documenttype: Documenttype; citeertitel: string; juridischWerkendVanaf?: Datum; geldigVanaf?: Datum } }
  | { type: 'StelInwerkingtredingVast'; data: { doel: string; bekendOp: Datum; juridischWerkendVanaf: Datum; geldigVanaf?: Datum } }
  | { type: 'Rectificeer'; data: { doel: string; instrumentversie: string; bekendOp: Datum; mutatie: Mutatie; juridischWerkendVanaf?: Datum; geldigVanaf?: Datum } }
  | { type: 'TrekRegelingIn'; data: { doel: string; bekendOp: Datum; juridischWerkendVanaf: Datum } }
  | { type: 'VerwerkVernietiging'; data: { doel: string; bekendOp: Datum; uitspraak: string } };

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

/** Events of one content delivery stay well under the event store's 1 MiB limit. */
export const MAX_DEEL_BYTES = 512 * 1024;
/** One object (a locatie with its geometry, say) must fit in one event with room to spare. */
export const MAX_OBJECT_BYTES = 900 * 1024;

const DATUM = /^\d{4}-\d{2}-\d{2}$/;
function controleerDatum(naam: string, datum: Datum | undefined): void {
  if (datum === undefined) return;
  const d = new Date(`${datum}T00:00:00Z`);
  if (!DATUM.test(datum) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== datum) {
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
    case 'PubliceerOntwerp':
    case 'PubliceerBesluit': {
      const c = command.data;
      if (!DOCUMENTTYPES.includes(c.documenttype)) {
        throw new RegelingFout('ongeldige_invoer', `Onbekend documenttype ${JSON.stringify(c.documenttype)}; kies uit: ${DOCUMENTTYPES.join(', ')}`);
      }
      if (state.documenttype && state.documenttype !== c.documenttype) {
        throw new RegelingFout('ongeldige_invoer', `Regeling ${regelingId} is een ${state.documenttype}, geen ${c.documenttype}`);
      }
      if (!c.citeertitel?.trim()) throw new RegelingFout('ongeldige_invoer', 'Een regeling heeft een citeertitel');
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
  }
}

/** Checks a new version (basis + mutation) and cuts its mutation into parts under MAX_DEEL_BYTES. */
function nieuweVersie(state: Regeling, regelingId: string, instrumentversie: string, basisversie: string | undefined, mutatie: Mutatie): RegelingEvent[] {
  let werk: string;
  try {
    werk = instrumentVan(instrumentversie);
  } catch {
    throw new RegelingFout('ongeldige_invoer', `${instrumentversie} is geen expression id (zoals ${regelingId}/nld@2024-05-01;1)`);
  }
  if (werk !== regelingId) throw new RegelingFout('ongeldige_invoer', `Versie ${instrumentversie} hoort niet bij regeling ${regelingId}`);
  if (state.versies[instrumentversie]) throw new RegelingFout('bestaat_al', `Versie ${instrumentversie} bestaat al`);
  if (basisversie && !state.versies[basisversie]) throw new RegelingFout('onbekend', `Basisversie ${basisversie} bestaat niet`);
  const basis: Inhoud = basisversie ? state.versies[basisversie]! : legeInhoud();
  const ontbreekt: Inhoudsfout[] = [];
  for (const soort of SOORTEN) {
    for (const id of mutatie.verwijder?.[soort] ?? []) {
      if (!Object.hasOwn(basis[soort], id)) ontbreekt.push({ soort, identificatie: id, reden: 'te verwijderen, maar staat niet in de basisversie' });
    }
  }
  const fouten = [...ontbreekt, ...controleerInhoud(pasMutatieToe(basis, mutatie))];
  if (fouten.length > 0) {
    throw new RegelingFout('ongeldige_inhoud', `De inhoud van ${instrumentversie} klopt niet: ${fouten.length} fout(en), de eerste: ${fouten[0]!.soort} ${fouten[0]!.identificatie}: ${fouten[0]!.reden}`, fouten);
  }
  return delen(mutatie).map((deel, i) => ({ type: 'InhoudGeleverd', data: { instrumentversie, deel: i + 1, mutatie: deel } }));
}

/** Cuts a mutation into parts whose JSON stays under MAX_DEEL_BYTES, objects whole and in order. */
function delen(mutatie: Mutatie): Mutatie[] {
  const uit: Mutatie[] = [];
  let huidig: Mutatie = {};
  let grootte = 0;
  const voegToe = (soort: (typeof SOORTEN)[number], wat: 'plaats' | 'verwijder', item: unknown) => {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 8;
    if (bytes > MAX_OBJECT_BYTES) {
      const id = typeof item === 'string' ? item : ((item as { identificatie?: string; wId?: string }).identificatie ?? (item as { wId?: string }).wId);
      throw new RegelingFout('ongeldige_inhoud', `${soort} ${id} is ${bytes} bytes; één object mag hoogstens ${MAX_OBJECT_BYTES} bytes zijn. Vereenvoudig de geometrie of deel het gebied op`, [
        { soort, identificatie: String(id), reden: 'te groot' },
      ]);
    }
    if (grootte + bytes > MAX_DEEL_BYTES && grootte > 0) {
      uit.push(huidig);
      huidig = {};
      grootte = 0;
    }
    const bak = (huidig[wat] ??= {}) as Record<string, unknown[]>;
    (bak[soort] ??= []).push(item);
    grootte += bytes;
  };
  for (const soort of SOORTEN) for (const id of mutatie.verwijder?.[soort] ?? []) voegToe(soort, 'verwijder', id);
  for (const soort of SOORTEN) for (const object of mutatie.plaats?.[soort] ?? []) voegToe(soort, 'plaats', object);
  if (grootte > 0 || uit.length === 0) uit.push(huidig);
  return uit;
}
