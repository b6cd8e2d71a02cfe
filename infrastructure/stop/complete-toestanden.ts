import { completeToestanden, type Levering } from '../../domain/tijd/toestanden.ts';

/** The time-travel filter the STOP versiebeheer simulator reports with complete toestanden. */
const TIJDREISFILTER = {
  BekendOpAanwezig: true,
  GeldigVanafAanwezig: true,
  OntvangenOpAanwezig: true,
  SoortTijdreis: 'https://identifier.overheid.nl/tooi/def/thes/kern/c_nntb_ct',
};

type Inhoud = { Instrumentversie: string; IsNietInWerking: false } | { IsNietInWerking: true };

/**
 * The complete toestanden of every instrument in the deliveries, in the shape of the STOP
 * simulator's `Test_CompleteToestanden_verwacht.json` ("Testresultaat - CompleteToestanden"):
 * per work id its toestanden newest first, each pointing at its inhoud (an instrumentversie,
 * or not in force). Expression ids of the toestanden are made as `<work>/nld@<juridisch werkend
 * vanaf>`, `;2`, `;3` for later ones on the same date: the simulator's own differ.
 */
export function completeToestandenAlsStop(leveringen: readonly Levering[]) {
  const laatste = (waarden: string[]) => waarden.reduce((a, b) => (b > a ? b : a), '');
  // The doelen that bring an instrumentversie into force (they have a juridischWerkendVanaf).
  const inWerking = new Set(leveringen.flatMap((l) => (l.tijdstempels ?? []).filter((t) => t.soort === 'juridischWerkendVanaf').map((t) => t.doel)));
  const doelenVan = new Map<string, Set<string>>();
  for (const l of leveringen) {
    for (const v of l.beoogdeVersies ?? []) for (const d of v.doelen) if (inWerking.has(d)) doelenVan.set(v.instrumentversie, (doelenVan.get(v.instrumentversie) ?? new Set()).add(d));
  }

  const uit: Record<string, unknown> = {};
  for (const [instrument, toestanden] of completeToestanden(leveringen)) {
    const inhoud: Inhoud[] = [];
    const index = (i: Inhoud) => {
      const gevonden = inhoud.findIndex((x) => JSON.stringify(x) === JSON.stringify(i));
      return gevonden >= 0 ? gevonden : inhoud.push(i) - 1;
    };
    const perDatum = new Map<string, number>();
    const expressies = [...toestanden].reverse().map((t) => {
      const n = (perDatum.get(t.juridischWerkendVanaf) ?? 0) + 1;
      perDatum.set(t.juridischWerkendVanaf, n);
      return `${instrument}/nld@${t.juridischWerkendVanaf}${n > 1 ? `;${n}` : ''}`;
    }).reverse();
    const lijst = toestanden.map((t, i) => ({
      BekendOp: t.bekendOp,
      GeldigVanaf: t.geldigVanaf,
      Identificatie: i,
      Inhoud: index('instrumentversie' in t.inhoud ? { Instrumentversie: t.inhoud.instrumentversie, IsNietInWerking: false } : { IsNietInWerking: true }),
      JuridischWerkendVanaf: t.juridischWerkendVanaf,
      OntvangenOp: t.ontvangenOp.slice(0, 10),
    }));
    uit[instrument] = {
      BekendOp: laatste(leveringen.map((l) => l.bekendOp)),
      OntvangenOp: laatste(leveringen.map((l) => l.ontvangenOp)).slice(0, 10),
      Tijdreisfilter: TIJDREISFILTER,
      ToestandIdentificatie: toestanden.map((t, i) => {
        const doelen = 'instrumentversie' in t.inhoud ? [...(doelenVan.get(t.inhoud.instrumentversie) ?? [])].sort() : [];
        return { ExpressionId: expressies[i], ...(doelen.length ? { Inwerkingtredingsdoelen: doelen } : {}) };
      }),
      ToestandInhoud: inhoud,
      Toestanden: lijst,
    };
  }
  return { 'Testresultaat - CompleteToestanden': uit };
}
