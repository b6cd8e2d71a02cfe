import type pg from 'pg';
import type { RecordedEvent } from '../application/ports/event-store.ts';
import { bestuurslaagVan, leveringVan, type RegelingEvent, type RegelingEventType } from '../domain/omgevingsdocumenten/regeling.ts';
import { Consolidatie, type Levering, type Toestand } from '../domain/tijd/toestanden.ts';
import type { Projection } from './projection.ts';

/** Per content table: its key, its columns, and how each is read from an IMOW object `o` (jsonb). */
const TABELLEN = {
  regelteksten: { sleutel: 'wId', kolommen: { wid: `o->>'wId'`, soort: `o->>'soort'`, nummer: `o->>'nummer'`, opschrift: `o->>'opschrift'`, tekst: `o->>'tekst'`, artikel: `o->>'artikel'` } },
  juridischeRegels: {
    tabel: 'juridische_regels',
    sleutel: 'identificatie',
    kolommen: {
      identificatie: `o->>'identificatie'`,
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
    sleutel: 'identificatie',
    kolommen: {
      identificatie: `o->>'identificatie'`,
      type: `o->>'type'`,
      noemer: `o->>'noemer'`,
      groepselementen: `CASE WHEN o ? 'groepselementen' THEN ARRAY(SELECT jsonb_array_elements_text(o->'groepselementen')) END`,
      geom: `CASE WHEN o ? 'geometrie' THEN ST_SetSRID(ST_GeomFromGeoJSON(o->'geometrie'), 28992) END`,
      geom_3857: `CASE WHEN o ? 'geometrie' THEN ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(o->'geometrie'), 28992), 3857) END`,
    },
  },
  activiteiten: {
    sleutel: 'identificatie',
    kolommen: { identificatie: `o->>'identificatie'`, naam: `o->>'naam'`, groep: `o->>'groep'`, bovenliggende_activiteit: `o->>'bovenliggendeActiviteit'` },
  },
  gebiedsaanwijzingen: {
    sleutel: 'identificatie',
    kolommen: { identificatie: `o->>'identificatie'`, type: `o->>'type'`, naam: `o->>'naam'`, groep: `o->>'groep'`, locaties: `ARRAY(SELECT jsonb_array_elements_text(o->'locaties'))` },
  },
  normen: {
    sleutel: 'identificatie',
    kolommen: { identificatie: `o->>'identificatie'`, type: `o->>'type'`, naam: `o->>'naam'`, groep: `o->>'groep'`, eenheid: `o->>'eenheid'`, normwaarden: `o->'normwaarden'` },
  },
} as const;

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
];

/** The regeling id of a stream `regeling-<work id>`. */
const regelingVan = (e: RecordedEvent) => e.streamId.slice('regeling-'.length);

/**
 * Numbers a new version and writes its content: rows of the basis that stay are shared (their
 * range grows on), removed and replaced ones end here, placed ones begin here. A version built
 * on an older one than the last (a rectificatie, or a besluit after its ontwerp) starts a
 * branch: it gets copies of its basis's rows, and the rows that were open end here.
 */
