import type pg from 'pg';
import { zoekvorm as vorm } from '../database/zoektekst.ts';

/** A werkzaamheid of the catalogue as the read model holds it: its last version. */
export interface Werkzaamheidrij {
  id: string;
  naam: string;
  omschrijving?: string;
  zoektermen: string[];
  activiteiten: string[];
  versie: number;
  bekendVanaf: Date;
}

interface Rij {
  id: string;
  naam: string;
  omschrijving: string | null;
  zoektermen: string[];
  activiteiten: string[];
  versie: number;
  bekend_vanaf: Date;
}

const rij = (r: Rij): Werkzaamheidrij => ({
  id: r.id,
  naam: r.naam,
  ...(r.omschrijving !== null ? { omschrijving: r.omschrijving } : {}),
  zoektermen: r.zoektermen,
  activiteiten: r.activiteiten,
  versie: r.versie,
  bekendVanaf: r.bekend_vanaf,
});

const KOLOMMEN = 'w.id, w.naam, w.omschrijving, w.zoektermen, w.activiteiten, w.versie, w.bekend_vanaf';

/**
 * Each werkzaamheid gets the best rank of its naam and zoektermen: 0 exact, 1 prefix, 2 a word
 * starts with the text, 3 somewhere inside; times two, plus one for a zoekterm, so the naam wins
 * a tie. Failing those, 8 when every word of the text occurs somewhere ("kappen boom").
 * $1 the text, $2 the text as a LIKE pattern.
 */
const ZOEK_SQL = `
  WITH vraag AS (SELECT ${vorm('$1::text')} AS tekst, ${vorm('$2::text')} AS patroon)
  SELECT ${KOLOMMEN}
    FROM rm.werkzaamheden w
    CROSS JOIN vraag v
    CROSS JOIN LATERAL (
      SELECT min(CASE WHEN t.term = v.tekst THEN 0
                      WHEN t.term LIKE v.patroon || '%' THEN 1
                      WHEN ' ' || t.term LIKE '% ' || v.patroon || '%' THEN 2
                      WHEN t.term LIKE '%' || v.patroon || '%' THEN 3 END * 2 + t.zoekterm) AS rang
        FROM (SELECT ${vorm('w.naam')} AS term, 0 AS zoekterm
              UNION ALL
              SELECT ${vorm('z')}, 1 FROM unnest(w.zoektermen) AS z) t) r
    CROSS JOIN LATERAL (SELECT ${vorm(`w.naam || ' ' || array_to_string(w.zoektermen, ' ')`)} AS alles) a
   WHERE r.rang IS NOT NULL
      OR NOT EXISTS (SELECT 1 FROM unnest(string_to_array(v.patroon, ' ')) AS woord WHERE a.alles NOT LIKE '%' || woord || '%')
   ORDER BY coalesce(r.rang, 8), lower(w.naam), w.id`;

/**
 * The werkzaamheden in the catalogue, all by naam, or those whose naam or a zoekterm holds the
 * text (without regard to capitals and accents), best matches first.
 */
export async function werkzaamheden(pool: pg.Pool, q?: string): Promise<Werkzaamheidrij[]> {
  const tekst = (q ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!tekst) {
    const { rows } = await pool.query<Rij>(`SELECT ${KOLOMMEN} FROM rm.werkzaamheden w ORDER BY lower(w.naam), w.id`);
    return rows.map(rij);
  }
  const patroon = tekst.replace(/[\\%_]/g, (c) => `\\${c}`);
  const { rows } = await pool.query<Rij>({ name: 'werkzaamheden-zoeken', text: ZOEK_SQL, values: [tekst, patroon] });
  return rows.map(rij);
}

/** The werkzaamheden with these ids that are in the catalogue, in the order asked; an unknown or withdrawn id is left out. */
export async function werkzaamhedenOp(pool: pg.Pool, ids: readonly string[]): Promise<Werkzaamheidrij[]> {
  if (ids.length === 0) return [];
  const { rows } = await pool.query<Rij>(`SELECT ${KOLOMMEN} FROM rm.werkzaamheden w WHERE w.id = ANY($1::text[]) ORDER BY array_position($1::text[], w.id)`, [[...ids]]);
  return rows.map(rij);
}
