import { Router } from 'express';
import type pg from 'pg';
import { SOORTEN_REGELBESTAND } from '../../domain/toepasbare-regels/regelbestand.ts';
import type { DmnModellen } from '../sttr/dmn-modellen.ts';
import { vragenVan } from '../sttr/vragen.ts';
import { regelbestandDmn, regelbestandenOp, type RegelbestandRij } from '../toepasbare-regels/queries.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem } from './problem.ts';
import { leesTijdreis, tijdreisQuery } from './tijdreis.ts';

const BASIS = '/api/toepasbare-regels/v1';
const pad = (r: { activiteit: string; soort: string }) => `${BASIS}/regelbestanden/${encodeURIComponent(r.activiteit)}/${r.soort}`;

const regelbestand = (r: RegelbestandRij, q: string) => ({
  bevoegdGezag: r.bevoegd_gezag,
  activiteit: r.activiteit,
  soort: r.soort,
  versie: r.versie,
  geldigVanaf: r.geldig_vanaf,
  ...(r.geldig_tot ? { geldigTot: r.geldig_tot } : {}),
  bekendVanaf: r.bekend_vanaf.toISOString(),
  bestand: r.bestand,
  model: r.model,
  _links: { self: { href: `${pad(r)}?${q}` }, dmn: { href: `${pad(r)}/dmn?${q}` } },
});

/**
 * The toepasbare regels as they applied on a date, as known at a moment (tijdreizen): which
 * regelbestanden there are, one with its questions, and its DMN file as delivered. The models
 * read are kept in `modellen`, shared with the Vergunningcheck.
 */
export function toepasbareRegelsFeature(pool: pg.Pool, modellen: DmnModellen): HttpFeature {
  const router = Router();
  const soortUit = (s: string) => {
    if (!(SOORTEN_REGELBESTAND as readonly string[]).includes(s)) throw new HttpProblem(404, 'not_found', `Onbekende soort ${s}; kies uit: ${SOORTEN_REGELBESTAND.join(', ')}.`);
    return s;
  };
  const een = async (activiteit: string, soort: string, tijd: ReturnType<typeof leesTijdreis>, metDmn = false) => {
    const [r] = await regelbestandenOp(pool, { geldigOp: tijd.geldigOp, beschikbaarOp: tijd.beschikbaarOp, activiteit, soort: soortUit(soort), metDmn });
    if (!r) throw new HttpProblem(404, 'not_found', `Voor ${activiteit} zijn er op ${tijd.geldigOp} geen toepasbare regels (${soort}), zoals bekend op ${tijd.beschikbaarOp}.`);
    return r;
  };

  router.get(`${BASIS}/regelbestanden`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const tekst = (n: string) => (typeof req.query[n] === 'string' ? (req.query[n] as string) : undefined);
    const rijen = await regelbestandenOp(pool, { geldigOp: tijd.geldigOp, beschikbaarOp: tijd.beschikbaarOp, activiteit: tekst('activiteit'), bevoegdGezag: tekst('bevoegdGezag'), soort: tekst('soort') });
    const q = tijdreisQuery(tijd);
    res.json({ tijdreis: tijd, regelbestanden: rijen.map((r) => regelbestand(r, q)) });
  });

  router.get(`${BASIS}/regelbestanden/:activiteit/:soort`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const r = await een(req.params.activiteit, req.params.soort, tijd);
    const sleutel = { bevoegdGezag: r.bevoegd_gezag, activiteit: r.activiteit, soort: r.soort, versie: r.versie };
    const model = await modellen.model(sleutel, () => regelbestandDmn(pool, sleutel));
    res.json({ ...regelbestand(r, tijdreisQuery(tijd)), vragen: vragenVan(model) });
  });

  router.get(`${BASIS}/regelbestanden/:activiteit/:soort/dmn`, async (req, res) => {
    const r = await een(req.params.activiteit, req.params.soort, leesTijdreis(req), true);
    res.type('application/xml').set('Content-Disposition', `inline; filename="${r.bestand.replace(/[^\w.-]/g, '_')}"`).send(r.dmn);
  });

  const tijd = ['geldigOp', 'beschikbaarOp'].map((name) => ({ name, in: 'query', schema: { type: 'string', format: name === 'geldigOp' ? 'date' : 'date-time' } }));
  const json = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
  return {
    router,
    openapi: {
      paths: {
        [`${BASIS}/regelbestanden`]: { get: { summary: 'De toepasbare regels die gelden op een datum, zoals bekend op een moment', operationId: 'getRegelbestanden', tags: ['Toepasbare regels'], parameters: tijd, responses: { '200': json } } },
        [`${BASIS}/regelbestanden/{activiteit}/{soort}`]: {
          get: { summary: 'Eén regelbestand met zijn vragen', operationId: 'getRegelbestand', tags: ['Toepasbare regels'], parameters: tijd, responses: { '200': json, '404': problemResponse('Geen regels op die datum') } },
        },
        [`${BASIS}/regelbestanden/{activiteit}/{soort}/dmn`]: {
          get: { summary: 'Het DMN-bestand zoals geleverd', operationId: 'getRegelbestandDmn', tags: ['Toepasbare regels'], parameters: tijd, responses: { '200': { description: 'DMN (XML)', content: { 'application/xml': {} } }, '404': problemResponse('Geen regels op die datum') } },
        },
      },
    },
  };
}
