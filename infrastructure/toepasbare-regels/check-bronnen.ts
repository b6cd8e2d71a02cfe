import type pg from 'pg';
import type { CheckBronnen } from '../../application/toepasbare-regels/vergunningcheck-service.ts';
import type { Ligging } from '../../domain/toepasbare-regels/vragenboom.ts';
import { werkzaamhedenOp } from '../catalogus/queries.ts';
import { datumInAmsterdam } from '../http/tijdreis.ts';
import { locatieOp, regelsOpLocatie } from '../omgevingsdocumenten/queries.ts';
import type { DmnModellen } from '../sttr/dmn-modellen.ts';
import { regelbestandDmn, regelbestandenOp } from './queries.ts';

/**
 * The check's sources in PostgreSQL + PostGIS: the catalogue, the regels at a location, the
 * toepasbare regels (their models kept in `modellen`), the werkingsgebieden; each as known at
 * the check's moment.
 */
export function postgresCheckBronnen(pool: pg.Pool, modellen: DmnModellen): CheckBronnen {
  const tijd = (datum: string, bekendOp: string) => ({ geldigOp: datum, inWerkingOp: datum, bekendOp: datumInAmsterdam(new Date(bekendOp)), beschikbaarOp: bekendOp });
  return {
    werkzaamheden: (ids) => werkzaamhedenOp(pool, [...ids]),

    async activiteitenOp(locatieRd, datum, bekendOp) {
      const { documenten } = await regelsOpLocatie(pool, { geometrieRd: locatieRd, tijd: tijd(datum, bekendOp), inclusiefOntwerp: false, filters: {}, page: 1, size: 1000 });
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
      const [r] = await regelbestandenOp(pool, { geldigOp: datum, beschikbaarOp: bekendOp, activiteit, soort, bevoegdGezag });
      return r ? { versie: r.versie } : undefined;
    },

    model: (bevoegdGezag, activiteit, soort, versie) => {
      const sleutel = { bevoegdGezag, activiteit, soort, versie };
      return modellen.model(sleutel, () => regelbestandDmn(pool, sleutel));
    },

    async ligging(locatieRd, locaties, datum, bekendOp) {
      const uit: Record<string, Ligging> = {};
      for (const id of locaties) {
        const l = await locatieOp(pool, id, 28992, tijd(datum, bekendOp));
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
