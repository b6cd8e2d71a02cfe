import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Indexkern, Inhoudsindex } from '../../application/ports/inhoudsindex.ts';
import { SOORTEN, verwijzingenVan, type Inhoudsfout, type Soort } from '../../domain/omgevingsdocumenten/inhoud.ts';
import { idVan, type Kernmutatie } from '../../domain/omgevingsdocumenten/kern.ts';

/** Rows per page when ids or kernen are read back. */
const PAGINA = 2000;
/** Rows written after which the tables are analysed again before the next read. */
const ANALYSEER_NA = 20_000;

/**
 * The content index in PostgreSQL (migration 0013). Each call is a statement or two of its own:
 * a set is private to the command that makes it until it is confirmed, so it needs no
 * transaction with the event store. A set left by a crash belongs to no version and is removed
 * by `ruimOp`.
 */
export class PostgresInhoudsindex implements Inhoudsindex {
  /** Rows written since the tables were last analysed. */
  private geschreven = 0;

  constructor(private readonly pool: pg.Pool) {}

  /**
   * Analyses the tables after a large fill, before they are read: with the statistics of the
   * empty tables PostgreSQL would look an id up by scanning its whole set (100 times slower).
   */
  private async bijgewerkt(): Promise<void> {
    if (this.geschreven < ANALYSEER_NA) return;
    this.geschreven = 0;
    await this.pool.query('ANALYZE es.inhoudset_objecten, es.inhoudset_verwijzingen');
  }

  async setVan(versie: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM es.inhoudsets WHERE versie = $1', [versie]);
    return rows[0]?.id;
  }

