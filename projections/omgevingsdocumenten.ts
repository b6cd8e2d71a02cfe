import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import type pg from 'pg';
import type { RecordedEvent } from '../application/ports/event-store.ts';
import { SOORTEN, type Geometrie, type Mutatie, type Soort } from '../domain/omgevingsdocumenten/inhoud.ts';
import { bestuurslaagVan, leveringVan, type RegelingEvent, type RegelingEventType } from '../domain/omgevingsdocumenten/regeling.ts';
import { Consolidatie, type Levering, type Toestand } from '../domain/tijd/toestanden.ts';
import { StatementQueue } from '../infrastructure/database/statement-queue.ts';
import type { Projection } from './projection.ts';
import { wkbLengte, wkbSchrijf } from './wkb.ts';

/**
 * Per content table: its key column, the IMOW key, and how each other column is read from an
 * IMOW object `o` (jsonb). Locaties read their geometry once, as `g`.
 */
const TABELLEN: Record<Soort, { tabel: string; sleutel: string; kolom: string; kolommen: Record<string, string> }> = {
  regelteksten: {
    tabel: 'regelteksten',
    sleutel: 'wId',
    kolom: 'wid',
    kolommen: { soort: `o->>'soort'`, nummer: `o->>'nummer'`, opschrift: `o->>'opschrift'`, tekst: `o->>'tekst'`, artikel: `o->>'artikel'` },
  },
  juridischeRegels: {
    tabel: 'juridische_regels',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: {
      type: `o->>'type'`,
      regeltekst: `o->>'regeltekst'`,
      locaties: `ARRAY(SELECT jsonb_array_elements_text(o->'locaties'))`,
      activiteiten: `coalesce(o->'activiteiten', '[]')`,
      gebiedsaanwijzingen: `ARRAY(SELECT jsonb_array_elements_text(coalesce(o->'gebiedsaanwijzingen', '[]')))`,
      normen: `ARRAY(SELECT jsonb_array_elements_text(coalesce(o->'normen', '[]')))`,
      themas: `ARRAY(SELECT jsonb_array_elements_text(coalesce(o->'themas', '[]')))`,
    },
  },
  locaties: {
    tabel: 'locaties',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: {
      type: `o->>'type'`,
      noemer: `o->>'noemer'`,
      groepselementen: `CASE WHEN o ? 'groepselementen' THEN ARRAY(SELECT jsonb_array_elements_text(o->'groepselementen')) END`,
      geom: `g`,
      geom_3857: `ST_Transform(g, 3857)`,
    },
  },
  activiteiten: {
    tabel: 'activiteiten',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: { naam: `o->>'naam'`, groep: `o->>'groep'`, bovenliggende_activiteit: `o->>'bovenliggendeActiviteit'` },
  },
  gebiedsaanwijzingen: {
    tabel: 'gebiedsaanwijzingen',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: { type: `o->>'type'`, naam: `o->>'naam'`, groep: `o->>'groep'`, locaties: `ARRAY(SELECT jsonb_array_elements_text(o->'locaties'))` },
  },
  normen: {
    tabel: 'normen',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: { type: `o->>'type'`, naam: `o->>'naam'`, groep: `o->>'groep'`, eenheid: `o->>'eenheid'`, normwaarden: `o->'normwaarden'` },
  },
  ponsen: {
    tabel: 'ponsen',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: { locaties: `ARRAY(SELECT jsonb_array_elements_text(o->'locaties'))` },
  },
  kaarten: {
    tabel: 'kaarten',
    sleutel: 'identificatie',
    kolom: 'identificatie',
    kolommen: {
      naam: `o->>'naam'`,
      nummer: `o->>'nummer'`,
      uitsnede: `o->'uitsnede'`,
      kaartlagen: `o->'kaartlagen'`,
      regelteksten: `ARRAY(SELECT jsonb_array_elements_text(coalesce(o->'regelteksten', '[]')))`,
    },
  },
};

/**
 * Rows that follow from a content row as it is inserted, written by the same statement: the
 * locaties each juridische regel names (migration 0006) and the elements each groep holds
 * (migration 0008), one row each.
 */
const AFGELEID: Partial<Record<Soort, { terug: string; invoegen: (nieuw: string) => string }>> = {
  juridischeRegels: {
    terug: 'regeling_id, identificatie, lower(versies) AS van, locaties',
    invoegen: (nieuw) => `INSERT INTO rm.regel_locaties (regeling_id, locatie, regel, van) SELECT regeling_id, unnest(locaties), identificatie, van FROM ${nieuw}`,
  },
  locaties: {
    terug: 'regeling_id, identificatie, lower(versies) AS van, groepselementen',
    invoegen: (nieuw) => `INSERT INTO rm.groep_elementen (regeling_id, element, groep, van) SELECT regeling_id, unnest(groepselementen), identificatie, van FROM ${nieuw} WHERE groepselementen IS NOT NULL`,
  },
};