async function maakVersie(client: pg.ClientBase, regelingId: string, versie: string, basis: string | undefined): Promise<number> {
  const { rows } = await client.query<{ laatste: number | null; basis: number | null }>(
    `SELECT max(volgnummer) AS laatste, max(volgnummer) FILTER (WHERE instrumentversie = $2) AS basis FROM rm.regeling_versies WHERE regeling_id = $1`,
    [regelingId, basis ?? null],
  );
  const laatste = rows[0]?.laatste ?? 0;
  const basisNummer = rows[0]?.basis ?? null;
  const nummer = laatste + 1;
  const lineair = basisNummer !== null && basisNummer === laatste;
  for (const [soort, t] of Object.entries(TABELLEN)) {
    const tabel = 'tabel' in t ? t.tabel : soort;
    const kolommen = Object.keys(t.kolommen);
    const sleutel = kolommen[0]!;
    const mutatie = `WITH delen AS (SELECT mutatie FROM rm.inhoud_in_levering WHERE instrumentversie = $2),
            weg AS (SELECT jsonb_array_elements_text(mutatie->'verwijder'->'${soort}') AS id FROM delen
                    UNION SELECT o->>'${t.sleutel}' FROM delen, jsonb_array_elements(coalesce(mutatie->'plaats'->'${soort}', '[]')) AS o)`;
    if (!lineair && basisNummer !== null) {
      await client.query(
        `${mutatie}
         INSERT INTO rm.${tabel} (regeling_id, versies, ${kolommen.join(', ')})
         SELECT $1, int4range($3, NULL), ${kolommen.join(', ')} FROM rm.${tabel}
          WHERE regeling_id = $1 AND versies @> $4::int AND ${sleutel} NOT IN (SELECT id FROM weg)`,
        [regelingId, versie, nummer, basisNummer],
      );
    }
    // What was open ends here: all of it on a branch (or without basis), else what changes.
    await client.query(
      `${mutatie}
       UPDATE rm.${tabel} SET versies = int4range(lower(versies), $3)
        WHERE regeling_id = $1 AND upper_inf(versies) AND lower(versies) < $3
          AND ($4 OR ${sleutel} IN (SELECT id FROM weg))`,
      [regelingId, versie, nummer, !lineair],
    );
    await client.query(
      `WITH delen AS (SELECT mutatie FROM rm.inhoud_in_levering WHERE instrumentversie = $2),
            nieuw AS (SELECT DISTINCT ON (o->>'${t.sleutel}') o
                        FROM delen, jsonb_array_elements(coalesce(mutatie->'plaats'->'${soort}', '[]')) WITH ORDINALITY AS x(o, n)
                       ORDER BY o->>'${t.sleutel}', n DESC)
       INSERT INTO rm.${tabel} (regeling_id, versies, ${kolommen.join(', ')})
       SELECT $1, int4range($3, NULL), ${Object.values(t.kolommen).join(', ')} FROM nieuw`,
      [regelingId, versie, nummer],
    );
  }
  await client.query('DELETE FROM rm.inhoud_in_levering WHERE instrumentversie = $1', [versie]);
  return nummer;
}

/**
 * The consolidation of each regeling kept between batches, so a delivery costs only its own
 * work. Checked against the stored deliveries before use; rebuilt from them when it is
 * missing or behind (after a restart, a rollback or a rebuild). Keyed per database, as one
 * process may project several.
 */
const consolidaties = new Map<string, { tot: bigint; consolidatie: Consolidatie }>();
const MAX_IN_GEHEUGEN = 2000;

async function consolidatieVoor(client: pg.ClientBase, sleutel: string, regelingId: string, voor: bigint): Promise<Consolidatie> {
  const { rows } = await client.query<{ laatste: bigint | null }>(
    'SELECT max(global_position) AS laatste FROM rm.leveringen WHERE regeling_id = $1 AND global_position < $2',
    [regelingId, voor.toString()],
  );
  const bewaard = consolidaties.get(sleutel);
  if (bewaard && bewaard.tot === (rows[0]?.laatste ?? 0n)) return bewaard.consolidatie;
  const { rows: eerder } = await client.query<{ levering: Levering }>(
    'SELECT levering FROM rm.leveringen WHERE regeling_id = $1 AND global_position < $2',
    [regelingId, voor.toString()],
  );
  const consolidatie = new Consolidatie();
  for (const l of eerder.map((r) => r.levering).sort((a, b) => a.ontvangenOp.localeCompare(b.ontvangenOp))) consolidatie.voegToe(l);
  return consolidatie;
}