  async nieuweSet(regelingId: string, basis?: string): Promise<string> {
    const id = randomUUID();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO es.inhoudsets (id, regeling_id) VALUES ($1, $2)', [id, regelingId]);
      if (basis) {
        const { rowCount } = await client.query(
          `INSERT INTO es.inhoudset_objecten (inhoudset, soort, id, digest, locatietype, kern, gewijzigd)
           SELECT $1, soort, id, digest, locatietype, kern, false FROM es.inhoudset_objecten WHERE inhoudset = $2`,
          [id, basis],
        );
        this.geschreven += rowCount ?? 0;
        await client.query(
          `INSERT INTO es.inhoudset_verwijzingen (inhoudset, soort, id, naar_soort, naar, ontbreekt, typen, verkeerd_type)
           SELECT $1, soort, id, naar_soort, naar, ontbreekt, typen, verkeerd_type FROM es.inhoudset_verwijzingen WHERE inhoudset = $2`,
          [id, basis],
        );
      }
      await client.query('COMMIT');
      return id;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async pasToe(set: string, mutatie: Kernmutatie): Promise<Inhoudsfout[]> {
    const fouten: Inhoudsfout[] = [];
    for (const soort of SOORTEN) {
      const ids = mutatie.verwijder?.[soort];
      if (!ids?.length) continue;
      const { rows } = await this.pool.query<{ id: string }>('DELETE FROM es.inhoudset_objecten WHERE inhoudset = $1 AND soort = $2 AND id = ANY($3) RETURNING id', [set, soort, ids]);
      await this.pool.query('DELETE FROM es.inhoudset_verwijzingen WHERE inhoudset = $1 AND soort = $2 AND id = ANY($3)', [set, soort, ids]);
      const weg = new Set(rows.map((r) => r.id));
      for (const id of ids) if (!weg.has(id)) fouten.push({ soort, identificatie: id, reden: 'te verwijderen, maar staat niet in de basisversie' });
    }
    for (const soort of SOORTEN) {
      const alle = (mutatie.plaats?.[soort] ?? []) as unknown as (Indexkern & { wId?: string; identificatie?: string; type?: string })[];
      if (alle.length === 0) continue;
      // An id placed twice in one mutation: the last one counts (one statement cannot place a row twice).
      const perId = new Map(alle.map((k) => [idVan(soort, k), k]));
      const ids = [...perId.keys()];
      const kernen = [...perId.values()];
      this.geschreven += kernen.length;
      await this.pool.query(
        `INSERT INTO es.inhoudset_objecten (inhoudset, soort, id, digest, locatietype, kern, gewijzigd)
         SELECT $1, $2, id, digest, locatietype, kern, true FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[]) AS x(id, digest, locatietype, kern)
         ON CONFLICT (inhoudset, soort, id) DO UPDATE SET digest = excluded.digest, locatietype = excluded.locatietype, kern = excluded.kern, gewijzigd = true`,
        [set, soort, ids, kernen.map((k) => k.digest), kernen.map((k) => (soort === 'locaties' ? k.type : null)), kernen.map(({ digest: _, ...k }) => JSON.stringify(k))],
      );
      await this.pool.query('DELETE FROM es.inhoudset_verwijzingen WHERE inhoudset = $1 AND soort = $2 AND id = ANY($3)', [set, soort, ids]);
      const v = kernen.flatMap((k, i) => verwijzingenVan(soort, k).map((w) => ({ van: ids[i]!, ...w })));
      if (v.length === 0) continue;
      await this.pool.query(
        `INSERT INTO es.inhoudset_verwijzingen (inhoudset, soort, id, naar_soort, naar, ontbreekt, typen, verkeerd_type)
         SELECT $1, $2, van, naar_soort, naar, ontbreekt, NULLIF(string_to_array(typen, ','), '{}'), verkeerd_type
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(van, naar_soort, naar, ontbreekt, typen, verkeerd_type)`,
        [set, soort, v.map((w) => w.van), v.map((w) => w.naar), v.map((w) => w.id), v.map((w) => w.ontbreekt), v.map((w) => (w.typen ?? []).join(',')), v.map((w) => w.verkeerdType ?? null)],
      );
    }
    return fouten;
  }

  async controleer(set: string, max = 1000): Promise<Inhoudsfout[]> {
    await this.bijgewerkt();
    const { rows } = await this.pool.query<Inhoudsfout>(
      `SELECT v.soort, v.id AS identificatie, CASE WHEN o.id IS NULL THEN v.ontbreekt ELSE replace(v.verkeerd_type, '{type}', o.locatietype) END AS reden
         FROM es.inhoudset_verwijzingen v
         LEFT JOIN es.inhoudset_objecten o ON o.inhoudset = v.inhoudset AND o.soort = v.naar_soort AND o.id = v.naar
        WHERE v.inhoudset = $1 AND (o.id IS NULL OR (v.typen IS NOT NULL AND o.locatietype <> ALL (v.typen)))
        ORDER BY v.soort, v.id, v.ontbreekt
        LIMIT $2`,
      [set, max],
    );
    return rows;
  }

  async vergelijk(van: string, naar: string): Promise<{ gewijzigd: number; weg: number }> {
    await this.bijgewerkt();
    await this.pool.query('UPDATE es.inhoudset_objecten SET gewijzigd = true WHERE inhoudset = $1 AND NOT gewijzigd', [naar]);
    await this.pool.query(
      `UPDATE es.inhoudset_objecten n SET gewijzigd = false
         FROM es.inhoudset_objecten o
        WHERE n.inhoudset = $2 AND o.inhoudset = $1 AND o.soort = n.soort AND o.id = n.id AND o.digest = n.digest`,
      [van, naar],
    );
    const { rows } = await this.pool.query<{ gewijzigd: string; weg: string }>(
      `SELECT (SELECT count(*) FROM es.inhoudset_objecten WHERE inhoudset = $2 AND gewijzigd) AS gewijzigd,
              (SELECT count(*) FROM es.inhoudset_objecten o WHERE o.inhoudset = $1
                  AND NOT EXISTS (SELECT 1 FROM es.inhoudset_objecten n WHERE n.inhoudset = $2 AND n.soort = o.soort AND n.id = o.id)) AS weg`,
      [van, naar],
    );
    return { gewijzigd: Number(rows[0]!.gewijzigd), weg: Number(rows[0]!.weg) };
  }

  async *weg(van: string, naar: string): AsyncIterable<{ soort: Soort; id: string }> {
    await this.bijgewerkt();
    let na = ['', ''];
    for (;;) {
      const { rows } = await this.pool.query<{ soort: Soort; id: string }>(
        `SELECT o.soort, o.id FROM es.inhoudset_objecten o
          WHERE o.inhoudset = $1 AND (o.soort, o.id) > ($3, $4)
            AND NOT EXISTS (SELECT 1 FROM es.inhoudset_objecten n WHERE n.inhoudset = $2 AND n.soort = o.soort AND n.id = o.id)
          ORDER BY o.soort, o.id LIMIT ${PAGINA}`,
        [van, naar, ...na],
      );
      yield* rows;
      if (rows.length < PAGINA) return;
      na = [rows.at(-1)!.soort, rows.at(-1)!.id];
    }
  }

  async gewijzigd(set: string, soort: Soort, ids: readonly string[]): Promise<Set<string>> {
    await this.bijgewerkt();
    if (ids.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM es.inhoudset_objecten WHERE inhoudset = $1 AND soort = $2 AND id = ANY($3) AND gewijzigd', [set, soort, ids]);
    return new Set(rows.map((r) => r.id));
  }

  async *gewijzigdeKernen(set: string, soort: Soort): AsyncIterable<Indexkern> {
    await this.bijgewerkt();
    let na = '';
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; digest: string; kern: Record<string, unknown> }>(
        `SELECT id, digest, kern FROM es.inhoudset_objecten WHERE inhoudset = $1 AND soort = $2 AND gewijzigd AND id > $3 ORDER BY id LIMIT ${PAGINA}`,
        [set, soort, na],
      );
      for (const r of rows) yield { ...r.kern, digest: r.digest };
      if (rows.length < PAGINA) return;
      na = rows.at(-1)!.id;
    }
  }

  async bevestig(set: string, versie: string): Promise<boolean> {
    try {
      const { rowCount } = await this.pool.query('UPDATE es.inhoudsets SET versie = $2 WHERE id = $1 AND versie IS NULL', [set, versie]);
      return rowCount === 1;
    } catch (error) {
      // Another set was confirmed for this version first (the same command, retried meanwhile).
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async verwerp(set: string): Promise<void> {
    await this.pool.query('DELETE FROM es.inhoudsets WHERE id = $1 AND versie IS NULL', [set]);
  }

  /** Removes sets that never became a version and are older than `ouderDan` (left by a crash). */
  async ruimOp(ouderDan = '1 hour'): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM es.inhoudsets WHERE versie IS NULL AND gemaakt_op < now() - $1::interval`, [ouderDan]);
    return rowCount ?? 0;
  }
}