const HANDLES: readonly RegelingEventType[] = [
  'RegelingGeregistreerd',
  'InhoudGeleverd',
  'OntwerpGepubliceerd',
  'OntwerpIngetrokken',
  'BesluitGepubliceerd',
  'InwerkingtredingVastgesteld',
  'BesluitGerectificeerd',
  'RegelingIngetrokken',
  'BesluitVernietigd',
  'VersieVoorDoelBeoogd',
  'TijdstempelTeruggetrokken',
  'BeoogdeVersieTeruggetrokken',
];

/** Events that make a version; all but the content parts and the registration are in rm.regeling_gebeurtenissen. */
const MAAKT_VERSIE = new Set<string>(['OntwerpGepubliceerd', 'BesluitGepubliceerd', 'BesluitGerectificeerd']);

/** The regeling id of a stream `regeling-<work id>`. */
const regelingVan = (e: RecordedEvent) => e.streamId.slice('regeling-'.length);

/**
 * One content row: in the versions [van, tot) (tot null: still open). A row written in the
 * current batch carries what to write: an IMOW object, or the stored row (by its van) to copy.
 */
interface Rij {
  van: number;
  tot: number | null;
  nieuw?: { o: unknown } | { bron: number };
}

/**
 * What the projection knows of one regeling between batches: enough to number versions, end
 * and begin content rows, and consolidate, without reading the tables back per event.
 */
interface Stand {
  /** The global position of its last event in rm.regeling_gebeurtenissen: checked against the table before use. */
  tot: bigint | null;
  laatste: number;
  versies: Map<string, { volgnummer: number; doel: string; soort: string }>;
  /** Per doel, the last version a besluit or rectificatie brought (the basis of a rectificatie). */
  vastgesteld: Map<string, string>;
  rijen: Record<Soort, Map<string, Rij[]>>;
  leveringen: Levering[];
  consolidatie: Consolidatie;
}

const legeStand = (): Stand => ({
  tot: null,
  laatste: 0,
  versies: new Map(),
  vastgesteld: new Map(),
  rijen: Object.fromEntries(SOORTEN.map((s) => [s, new Map()])) as Stand['rijen'],
  leveringen: [],
  consolidatie: new Consolidatie(),
});

/**
 * Standen kept between batches, keyed `database|regeling` (one process may project several
 * databases), least recently used dropped first. A stand that does not match the table (after
 * a rollback, a rebuild, or another projector's batch) is read again.
 */
const standen = new Map<string, Stand>();
const MAX_STANDEN = 20_000;

/** Reads the standen of these regelingen from the read model, in one round of queries. */
async function leesStanden(client: StatementQueue, ids: string[], tot: Map<string, bigint>): Promise<Map<string, Stand>> {
  const uit = new Map(ids.map((id) => [id, { ...legeStand(), tot: tot.get(id) ?? null }]));
  const { rows: versies } = await client.query<{ regeling_id: string; instrumentversie: string; volgnummer: number; doel: string; soort: string }>(
    'SELECT regeling_id, instrumentversie, volgnummer, doel, soort FROM rm.regeling_versies WHERE regeling_id = ANY($1) ORDER BY volgnummer',
    [ids],
  );
  for (const v of versies) {
    const s = uit.get(v.regeling_id)!;
    s.versies.set(v.instrumentversie, { volgnummer: v.volgnummer, doel: v.doel, soort: v.soort });
    s.laatste = Math.max(s.laatste, v.volgnummer);
  }
  // The version each doel brings, in the order given: a doel may bring a version made for
  // another (VersieVoorDoelBeoogd), which rm.regeling_versies, one doel per version, does not hold.
  const { rows: vastgesteld } = await client.query<{ regeling_id: string; doel: string; instrumentversie: string }>(
    `SELECT regeling_id, doel, instrumentversie FROM rm.regeling_gebeurtenissen
      WHERE regeling_id = ANY($1) AND type IN ('BesluitGepubliceerd', 'BesluitGerectificeerd', 'VersieVoorDoelBeoogd') ORDER BY global_position`,
    [ids],
  );
  for (const v of vastgesteld) uit.get(v.regeling_id)!.vastgesteld.set(v.doel, v.instrumentversie);
  const { rows } = await client.query<{ soort: Soort; regeling_id: string; sleutel: string; van: number; tot: number | null }>(
    SOORTEN.map(
      (soort) =>
        `SELECT '${soort}' AS soort, regeling_id, ${TABELLEN[soort].kolom} AS sleutel, lower(versies) AS van, upper(versies) AS tot FROM rm.${TABELLEN[soort].tabel} WHERE regeling_id = ANY($1)`,
    ).join(' UNION ALL ') + ' ORDER BY van',
    [ids],
  );
  for (const r of rows) {
    const perSleutel = uit.get(r.regeling_id)!.rijen[r.soort];
    const lijst = perSleutel.get(r.sleutel) ?? [];
    lijst.push({ van: r.van, tot: r.tot });
    perSleutel.set(r.sleutel, lijst);
  }
  const { rows: leveringen } = await client.query<{ regeling_id: string; levering: Levering }>(
    'SELECT regeling_id, levering FROM rm.leveringen WHERE regeling_id = ANY($1) ORDER BY global_position',
    [ids],
  );
  for (const l of leveringen) uit.get(l.regeling_id)!.leveringen.push(l.levering);
  for (const s of uit.values()) {
    s.leveringen.sort((a, b) => a.ontvangenOp.localeCompare(b.ontvangenOp));
    for (const l of s.leveringen) s.consolidatie.voegToe(l);
  }
  return uit;
}

