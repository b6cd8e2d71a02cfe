import type pg from 'pg';
import type { RecordedEvent } from '../application/ports/event-store.ts';
import { bestuurslaagVan, leveringVan, type RegelingEvent, type RegelingEventType } from '../domain/omgevingsdocumenten/regeling.ts';
import { tijdvakken } from '../domain/tijd/tijdvakken.ts';
import { completeToestanden, type Levering } from '../domain/tijd/toestanden.ts';
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
 * Builds a new version's content from its basis (copied) and the parts delivered for it
 * (removed, then placed; of an id placed twice the last wins), then resolves its werkingsgebieden.
 */
async function maakVersie(client: pg.ClientBase, versie: string, basis: string | undefined): Promise<void> {
  for (const [soort, t] of Object.entries(TABELLEN)) {
    const tabel = 'tabel' in t ? t.tabel : soort;
    const kolommen = Object.keys(t.kolommen);
    const sleutelKolom = kolommen[0]!;
    await client.query(
      `WITH delen AS (SELECT mutatie FROM rm.inhoud_in_levering WHERE instrumentversie = $1),
            weg AS (SELECT jsonb_array_elements_text(mutatie->'verwijder'->'${soort}') AS id FROM delen),
            nieuw AS (SELECT DISTINCT ON (o->>'${t.sleutel}') o
                        FROM delen, jsonb_array_elements(coalesce(mutatie->'plaats'->'${soort}', '[]')) WITH ORDINALITY AS x(o, n)
                       ORDER BY o->>'${t.sleutel}', n DESC)
       INSERT INTO rm.${tabel} (instrumentversie, ${kolommen.join(', ')})
       SELECT $1, ${kolommen.join(', ')} FROM rm.${tabel}
        WHERE instrumentversie = $2
          AND ${sleutelKolom} NOT IN (SELECT id FROM weg)
          AND ${sleutelKolom} NOT IN (SELECT o->>'${t.sleutel}' FROM nieuw)
       UNION ALL
       SELECT $1, ${Object.values(t.kolommen).join(', ')} FROM nieuw`,
      [versie, basis ?? null],
    );
  }
  await client.query('DELETE FROM rm.inhoud_in_levering WHERE instrumentversie = $1', [versie]);
  await client.query(
    `WITH RECURSIVE r(regel, locatie) AS (
       SELECT j.identificatie, l FROM rm.juridische_regels j, unnest(j.locaties) AS l WHERE j.instrumentversie = $1
       UNION
       SELECT r.regel, e FROM r JOIN rm.locaties g ON g.instrumentversie = $1 AND g.identificatie = r.locatie, unnest(g.groepselementen) AS e
     )
     INSERT INTO rm.regel_locaties (instrumentversie, locatie, regel)
     SELECT DISTINCT $1, r.locatie, r.regel FROM r
       JOIN rm.locaties l ON l.instrumentversie = $1 AND l.identificatie = r.locatie AND l.groepselementen IS NULL`,
    [versie],
  );
}

/** Replays the regeling's deliveries into its boxes in rm.toestanden. */
async function herberekenToestanden(client: pg.ClientBase, regelingId: string): Promise<void> {
  const { rows } = await client.query<{ levering: Levering }>('SELECT levering FROM rm.leveringen WHERE regeling_id = $1 ORDER BY global_position', [regelingId]);
  const vakken = tijdvakken(completeToestanden(rows.map((r) => r.levering)).get(regelingId) ?? []);
  await client.query('DELETE FROM rm.toestanden WHERE regeling_id = $1', [regelingId]);
  if (vakken.length === 0) return;
  await client.query(
    `INSERT INTO rm.toestanden (regeling_id, instrumentversie, beschikbaar, bekend, werkend, geldig)
     SELECT $1, v, tstzrange(bv, bt, '[)'), daterange(kv, kt, '[)'), daterange(wv, wt, '[)'), daterange(gv, gt, '[)')
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::date[], $6::date[], $7::date[], $8::date[], $9::date[], $10::date[])
         AS x(v, bv, bt, kv, kt, wv, wt, gv, gt)`,
    [
      regelingId,
      vakken.map((v) => v.instrumentversie ?? null),
      vakken.map((v) => v.beschikbaar.van),
      vakken.map((v) => v.beschikbaar.tot ?? null),
      vakken.map((v) => v.bekend.van),
      vakken.map((v) => v.bekend.tot ?? null),
      vakken.map((v) => v.werkend.van),
      vakken.map((v) => v.werkend.tot ?? null),
      vakken.map((v) => v.geldig.van),
      vakken.map((v) => v.geldig.tot ?? null),
    ],
  );
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
      await maakVersie(client, d.instrumentversie, d.basisversie);
      await client.query(
        `INSERT INTO rm.regeling_versies (instrumentversie, regeling_id, doel, soort, basisversie, bekend_op, ontvangen_op, ter_inzage) VALUES ($1, $2, $3, 'ontwerp', $4, $5, $6, daterange($7, $8, '[]'))`,
        [d.instrumentversie, regelingId, d.doel, d.basisversie ?? null, d.bekendOp, at, d.terInzage.van, d.terInzage.tot],
      );
      await client.query(
        `INSERT INTO rm.ontwerpen (regeling_id, instrumentversie, doel, ter_inzage, beschikbaar) VALUES ($1, $2, $3, daterange($4, $5, '[]'), tstzrange($6, NULL, '[)'))`,
        [regelingId, d.instrumentversie, d.doel, d.terInzage.van, d.terInzage.tot, at],
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
          `SELECT instrumentversie AS v FROM rm.regeling_versies WHERE regeling_id = $1 AND doel = $2 AND soort <> 'ontwerp' ORDER BY ontvangen_op DESC LIMIT 1`,
          [regelingId, d.doel],
        );
        basis = rows[0]?.v;
      }
      await maakVersie(client, d.instrumentversie, basis);
      await client.query(
        `INSERT INTO rm.regeling_versies (instrumentversie, regeling_id, doel, soort, basisversie, bekend_op, ontvangen_op) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [d.instrumentversie, regelingId, d.doel, event.type === 'BesluitGepubliceerd' ? 'besluit' : 'rectificatie', basis ?? null, d.bekendOp, at],
      );
      if (event.type === 'BesluitGepubliceerd') await sluitOntwerp(client, regelingId, d.doel, at);
      break;
    }
  }
  const levering = leveringVan({ regelingId, doelen: {}, versies: {}, inLevering: {} }, event, at.toISOString());
  if (levering) {
    await client.query('INSERT INTO rm.leveringen (regeling_id, global_position, levering) VALUES ($1, $2, $3)', [regelingId, recorded.globalPosition.toString(), levering]);
    await herberekenToestanden(client, regelingId);
  }
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
      rm.inhoud_in_levering, rm.regelteksten, rm.juridische_regels, rm.locaties, rm.activiteiten, rm.gebiedsaanwijzingen, rm.normen, rm.regel_locaties`);
  },
};
