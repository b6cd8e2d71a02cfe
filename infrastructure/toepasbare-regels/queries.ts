import type pg from 'pg';

/** A version of a regelbestand as the read model holds it. */
export interface RegelbestandRij {
  bevoegd_gezag: string;
  activiteit: string;
  soort: string;
  versie: number;
  geldig_vanaf: string;
  geldig_tot: string | null;
  bekend_vanaf: Date;
  bestand: string;
  model: { naam: string; dmnVersie: string; vragen: number; beslissingen: string[] };
}

/**
 * The regelbestanden that apply on a date as known at a moment: per bevoegd gezag, activiteit
 * and soort, the last version delivered by then whose period holds the date and that no
 * withdrawal known by then ended. Without `dmn` unless asked.
 */
export async function regelbestandenOp(
  pool: pg.Pool,
  vraag: { geldigOp: string; beschikbaarOp: string; activiteit?: string; soort?: string; bevoegdGezag?: string; metDmn?: boolean },
): Promise<(RegelbestandRij & { dmn?: string })[]> {
  const { rows } = await pool.query(
    `SELECT DISTINCT ON (t.bevoegd_gezag, t.activiteit, t.soort)
            t.bevoegd_gezag, t.activiteit, t.soort, t.versie, lower(t.geldig)::text AS geldig_vanaf, upper(t.geldig)::text AS geldig_tot,
            t.bekend_vanaf, t.bestand, t.model ${vraag.metDmn ? ', t.dmn' : ''}
       FROM rm.toepasbare_regels t
      WHERE t.geldig @> $1::date AND t.bekend_vanaf <= $2::timestamptz
        AND ($3::text IS NULL OR t.activiteit = $3) AND ($4::text IS NULL OR t.soort = $4) AND ($5::text IS NULL OR t.bevoegd_gezag = $5)
        AND NOT EXISTS (
              SELECT 1 FROM rm.toepasbare_regels_intrekkingen i
               WHERE i.bevoegd_gezag = t.bevoegd_gezag AND i.activiteit = t.activiteit AND i.soort = t.soort
                 AND i.bekend_vanaf <= $2::timestamptz AND i.per <= $1::date AND i.tot_en_met_versie >= t.versie)
      ORDER BY t.bevoegd_gezag, t.activiteit, t.soort, t.versie DESC`,
    [vraag.geldigOp, vraag.beschikbaarOp, vraag.activiteit ?? null, vraag.soort ?? null, vraag.bevoegdGezag ?? null],
  );
  return rows;
}

/** The DMN file of one version of a regelbestand, as delivered. */
export async function regelbestandDmn(pool: pg.Pool, r: { bevoegdGezag: string; activiteit: string; soort: string; versie: number }): Promise<{ bestand: string; dmn: string }> {
  const { rows } = await pool.query<{ bestand: string; dmn: string }>(
    'SELECT bestand, dmn FROM rm.toepasbare_regels WHERE bevoegd_gezag = $1 AND activiteit = $2 AND soort = $3 AND versie = $4',
    [r.bevoegdGezag, r.activiteit, r.soort, r.versie],
  );
  if (!rows[0]) throw new Error(`Regelbestand ${r.bevoegdGezag}/${r.activiteit}/${r.soort} versie ${r.versie} staat niet in het leesmodel`);
  return rows[0];
}