/** What a batch writes, gathered while its events are applied in memory, written at the end. */
class Schrijfwerk {
  regelingen: unknown[] = [];
  versies: unknown[] = [];
  gebeurtenissen: unknown[] = [];
  leveringen: unknown[] = [];
  toestanden: unknown[] = [];
  /** Regelingen whose toestanden are written anew (a delivery received "before" an earlier one). */
  toestandenOpnieuw = new Set<string>();
  ontwerpen: { regeling_id: string; volgnummer: number; instrumentversie: string; doel: string; van: string; tot: string; beschikbaar_van: string; beschikbaar_tot: string | null }[] = [];
  /** Stored ontwerpen to close: per `regeling|doel` the first moment. */
  ontwerpSluiten = new Map<string, { regeling_id: string; doel: string; op: string }>();
  sluiten = Object.fromEntries(SOORTEN.map((s) => [s, [] as { r: string; k: string; van: number; tot: number }[]])) as Record<Soort, { r: string; k: string; van: number; tot: number }[]>;
  /** Rows begun in this batch, with their key; their ranges may still change before the end. */
  nieuw = Object.fromEntries(SOORTEN.map((s) => [s, [] as { r: string; k: string; rij: Rij }[]])) as Record<Soort, { r: string; k: string; rij: Rij }[]>;
}

// Helpers of the per-event work, at module level: closures made per event or per version cost
// measurably in a rebuild (an allocation, and a name set on each by the TypeScript loader).

/** Ends an open row at version `tot`; a row stored in an earlier batch is also closed in the table. */
function sluitRij(werk: Schrijfwerk, soort: Soort, regelingId: string, k: string, rij: Rij, tot: number): void {
  rij.tot = tot;
  if (!rij.nieuw) werk.sluiten[soort].push({ r: regelingId, k, van: rij.van, tot });
}

/** Begins a row of key `k` at version `van`, with what it will write. */
function beginRij(werk: Schrijfwerk, soort: Soort, regelingId: string, k: string, van: number, nieuw: Rij['nieuw'], rijen: Map<string, Rij[]>): void {
  const rij: Rij = { van, tot: null, nieuw };
  const lijst = rijen.get(k);
  if (lijst) lijst.push(rij);
  else rijen.set(k, [rij]);
  werk.nieuw[soort].push({ r: regelingId, k, rij });
}

/** Ends the ontwerpen of a doel: those of this batch in memory, stored ones by a statement. */
function sluitOntwerp(werk: Schrijfwerk, regelingId: string, doel: string, op: string): void {
  for (const o of werk.ontwerpen) if (o.regeling_id === regelingId && o.doel === doel && o.beschikbaar_tot === null) o.beschikbaar_tot = op;
  const k = `${regelingId}|${doel}`;
  if (!werk.ontwerpSluiten.has(k)) werk.ontwerpSluiten.set(k, { regeling_id: regelingId, doel, op });
}

/** A row of rm.toestanden. */
function toestandRij(regelingId: string, stand: Stand, t: Toestand) {
  const iv = 'instrumentversie' in t.inhoud ? t.inhoud.instrumentversie : null;
  return {
    regeling_id: regelingId,
    volgnummer: iv === null ? null : (stand.versies.get(iv)?.volgnummer ?? null),
    instrumentversie: iv,
    ontvangen_op: t.ontvangenOp,
    bekend_op: t.bekendOp,
    juridisch_werkend_vanaf: t.juridischWerkendVanaf,
    geldig_vanaf: t.geldigVanaf,
  };
}

/**
 * Makes a version in memory: what was open and is not in the basis, or is removed or replaced,
 * ends here; rows of the basis that had ended since (a rectificatie, or a besluit after its
 * ontwerp) are copied; placed objects begin here.
 */
