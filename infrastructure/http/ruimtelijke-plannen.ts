import { Router } from 'express';
import type pg from 'pg';
import { zoekgeometrieInRd } from '../omgevingsdocumenten/queries.ts';
import { planOp, plannenOpLocatie, type PlanFilters, type PlanRij } from '../ruimtelijke-plannen/queries.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem } from './problem.ts';
import { leesContentCrs, leesCrs, leesPagina, leesTijdreis, lijst, tijdreisQuery, type TijdreisParameters } from './tijdreis.ts';

const BASIS = '/api/ruimtelijkeplannen/v1';
const PROCEDURES = ['vigerend', 'in procedure'];
const planUrl = (id: string) => `${BASIS}/plannen/${encodeURIComponent(id)}`;

function leesFilters(query: Record<string, unknown>): PlanFilters {
  const procedure = lijst(query.procedure, 'procedure');
  if (procedure?.some((p) => !PROCEDURES.includes(p))) {
    throw new HttpProblem(400, 'ongeldige_parameters', `procedure is ${PROCEDURES.map((p) => `"${p}"`).join(' of ')}.`, [{ name: 'procedure', code: 'enum', reason: PROCEDURES.join(', ') }]);
  }
  return { procedure, bevoegdGezag: lijst(query.bevoegdGezag, 'bevoegdGezag') };
}

/** A plan as both routes show it, in the shape of the Ruimtelijke Plannen API. */
const plan = (p: PlanRij, tijd: TijdreisParameters) => ({
  identificatie: p.identificatie,
  naam: p.naam,
  type: p.type_plan,
  planstatusInfo: { planstatus: p.planstatus, datum: p.datum },
  procedure: p.procedure,
  bevoegdGezag: { code: p.bevoegd_gezag },
  aantalObjecten: p.objecten,
  beschikbaarVanaf: p.beschikbaar_vanaf.toISOString(),
  _links: { self: { href: `${planUrl(p.identificatie)}?${tijdreisQuery(tijd)}` } },
});

/**
 * The overbrugging of ruimtelijke plannen: bestemmingsplannen (IMRO) found by location and
 * read whole, as they were delivered and current at a moment, without the parts where the
 * gemeente's omgevingsplan is in force (the pons).
 */
export function ruimtelijkePlannenFeature(pool: pg.Pool): HttpFeature {
  const router = Router();

  router.post(`${BASIS}/plannen/_zoek`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const { page, size } = leesPagina(req);
    const filters = leesFilters(req.query as Record<string, unknown>);
    const crs = leesContentCrs(req);
    const body = req.body as { _geo?: { intersects?: unknown } } | undefined;
    if (!body || typeof body !== 'object' || !body._geo?.intersects) {
      throw new HttpProblem(400, 'geometrie_ontbreekt', 'Het verzoek heeft een geometrie nodig in _geo.intersects (GeoJSON).', [{ name: '_geo.intersects', code: 'required', reason: 'GeoJSON-geometrie' }]);
    }
    const geometrieRd = await zoekgeometrieInRd(pool, body._geo.intersects, crs, '_geo.intersects');
    const uitkomst = await plannenOpLocatie(pool, { geometrieRd, tijd, filters, page, size });
    const totalPages = Math.ceil(uitkomst.totaal / size);
    res.json({
      _embedded: { plannen: uitkomst.plannen.map((p) => ({ ...plan(p, tijd), objectenOpLocatie: p.objecten_hier })) },
      page: { size, number: page, totalElements: uitkomst.totaal, totalPages },
    });
  });

  router.get(`${BASIS}/plannen/:id`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const crs = leesCrs(typeof req.query.crs === 'string' ? req.query.crs : undefined, 'crs') ?? 28992;
    const gevonden = await planOp(pool, req.params.id, crs, tijd);
    if (!gevonden) throw new HttpProblem(404, 'not_found', `Plan ${req.params.id} bestaat niet (of was op ${tijd.beschikbaarOp} nog niet bekend).`);
    res.set('Content-Crs', `EPSG:${crs}`).json({
      ...plan(gevonden, tijd),
      geometrie: gevonden.geometrie,
      // The share of the plangebied where the gemeente's omgevingsplan is in force at that moment.
      geponst: Math.round((gevonden.geponst ?? 0) * 10000) / 10000,
      bestemmingsvlakken: gevonden.bestemmingsvlakken,
      overigeObjecten: gevonden.andere_objecten,
    });
  });

  return { router, openapi: ruimtelijkePlannenOpenApi };
}

const tijdParameters = ['geldigOp', 'inWerkingOp', 'bekendOp'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', format: 'date' },
  description: 'Het moment voor de pons: waar het omgevingsplan dan geldt, geldt het bestemmingsplan niet meer (standaard vandaag)',
}));
const parameters = [
  ...tijdParameters,
  { name: 'beschikbaarOp', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'De levering van het plan die op dit moment de laatste was (standaard nu)' },
  { name: 'procedure', in: 'query', schema: { type: 'string', enum: PROCEDURES }, description: 'vigerend of in procedure (komma-gescheiden)' },
  { name: 'bevoegdGezag', in: 'query', schema: { type: 'string' }, description: 'Gemeentecodes, zoals gm0798 (komma-gescheiden)' },
];
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

const ruimtelijkePlannenOpenApi = {
  paths: {
    [`${BASIS}/plannen/_zoek`]: {
      post: {
        summary: 'Bestemmingsplannen die gelden in een geometrie, met hun objecten daar',
        operationId: 'zoekPlannen',
        tags: ['Ruimtelijke plannen'],
        parameters: [
          { name: 'Content-Crs', in: 'header', required: true, schema: { type: 'string', enum: ['EPSG:28992', 'EPSG:4326'] } },
          ...parameters,
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['_geo'], properties: { _geo: { type: 'object', required: ['intersects'], properties: { intersects: { type: 'object', description: 'GeoJSON-geometrie' } } } } },
            },
          },
        },
        responses: { '200': json('Plannen met hun objecten op de locatie'), '400': problemResponse('Ongeldige geometrie, CRS of parameter') },
      },
    },
    [`${BASIS}/plannen/{id}`]: {
      get: {
        summary: 'Eén bestemmingsplan met zijn bestemmingsvlakken en hun aanduidingen en maatvoeringen',
        operationId: 'haalPlan',
        tags: ['Ruimtelijke plannen'],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'IMRO-identificatie, zoals NL.IMRO.0798.BPDoornboom-ON01' },
          { name: 'crs', in: 'query', schema: { type: 'string', enum: ['EPSG:28992', 'EPSG:4326'], default: 'EPSG:28992' } },
          ...parameters.slice(0, 4),
        ],
        responses: { '200': json('Het plan'), '400': problemResponse('Ongeldige parameter'), '404': problemResponse('Onbekend plan') },
      },
    },
  },
};