/** Appends toestanden, each with the volgnummer of its version. */
async function schrijfToestanden(client: pg.ClientBase, regelingId: string, toestanden: readonly Toestand[]): Promise<void> {
  if (toestanden.length === 0) return;
  const versie = (t: Toestand) => ('instrumentversie' in t.inhoud ? t.inhoud.instrumentversie : null);
  await client.query(
    `INSERT INTO rm.toestanden (regeling_id, volgnummer, instrumentversie, ontvangen_op, bekend_op, juridisch_werkend_vanaf, geldig_vanaf)
     SELECT $1, v.volgnummer, x.versie, x.ontvangen, x.bekend, x.jwv, x.gv
       FROM unnest($2::text[], $3::timestamptz[], $4::date[], $5::date[], $6::date[]) AS x(versie, ontvangen, bekend, jwv, gv)
       LEFT JOIN rm.regeling_versies v ON v.instrumentversie = x.versie`,
    [regelingId, toestanden.map(versie), toestanden.map((t) => t.ontvangenOp), toestanden.map((t) => t.bekendOp), toestanden.map((t) => t.juridischWerkendVanaf), toestanden.map((t) => t.geldigVanaf)],
  );
}

/** Adds a delivery to the regeling's consolidation and appends the toestanden it adds. */
async function verwerkLevering(client: pg.ClientBase, regelingId: string, positie: bigint, levering: Levering): Promise<void> {
  const sleutel = `${(client as pg.Client).database}|${regelingId}`;
  let consolidatie = await consolidatieVoor(client, sleutel, regelingId, positie);
  await client.query('INSERT INTO rm.leveringen (regeling_id, global_position, levering) VALUES ($1, $2, $3)', [regelingId, positie.toString(), levering]);
  if (levering.ontvangenOp >= consolidatie.laatsteOntvangenOp) {
    await schrijfToestanden(client, regelingId, consolidatie.voegToe(levering).get(regelingId) ?? []);
  } else {
    // Received "before" an earlier delivery (a clock set back): replay all in order.
    const { rows } = await client.query<{ levering: Levering }>('SELECT levering FROM rm.leveringen WHERE regeling_id = $1', [regelingId]);
    consolidatie = new Consolidatie();
    for (const l of rows.map((r) => r.levering).sort((a, b) => a.ontvangenOp.localeCompare(b.ontvangenOp))) consolidatie.voegToe(l);
    await client.query('DELETE FROM rm.toestanden WHERE regeling_id = $1', [regelingId]);
    await schrijfToestanden(client, regelingId, consolidatie.toestanden(regelingId));
  }
  consolidaties.delete(sleutel);
  consolidaties.set(sleutel, { tot: positie, consolidatie });
  if (consolidaties.size > MAX_IN_GEHEUGEN) consolidaties.delete(consolidaties.keys().next().value!);
}