function maakVersie(werk: Schrijfwerk, regelingId: string, stand: Stand, basis: string | undefined, delen: Mutatie[]): number {
  const vorige = stand.laatste;
  const nummer = ++stand.laatste;
  const m = basis !== undefined ? (stand.versies.get(basis)?.volgnummer ?? null) : null;
  for (const soort of SOORTEN) {
    const { sleutel } = TABELLEN[soort];
    const rijen = stand.rijen[soort];
    // Built on the last version and untouched: nothing of this soort changes.
    if (m !== null && m === vorige && !delen.some((d) => d.verwijder?.[soort]?.length || d.plaats?.[soort]?.length)) continue;
    const geplaatst = new Map<string, unknown>();
    const weg = new Set<string>();
    for (const deel of delen) {
      for (const id of deel.verwijder?.[soort] ?? []) weg.add(id);
      for (const o of (deel.plaats?.[soort] ?? []) as unknown as Record<string, string>[]) {
        geplaatst.set(o[sleutel]!, o);
        weg.add(o[sleutel]!);
      }
    }
    if (m !== null && m === vorige) {
      // Built on the last version: only what changes.
      for (const k of weg) {
        const open = rijen.get(k)?.at(-1);
        if (open && open.tot === null) sluitRij(werk, soort, regelingId, k, open, nummer);
      }
    } else {
      for (const [k, lijst] of rijen) {
        const open = lijst.at(-1)!.tot === null ? lijst.at(-1)! : undefined;
        let inBasis: Rij | undefined;
        for (let i = lijst.length - 1; m !== null && i >= 0 && !inBasis; i--) if (lijst[i]!.van <= m && (lijst[i]!.tot === null || lijst[i]!.tot! > m)) inBasis = lijst[i];
        if (open && (weg.has(k) || inBasis !== open)) sluitRij(werk, soort, regelingId, k, open, nummer);
        // A copy of a row begun in this batch copies what that row will write.
        if (inBasis && inBasis !== open && !weg.has(k)) beginRij(werk, soort, regelingId, k, nummer, inBasis.nieuw ?? { bron: inBasis.van }, rijen);
      }
    }
    for (const [k, o] of geplaatst) beginRij(werk, soort, regelingId, k, nummer, { o }, rijen);
  }
  return nummer;
}

/**
 * Sends what a batch gathered, without waiting, as one statement: a data-modifying WITH query
 * per table and kind of change, whatever the number of events. One statement, because
 * PostgreSQL then runs all of a batch's writes while Node prepares the next batch; separate
 * statements each waited for Node to send the next. They all see the tables as they were
 * before the statement, which is what each needs: closing a stored row, copying one, and
 * inserting new rows touch different rows.
 */
