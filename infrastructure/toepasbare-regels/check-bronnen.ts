import type pg from 'pg';
import type { CheckBronnen } from '../../application/toepasbare-regels/vergunningcheck-service.ts';
import type { Ligging } from '../../domain/toepasbare-regels/vragenboom.ts';
import { werkzaamhedenOp } from '../catalogus/queries.ts';
import { datumInAmsterdam } from '../http/tijdreis.ts';
import { locatieOp, regelsOpLocatie } from '../omgevingsdocumenten/queries.ts';
import { regelbestandenOp } from './queries.ts';

/** The check's sources in PostgreSQL + PostGIS: the catalogue, the regels at a location, the toepasbare regels, the werkingsgebieden. */
export function postgresCheckBronnen(pool: pg.Pool): CheckBronnen {
  const tijd = (datum: string) => ({ geldigOp: datum, inWerkingOp: datum, bekendOp: datumInAmsterdam(new Date()), beschikbaarOp: new Date().toISOString() });
  return {
    werkzaamheden: (ids) => werkzaamhedenOp(pool, [...ids]),

    async activiteitenOp(locatieRd, datum) {
      const { documenten } = await regelsOpLocatie(pool, { geometrieRd: locatieRd, tijd: tijd(datum), inclusiefOntwerp: false, filters: {}, page: 1, size: 1000 });
      const perActiviteit = new Map<string, { activiteit: string; naam: string; bevoegdGezag: string; regels: { regelingId: string; identificatie: string; kwalificatie: string }[] }>();
      for (const d of documenten as { regelingId: string; bevoegdGezag: { code: string }; juridischeRegels: { identificatie: string; activiteiten: { identificatie: string; naam: string; kwalificatie: string }[] }[] }[]) {
        for (const r of d.juridischeRegels) {
          for (const a of r.activiteiten ?? []) {
            const bij = perActiviteit.get(a.identificatie) ?? { activiteit: a.identificatie, naam: a.naam, bevoegdGezag: d.bevoegdGezag.code, regels: [] };
            bij.regels.push({ regelingId: d.regelingId, identificatie: r.identificatie, kwalificatie: a.kwalificatie });
            perActiviteit.set(a.identificatie, bij);
          }
        }
      }
      return [...perActiviteit.values()];
    },

    async regelbestandOp(bevoegdGezag, activiteit, soort, datum, bekendOp) {
      const [r] = await regelbestandenOp(pool, { geldigOp: datum, beschikbaarOp: bekendOp, activiteit, soort, bevoegdGezag, metDmn: true });
      return r ? { versie: r.versie, bestand: r.bestand, dmn: r.dmn! } : undefined;
    },

    async regelbestandVersie(bevoegdGezag, activiteit, soort, versie) {
      const { rows } = await pool.query<{ bestand: string; dmn: string }>(
        'SELECT bestand, dmn FROM rm.toepasbare_regels WHERE bevoegd_gezag = $1 AND activiteit = $2 AND soort = $3 AND versie = $4',
        [bevoegdGezag, activiteit, soort, versie],
      );
      if (!rows[0]) throw new Error(`Regelbestand ${bevoegdGezag}/${activiteit}/${soort} versie ${versie} staat niet in het leesmodel`);
      return rows[0];
    },

    async ligging(locatieRd, locaties, datum) {
      const uit: Record<string, Ligging> = {};
      for (const id of locaties) {
        const l = await locatieOp(pool, id, 28992, tijd(datum));
        if (!l?.geometrie) continue;
        const { rows } = await pool.query<{ ligging: Ligging }>(
          `SELECT CASE WHEN ST_Within(z, g) THEN 'ja' WHEN ST_Intersects(z, g) THEN 'deels' ELSE 'nee' END AS ligging
             FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 28992) AS z, ST_SetSRID(ST_GeomFromGeoJSON($2), 28992) AS g) x`,
          [locatieRd, JSON.stringify(l.geometrie)],
        );
        uit[id] = rows[0]!.ligging;
      }
      return uit;
    },
  };
}