async function apply(client: pg.ClientBase, recorded: RecordedEvent): Promise<void> {
  const event = recorded as unknown as RegelingEvent & RecordedEvent;
  const regelingId = regelingVan(recorded);
  const at = recorded.recordedAt;
  const data = event.data as Record<string, string | undefined>;
  if (event.type !== 'InhoudGeleverd' && event.type !== 'RegelingGeregistreerd') {
    await client.query(
      `INSERT INTO rm.regeling_gebeurtenissen (regeling_id, global_position, type, doel, instrumentversie, bekend_op, ontvangen_op, juridisch_werkend_vanaf, geldig_vanaf)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [regelingId, recorded.globalPosition.toString(), event.type, data.doel, data.instrumentversie ?? null, data.bekendOp, at, data.juridischWerkendVanaf ?? null, data.geldigVanaf ?? null],
    );
  }
  switch (event.type) {
    case 'RegelingGeregistreerd': {
      const d = event.data;
      await client.query(
        `INSERT INTO rm.regelingen (regeling_id, bevoegd_gezag, bestuurslaag, documenttype, citeertitel, geregistreerd_op) VALUES ($1, $2, $3, $4, $5, $6)`,
        [d.regelingId, d.bevoegdGezag, bestuurslaagVan(d.bevoegdGezag), d.documenttype, d.citeertitel, at],
      );
      return;
    }
    case 'InhoudGeleverd':
      await client.query('INSERT INTO rm.inhoud_in_levering (instrumentversie, deel, mutatie) VALUES ($1, $2, $3)', [event.data.instrumentversie, event.data.deel, event.data.mutatie]);
      return;
    case 'OntwerpGepubliceerd': {
      const d = event.data;
      const nummer = await maakVersie(client, regelingId, d.instrumentversie, d.basisversie);
      await client.query(
        `INSERT INTO rm.regeling_versies (instrumentversie, regeling_id, volgnummer, doel, soort, basisversie, bekend_op, ontvangen_op, ter_inzage) VALUES ($1, $2, $3, $4, 'ontwerp', $5, $6, $7, daterange($8, $9, '[]'))`,
        [d.instrumentversie, regelingId, nummer, d.doel, d.basisversie ?? null, d.bekendOp, at, d.terInzage.van, d.terInzage.tot],
      );
      await client.query(
        `INSERT INTO rm.ontwerpen (regeling_id, volgnummer, instrumentversie, doel, ter_inzage, beschikbaar) VALUES ($1, $2, $3, $4, daterange($5, $6, '[]'), tstzrange($7, NULL, '[)'))`,
        [regelingId, nummer, d.instrumentversie, d.doel, d.terInzage.van, d.terInzage.tot, at],
      );
      return;
    }
    case 'OntwerpIngetrokken':
      await sluitOntwerp(client, regelingId, event.data.doel, at);
      return;
    case 'BesluitGepubliceerd':
    case 'BesluitGerectificeerd': {
      const d = event.data;
      let basis = 'basisversie' in d ? d.basisversie : undefined;
      if (event.type === 'BesluitGerectificeerd') {
        // A rectificatie corrects the version its doel had: that is its basis.
        const { rows } = await client.query<{ v: string }>(
          `SELECT instrumentversie AS v FROM rm.regeling_versies WHERE regeling_id = $1 AND doel = $2 AND soort <> 'ontwerp' ORDER BY volgnummer DESC LIMIT 1`,
          [regelingId, d.doel],
        );
        basis = rows[0]?.v;
      }
      const nummer = await maakVersie(client, regelingId, d.instrumentversie, basis);
      await client.query(
        `INSERT INTO rm.regeling_versies (instrumentversie, regeling_id, volgnummer, doel, soort, basisversie, bekend_op, ontvangen_op) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [d.instrumentversie, regelingId, nummer, d.doel, event.type === 'BesluitGepubliceerd' ? 'besluit' : 'rectificatie', basis ?? null, d.bekendOp, at],
      );
      if (event.type === 'BesluitGepubliceerd') await sluitOntwerp(client, regelingId, d.doel, at);
      break;
    }
  }
  const levering = leveringVan({ regelingId, doelen: {}, versies: {}, inLevering: {} }, event, at.toISOString());
  if (levering) await verwerkLevering(client, regelingId, recorded.globalPosition, levering);
}

/** An ontwerp stops standing when it is withdrawn or its doel is vastgesteld. */
async function sluitOntwerp(client: pg.ClientBase, regelingId: string, doel: string, at: Date): Promise<void> {
  await client.query(
    `UPDATE rm.ontwerpen SET beschikbaar = tstzrange(lower(beschikbaar), $3, '[)') WHERE regeling_id = $1 AND doel = $2 AND upper_inf(beschikbaar)`,
    [regelingId, doel, at],
  );
}

/** Regelingen, their versions and content, and their toestanden on the four time axes. */
export const omgevingsdocumenten: Projection = {
  name: 'omgevingsdocumenten',
  handles: HANDLES,
  async apply(client, events) {
    for (const event of events) await apply(client, event);
  },
  async reset(client) {
    await client.query(`TRUNCATE rm.regelingen, rm.regeling_versies, rm.regeling_gebeurtenissen, rm.leveringen, rm.toestanden, rm.ontwerpen,
      rm.inhoud_in_levering, rm.regelteksten, rm.juridische_regels, rm.locaties, rm.activiteiten, rm.gebiedsaanwijzingen, rm.normen`);
  },
};