function schrijf(queue: StatementQueue, werk: Schrijfwerk, inhoud: { verbruikt: string[]; over: { instrumentversie: string; deel: number; mutatie: Mutatie }[] }): void {
  const delen: string[] = [];
  const waarden: unknown[] = [];
  /** A parameter's placeholder. */
  const param = (waarde: unknown) => `$${waarden.push(waarde)}`;
  const json = (x: unknown) => param(JSON.stringify(x));
  /** Adds a sub-statement; returns its name, for what reads its RETURNING. */
  const voeg = (sql: string) => {
    const naam = `w${delen.length + 1}`;
    delen.push(`${naam} AS (${sql})`);
    return naam;
  };
  /** An INSERT of content rows, with what follows from them. */
  const voegInMet = (soort: Soort, insert: string) => {
    const afgeleid = AFGELEID[soort];
    if (!afgeleid) return void voeg(insert);
    voeg(afgeleid.invoegen(voeg(`${insert} RETURNING ${afgeleid.terug}`)));
  };
  if (werk.regelingen.length > 0) {
    voeg(
      `INSERT INTO rm.regelingen (regeling_id, bevoegd_gezag, bestuurslaag, documenttype, citeertitel, geregistreerd_op)
       SELECT * FROM jsonb_to_recordset(${json(werk.regelingen)}) AS x(regeling_id text, bevoegd_gezag text, bestuurslaag text, documenttype text, citeertitel text, geregistreerd_op timestamptz)`,
    );
  }
  if (werk.versies.length > 0) {
    voeg(
      `INSERT INTO rm.regeling_versies (instrumentversie, regeling_id, volgnummer, doel, soort, basisversie, bekend_op, ontvangen_op, ter_inzage)
       SELECT instrumentversie, regeling_id, volgnummer, doel, soort, basisversie, bekend_op, ontvangen_op,
              CASE WHEN ter_inzage_van IS NOT NULL THEN daterange(ter_inzage_van, ter_inzage_tot, '[]') END
         FROM jsonb_to_recordset(${json(werk.versies)}) AS x(instrumentversie text, regeling_id text, volgnummer int, doel text, soort text, basisversie text,
                                         bekend_op date, ontvangen_op timestamptz, ter_inzage_van date, ter_inzage_tot date)`,
    );
  }
  if (werk.ontwerpSluiten.size > 0) {
    voeg(
      // Recorded times can go backwards (a clock set back): an ontwerp ended "before" it was
      // received never stood, an empty range, rather than a range PostgreSQL refuses.
      `UPDATE rm.ontwerpen o SET beschikbaar = tstzrange(lower(o.beschikbaar), greatest(lower(o.beschikbaar), x.op), '[)')
         FROM jsonb_to_recordset(${json([...werk.ontwerpSluiten.values()])}) AS x(regeling_id text, doel text, op timestamptz)
        WHERE o.regeling_id = x.regeling_id AND o.doel = x.doel AND upper_inf(o.beschikbaar)`,
    );
  }
  if (werk.ontwerpen.length > 0) {
    voeg(
      `INSERT INTO rm.ontwerpen (regeling_id, volgnummer, instrumentversie, doel, ter_inzage, beschikbaar)
       SELECT regeling_id, volgnummer, instrumentversie, doel, daterange(van, tot, '[]'),
              tstzrange(beschikbaar_van, CASE WHEN beschikbaar_tot IS NOT NULL THEN greatest(beschikbaar_van, beschikbaar_tot) END, '[)')
         FROM jsonb_to_recordset(${json(werk.ontwerpen)}) AS x(regeling_id text, volgnummer int, instrumentversie text, doel text, van date, tot date, beschikbaar_van timestamptz, beschikbaar_tot timestamptz)`,
    );
  }
  if (werk.gebeurtenissen.length > 0) {
    voeg(
      `INSERT INTO rm.regeling_gebeurtenissen (regeling_id, global_position, type, doel, instrumentversie, bekend_op, ontvangen_op, juridisch_werkend_vanaf, geldig_vanaf)
       SELECT * FROM jsonb_to_recordset(${json(werk.gebeurtenissen)}) AS x(regeling_id text, global_position bigint, type text, doel text, instrumentversie text, bekend_op date,
                                                 ontvangen_op timestamptz, juridisch_werkend_vanaf date, geldig_vanaf date)`,
    );
  }
  if (werk.leveringen.length > 0) {
    voeg(
      `INSERT INTO rm.leveringen (regeling_id, global_position, levering) SELECT * FROM jsonb_to_recordset(${json(werk.leveringen)}) AS x(regeling_id text, global_position bigint, levering jsonb)`,
    );
  }
  if (werk.toestandenOpnieuw.size > 0) voeg(`DELETE FROM rm.toestanden WHERE regeling_id = ANY(${param([...werk.toestandenOpnieuw])})`);
  if (werk.toestanden.length > 0) {
    voeg(
      `INSERT INTO rm.toestanden (regeling_id, volgnummer, instrumentversie, ontvangen_op, bekend_op, juridisch_werkend_vanaf, geldig_vanaf)
       SELECT * FROM jsonb_to_recordset(${json(werk.toestanden)}) AS x(regeling_id text, volgnummer int, instrumentversie text, ontvangen_op timestamptz, bekend_op date,
                                                 juridisch_werkend_vanaf date, geldig_vanaf date)`,
    );
  }
  for (const soort of SOORTEN) {
    const { tabel, kolom, kolommen } = TABELLEN[soort];
    const namen = Object.keys(kolommen);
    const sluiten = werk.sluiten[soort];
    if (sluiten.length > 0) {
      voeg(
        `UPDATE rm.${tabel} t SET versies = int4range(x.van, x.tot)
           FROM jsonb_to_recordset(${json(sluiten)}) AS x(r text, k text, van int, tot int)
          WHERE t.regeling_id = x.r AND t.${kolom} = x.k AND lower(t.versies) = x.van`,
      );
    }
    const kopieen = werk.nieuw[soort].filter((n) => n.rij.nieuw && 'bron' in n.rij.nieuw);
    if (kopieen.length > 0) {
      const bronnen = kopieen.map((n) => ({ r: n.r, k: n.k, bron: (n.rij.nieuw as { bron: number }).bron, van: n.rij.van, tot: n.rij.tot }));
      voegInMet(
        soort,
        `INSERT INTO rm.${tabel} (regeling_id, versies, ${kolom}, ${namen.join(', ')})
         SELECT t.regeling_id, int4range(x.van, x.tot), t.${kolom}, ${namen.map((n) => `t.${n}`).join(', ')}
           FROM jsonb_to_recordset(${json(bronnen)}) AS x(r text, k text, bron int, van int, tot int)
           JOIN rm.${tabel} t ON t.regeling_id = x.r AND t.${kolom} = x.k AND lower(t.versies) = x.bron`,
      );
    }
    const objecten = werk.nieuw[soort].filter((n) => n.rij.nieuw && 'o' in n.rij.nieuw);
    if (objecten.length > 0) {
      // Geometries go as WKB, all in one binary parameter, each object naming where its own
      // lies: PostGIS reads WKB many times faster than GeoJSON, and binary needs no hex
      // written by Node nor parsed inside the JSON by PostgreSQL.
      const geometrieen: (Geometrie | undefined)[] = [];
      const rijen = objecten.map((n) => {
        const { geometrie, ...o } = (n.rij.nieuw as { o: { geometrie?: Geometrie } }).o;
        geometrieen.push(geometrie);
        return { r: n.r, k: n.k, van: n.rij.van, tot: n.rij.tot, o, wkb_van: null as number | null, wkb_lengte: null as number | null };
      });
      let geometrie = '';
      if (soort === 'locaties') {
        let lengte = 0;
        rijen.forEach((rij, i) => {
          if (!geometrieen[i]) return;
          rij.wkb_van = lengte + 1; // substring counts from 1
          rij.wkb_lengte = wkbLengte(geometrieen[i]);
          lengte += rij.wkb_lengte;
        });
        const wkb = Buffer.allocUnsafe(lengte);
        rijen.forEach((rij, i) => geometrieen[i] && wkbSchrijf(geometrieen[i], wkb, rij.wkb_van! - 1));
        geometrie = `CROSS JOIN LATERAL (SELECT ST_GeomFromWKB(substring(${param(wkb)}::bytea FROM x.wkb_van FOR x.wkb_lengte), 28992) AS g) AS geo`;
      }
      voegInMet(
        soort,
        `INSERT INTO rm.${tabel} (regeling_id, versies, ${kolom}, ${namen.join(', ')})
         SELECT x.r, int4range(x.van, x.tot), x.k, ${Object.values(kolommen).join(', ')}
           FROM jsonb_to_recordset(${json(rijen)}) AS x(r text, k text, van int, tot int, o jsonb, wkb_van int, wkb_lengte int) ${geometrie}`,
      );
    }
  }
  if (inhoud.verbruikt.length > 0) voeg(`DELETE FROM rm.inhoud_in_levering WHERE instrumentversie = ANY(${param(inhoud.verbruikt)})`);
  if (inhoud.over.length > 0) {
    voeg(
      `INSERT INTO rm.inhoud_in_levering (instrumentversie, deel, mutatie) SELECT * FROM jsonb_to_recordset(${json(inhoud.over)}) AS x(instrumentversie text, deel int, mutatie jsonb)`,
    );
  }
  if (delen.length > 0) queue.send(`WITH ${delen.join(',\n')}\nSELECT 1`, waarden);
}

/**
 * What applying a batch needs to know of the batches before it: the stand of each of its
 * regelingen, and the content parts delivered but not yet made into a version.
 */
interface Geheugen {
  standen: Map<string, Stand>;
  delen: Map<string, { deel: number; mutatie: Mutatie }[]>;
}

/**
 * What a batch needs to know, from the tables: kept standen that still match them (another
 * projector, a rollback or a rebuild may have written since), the rest read; and the content
 * parts its versions use.
 */
async function uitTabellen(queue: StatementQueue, database: string | undefined, events: readonly RecordedEvent[]): Promise<Geheugen> {
  const ids = [...new Set(events.map(regelingVan))];
  const { rows: posities } = await queue.query<{ regeling_id: string; tot: bigint }>(
    'SELECT regeling_id, max(global_position) AS tot FROM rm.regeling_gebeurtenissen WHERE regeling_id = ANY($1) GROUP BY regeling_id',
    [ids],
  );
  const tot = new Map(posities.map((p) => [p.regeling_id, p.tot]));
  const geheugen: Geheugen = { standen: new Map(), delen: new Map() };
  const teLezen: string[] = [];
  // A regeling registered in this batch has nothing in the tables yet: nothing to read.
  const geregistreerd = new Set(events.filter((e) => e.type === 'RegelingGeregistreerd').map(regelingVan));
  for (const id of ids) {
    const sleutel = `${database}|${id}`;
    const bewaard = standen.get(sleutel);
    standen.delete(sleutel);
    if (bewaard && bewaard.tot === (tot.get(id) ?? null)) geheugen.standen.set(id, bewaard);
    else if (geregistreerd.has(id) && !tot.has(id)) geheugen.standen.set(id, legeStand());
    else teLezen.push(id);
  }
  if (teLezen.length > 0) for (const [id, s] of await leesStanden(queue, teLezen, tot)) geheugen.standen.set(id, s);

  const gezocht = events.filter((e) => MAAKT_VERSIE.has(e.type)).map((e) => (e.data as { instrumentversie: string }).instrumentversie);
  if (gezocht.length > 0) {
    const { rows } = await queue.query<{ instrumentversie: string; deel: number; mutatie: Mutatie }>(
      'SELECT instrumentversie, deel, mutatie FROM rm.inhoud_in_levering WHERE instrumentversie = ANY($1)',
      [gezocht],
    );
    for (const r of rows) geheugen.delen.set(r.instrumentversie, [...(geheugen.delen.get(r.instrumentversie) ?? []), { deel: r.deel, mutatie: r.mutatie }]);
  }
  return geheugen;
}

/**
 * Applies a batch in memory, from what it knows (`geheugen`, which it brings up to date), and
 * queues the statement that writes it. When that statement fails, the caller drops these standen.
 */
async function verwerk(queue: StatementQueue, events: readonly RecordedEvent[], geheugen: Geheugen): Promise<void> {
  const verbruikt: string[] = [];
  const nieuweDelen: { instrumentversie: string; deel: number; mutatie: Mutatie }[] = [];
  const werk = new Schrijfwerk();
  let sinds = performance.now();
  for (const recorded of events) {
    // Now and then the queued statements get their turn (a rebuild's previous batch).
    if (performance.now() - sinds > 0.5) {
      await setImmediate();
      sinds = performance.now();
    }
    const event = recorded as unknown as RegelingEvent & RecordedEvent;
    const regelingId = regelingVan(recorded);
    const stand = geheugen.standen.get(regelingId)!;
    const at = recorded.recordedAt.toISOString();
    const data = event.data as Record<string, string | undefined>;
    if (event.type === 'RegelingGeregistreerd') {
      const d = event.data;
      werk.regelingen.push({ regeling_id: d.regelingId, bevoegd_gezag: d.bevoegdGezag, bestuurslaag: bestuurslaagVan(d.bevoegdGezag), documenttype: d.documenttype, citeertitel: d.citeertitel, geregistreerd_op: at });
      continue;
    }
    if (event.type === 'InhoudGeleverd') {
      const { instrumentversie, deel, mutatie } = event.data;
      geheugen.delen.set(instrumentversie, [...(geheugen.delen.get(instrumentversie) ?? []), { deel, mutatie }]);
      nieuweDelen.push({ instrumentversie, deel, mutatie });
      continue;
    }
    werk.gebeurtenissen.push({
      regeling_id: regelingId,
      global_position: recorded.globalPosition.toString(),
      type: event.type,
      doel: data.doel,
      instrumentversie: data.instrumentversie ?? null,
      bekend_op: data.bekendOp,
      ontvangen_op: at,
      juridisch_werkend_vanaf: data.juridischWerkendVanaf ?? null,
      geldig_vanaf: data.geldigVanaf ?? null,
    });
    stand.tot = recorded.globalPosition;
    if (MAAKT_VERSIE.has(event.type)) {
      const d = event.data as { doel: string; instrumentversie: string; basisversie?: string; bekendOp: string; terInzage?: { van: string; tot: string } };
      // A rectificatie corrects the version its doel had: that is its basis.
      const basis = event.type === 'BesluitGerectificeerd' ? stand.vastgesteld.get(d.doel) : d.basisversie;
      const soort = event.type === 'OntwerpGepubliceerd' ? 'ontwerp' : event.type === 'BesluitGepubliceerd' ? 'besluit' : 'rectificatie';
      const mutaties = (geheugen.delen.get(d.instrumentversie) ?? []).sort((a, b) => a.deel - b.deel);
      geheugen.delen.delete(d.instrumentversie);
      verbruikt.push(d.instrumentversie);
      const nummer = maakVersie(werk, regelingId, stand, basis, mutaties.map((x) => x.mutatie));
      stand.versies.set(d.instrumentversie, { volgnummer: nummer, doel: d.doel, soort });
      if (soort !== 'ontwerp') stand.vastgesteld.set(d.doel, d.instrumentversie);
      werk.versies.push({
        instrumentversie: d.instrumentversie,
        regeling_id: regelingId,
        volgnummer: nummer,
        doel: d.doel,
        soort,
        basisversie: basis ?? null,
        bekend_op: d.bekendOp,
        ontvangen_op: at,
        ter_inzage_van: d.terInzage?.van ?? null,
        ter_inzage_tot: d.terInzage?.tot ?? null,
      });
      if (soort === 'ontwerp') {
        werk.ontwerpen.push({ regeling_id: regelingId, volgnummer: nummer, instrumentversie: d.instrumentversie, doel: d.doel, van: d.terInzage!.van, tot: d.terInzage!.tot, beschikbaar_van: at, beschikbaar_tot: null });
      } else if (soort === 'besluit') sluitOntwerp(werk, regelingId, d.doel, at);
    } else if (event.type === 'OntwerpIngetrokken') sluitOntwerp(werk, regelingId, event.data.doel, at);
    else if (event.type === 'VersieVoorDoelBeoogd') {
      // No new version: the doel brings one that exists (the basis of its rectificaties), and ends its ontwerp.
      stand.vastgesteld.set(event.data.doel, event.data.instrumentversie);
      sluitOntwerp(werk, regelingId, event.data.doel, at);
    }

    const levering = leveringVan({ regelingId, doelen: {}, versies: {}, inLevering: {} }, event, at);
    if (!levering) continue;
    werk.leveringen.push({ regeling_id: regelingId, global_position: recorded.globalPosition.toString(), levering });
    if (levering.ontvangenOp >= stand.consolidatie.laatsteOntvangenOp) {
      stand.leveringen.push(levering);
      for (const t of stand.consolidatie.voegToe(levering).get(regelingId) ?? []) werk.toestanden.push(toestandRij(regelingId, stand, t));
    } else {
      // Received "before" an earlier delivery (a clock set back): replay all in order.
      stand.leveringen.push(levering);
      stand.leveringen.sort((a, b) => a.ontvangenOp.localeCompare(b.ontvangenOp));
      stand.consolidatie = new Consolidatie();
      for (const l of stand.leveringen) stand.consolidatie.voegToe(l);
      werk.toestandenOpnieuw.add(regelingId);
      werk.toestanden = werk.toestanden.filter((t) => (t as { regeling_id: string }).regeling_id !== regelingId);
      for (const t of stand.consolidatie.toestanden(regelingId)) werk.toestanden.push(toestandRij(regelingId, stand, t));
    }
  }
  const over = nieuweDelen.filter((x) => geheugen.delen.has(x.instrumentversie));
  schrijf(queue, werk, { verbruikt, over });
  // The rows begun here are written by the statement just queued, before anything queued later.
  for (const soort of SOORTEN) for (const n of werk.nieuw[soort]) delete n.rij.nieuw;
}

/** Keeps a stand as the most recently used, letting go of the least recently used beyond `max`. */
function onthoud<K>(lru: Map<K, Stand>, sleutel: K, stand: Stand, max: number): void {
  lru.delete(sleutel);
  lru.set(sleutel, stand);
  while (lru.size > max) lru.delete(lru.keys().next().value!);
}

/** Every table of this read model. */
const TABELLEN_ALLE = [
  'rm.regelingen', 'rm.regeling_versies', 'rm.regeling_gebeurtenissen', 'rm.leveringen', 'rm.toestanden', 'rm.ontwerpen', 'rm.inhoud_in_levering',
  'rm.regelteksten', 'rm.juridische_regels', 'rm.regel_locaties', 'rm.locaties', 'rm.groep_elementen', 'rm.activiteiten', 'rm.gebiedsaanwijzingen', 'rm.normen',
  'rm.ponsen', 'rm.kaarten',
];

/**
 * Regelingen, their versions and content, and their toestanden on the four time axes; at most
 * `maxStanden` regelingen' standen are kept in memory (a rebuild reads the others again).
 */
export const omgevingsdocumentenProjectie = ({ maxStanden = MAX_STANDEN } = {}): Projection => ({
  name: 'omgevingsdocumenten',
  handles: HANDLES,
  // Spatial and time lookups of regels op de locatie and the map; apply finds rows by the btrees.
  queryIndexes: ['rm.locaties_geom_idx', 'rm.locaties_geom_3857_idx', 'rm.groep_elementen_idx', 'rm.regel_locaties_idx', 'rm.ontwerpen_beschikbaar_idx', 'rm.toestanden_keuze_idx'],
  tables: TABELLEN_ALLE,
  async apply(client, events) {
    if (events.length === 0) return;
    const database = (client as pg.Client).database;
    const queue = new StatementQueue(client);
    const geheugen = await uitTabellen(queue, database, events);
    await verwerk(queue, events, geheugen);
    await queue.drained();
    // Kept only after a write that went through; the table is checked again at the next batch.
    for (const [id, stand] of geheugen.standen) onthoud(standen, `${database}|${id}`, stand, maxStanden);
  },
  startReplay() {
    // The run's own memory, trusted without asking the tables: from the start, nothing else writes them.
    const geheugen: Geheugen = { standen: new Map(), delen: new Map() };
    const gebruikt = new Map<string, Stand>(); // the standen in order of use, least recent first
    return async (queue, events) => {
      const geregistreerd = new Set(events.filter((e) => e.type === 'RegelingGeregistreerd').map(regelingVan));
      const ids = [...new Set(events.map(regelingVan))];
      // A regeling whose stand was let go (more than maxStanden) is read again, after what is queued.
      const teLezen = ids.filter((id) => !gebruikt.has(id) && !geregistreerd.has(id));
      const gelezen = teLezen.length > 0 ? await leesStanden(queue, teLezen, new Map()) : new Map<string, Stand>();
      geheugen.standen = new Map(ids.map((id) => [id, gebruikt.get(id) ?? gelezen.get(id) ?? legeStand()]));
      await verwerk(queue, events, geheugen);
      for (const [id, stand] of geheugen.standen) onthoud(gebruikt, id, stand, maxStanden);
    };
  },
  async reset(client) {
    const database = (client as pg.Client).database;
    for (const sleutel of [...standen.keys()]) if (sleutel.startsWith(`${database}|`)) standen.delete(sleutel);
    await client.query(`TRUNCATE ${TABELLEN_ALLE.join(', ')}`);
  },
});

export const omgevingsdocumenten = omgevingsdocumentenProjectie();
