import { Router, type Request } from 'express';
import type pg from 'pg';
import { locatieOp, regelingGeschiedenis, regelingOp, regelsOpLocatie, zoekRegelingen, zoekgeometrieInRd, type Filters } from '../omgevingsdocumenten/queries.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem } from './problem.ts';
import { leesContentCrs, leesCrs, leesPagina, leesTijdreis, lijst, tijdreisQuery } from './tijdreis.ts';

const BASIS = '/api/presenteren/v1';
const regelingUrl = (id: string) => `${BASIS}/regelingen/${encodeURIComponent(id)}`;

function leesFilters(bron: Record<string, unknown>, prefix = ''): Filters {
  return {
    bestuurslaag: lijst(bron.bestuurslaag, `${prefix}bestuurslaag`),
    documenttype: lijst(bron.documenttype, `${prefix}documenttype`),
    activiteit: lijst(bron.activiteit, `${prefix}activiteit`),
    thema: lijst(bron.thema, `${prefix}thema`),
    regeltype: lijst(bron.regeltype, `${prefix}regeltype`),
  };
}

const waar = (req: Request, naam: string) => req.query[naam] === 'true';

/**
 * The Presenteren API: which rules apply where and when (regels op de kaart), mirroring the
 * DSO shapes: POST …/regeltekstannotaties/_zoek, regelingen, their versions, locaties.
 */
export function presenterenFeature(pool: pg.Pool): HttpFeature {
  const router = Router();

  router.post(`${BASIS}/regeltekstannotaties/_zoek`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const { page, size } = leesPagina(req, 100);
    const crs = leesContentCrs(req);
    const body = (req.body ?? {}) as { geo?: { geometrie?: unknown }; filters?: Record<string, unknown> };
    if (typeof body !== 'object' || !body.geo?.geometrie) {
      throw new HttpProblem(400, 'geometrie_ontbreekt', 'Het verzoek heeft een geometrie nodig in geo.geometrie (GeoJSON).', [{ name: 'geo.geometrie', code: 'required', reason: 'GeoJSON-geometrie' }]);
    }
    const filters = leesFilters(body.filters ?? {}, 'filters.');
    const inclusiefOntwerp = waar(req, 'inclusiefOntwerp');
    const geometrieRd = await zoekgeometrieInRd(pool, body.geo.geometrie, crs);
    const uitkomst = await regelsOpLocatie(pool, { geometrieRd, tijd, inclusiefOntwerp, filters, page, size });
    const tq = tijdreisQuery(tijd, inclusiefOntwerp);
    const moment = tijdreisQuery(tijd);
    const totalPages = Math.ceil(uitkomst.totaal / size);
    const pagina = (n: number) => `${BASIS}/regeltekstannotaties/_zoek?${tq}&page=${n}&size=${size}`;
    res.json({
      _embedded: {
        documenten: uitkomst.documenten.map((d) => ({
          ...d,
          _links: { self: { href: `${regelingUrl(d.regelingId)}?${moment}` }, versies: { href: `${regelingUrl(d.regelingId)}/versies` } },
          juridischeRegels: d.juridischeRegels.map((r) => ({
            ...r,
            _links: {
              locaties: (r.locatiesOpZoeklocatie as string[]).map((id) => ({ href: `${BASIS}/locaties/${encodeURIComponent(id)}?crs=EPSG:4326&${moment}` })),
            },
          })),
        })),
      },
      page: { size, number: page, totalElements: uitkomst.totaal, totalPages },
      _links: {
        self: { href: pagina(page) },
        ...(page < totalPages ? { next: { href: pagina(page + 1) } } : {}),
        ...(page > 1 ? { prev: { href: pagina(page - 1) } } : {}),
      },
    });
  });

  router.get(`${BASIS}/regelingen`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const { page, size } = leesPagina(req);
    const q = req.query as Record<string, unknown>;
    const zoek = typeof q.zoek === 'string' && q.zoek.trim() ? q.zoek.trim() : undefined;
    const uitkomst = await zoekRegelingen(pool, { tijd, page, size, filters: { ...leesFilters(q), bevoegdGezag: lijst(q.bevoegdGezag, 'bevoegdGezag'), zoek } });
    const totalPages = Math.ceil(uitkomst.totaal / size);
    res.json({
      _embedded: {
        regelingen: uitkomst.regelingen.map((r) => ({
          identificatie: r.regeling_id,
          citeertitel: r.citeertitel,
          documenttype: r.documenttype,
          bevoegdGezag: { code: r.bevoegd_gezag, bestuurslaag: r.bestuurslaag },
          instrumentversie: r.instrumentversie,
          status: r.instrumentversie ? 'geldend' : 'niet in werking',
          _links: { self: { href: `${regelingUrl(r.regeling_id)}?${tijdreisQuery(tijd)}` } },
        })),
      },
      page: { size, number: page, totalElements: uitkomst.totaal, totalPages },
    });
  });

  router.get(`${BASIS}/regelingen/:id/versies`, async (req, res) => {
    const geschiedenis = await regelingGeschiedenis(pool, req.params.id);
    if (!geschiedenis) throw new HttpProblem(404, 'not_found', `Regeling ${req.params.id} bestaat niet.`);
    res.json({ identificatie: req.params.id, ...geschiedenis, _links: { regeling: { href: regelingUrl(req.params.id) } } });
  });

  router.get(`${BASIS}/regelingen/:id`, async (req, res) => {
    const tijd = leesTijdreis(req);
    const regeling = await regelingOp(pool, req.params.id, tijd);
    if (!regeling) throw new HttpProblem(404, 'not_found', `Regeling ${req.params.id} bestaat niet (of was op ${tijd.beschikbaarOp} nog niet bekend).`);
    res.json({
      identificatie: regeling.regeling_id,
      citeertitel: regeling.citeertitel,
      documenttype: regeling.documenttype,
      bevoegdGezag: { code: regeling.bevoegd_gezag, bestuurslaag: regeling.bestuurslaag },
      instrumentversie: regeling.instrumentversie,
      status: regeling.instrumentversie ? 'geldend' : 'niet in werking',
      tijdreis: tijd,
      regelteksten: regeling.regelteksten,
      // The kaarten the bevoegd gezag composed (IMOW Kaart), for a viewer to list and draw layer by layer.
      kaarten: regeling.kaarten.map(({ nummer, uitsnede, ...k }: { nummer: string | null; uitsnede: unknown }) => ({ ...k, ...(nummer ? { nummer } : {}), ...(uitsnede ? { uitsnede } : {}) })),
      // Where this omgevingsplan replaces the bestemmingsplannen (IMOW Pons).
      ponsen: regeling.ponsen.map((p: { identificatie: string; locaties: string[] }) => ({
        ...p,
        _links: { locaties: p.locaties.map((id) => ({ href: `${BASIS}/locaties/${encodeURIComponent(id)}?crs=EPSG:4326&${tijdreisQuery(tijd)}` })) },
      })),
      _links: { self: { href: `${regelingUrl(regeling.regeling_id)}?${tijdreisQuery(tijd)}` }, versies: { href: `${regelingUrl(regeling.regeling_id)}/versies` } },
    });
  });

  router.get(`${BASIS}/locaties/:id`, async (req, res) => {
    const crs = leesCrs(typeof req.query.crs === 'string' ? req.query.crs : undefined, 'crs');
    if (!crs) {
      throw new HttpProblem(422, 'crs_ontbreekt', 'Geef met de parameter crs aan in welk stelsel u de geometrie wilt: EPSG:28992 of EPSG:4326.', [
        { name: 'crs', code: 'required', reason: 'EPSG:28992 of EPSG:4326' },
      ]);
    }
    const tijd = leesTijdreis(req);
    const locatie = await locatieOp(pool, req.params.id, crs, tijd);
    if (!locatie) throw new HttpProblem(404, 'not_found', `Locatie ${req.params.id} is er niet in een regeling die op dat moment geldt.`);
    res.set('Content-Crs', `EPSG:${crs}`).json({
      identificatie: req.params.id,
      type: locatie.type,
      noemer: locatie.noemer,
      instrumentversie: locatie.instrumentversie,
      geometrie: locatie.geometrie,
      _links: { self: { href: `${BASIS}/locaties/${encodeURIComponent(req.params.id)}?crs=EPSG:${crs}&${tijdreisQuery(tijd)}` } },
    });
  });

  return { router, openapi: presenterenOpenApi };
}

const tijdParameters = [
  { name: 'geldigOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Regels die gelden op deze datum (standaard vandaag)' },
  { name: 'inWerkingOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Zoals juridisch in werking op deze datum (standaard vandaag)' },
  { name: 'bekendOp', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Zoals bekendgemaakt op deze datum (standaard vandaag)' },
  { name: 'beschikbaarOp', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Zoals in dit systeem beschikbaar op dit moment (standaard nu)' },
];
const paginaParameters = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
];
const idParameter = (beschrijving: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: beschrijving });
const json = (description: string) => ({ description, content: { 'application/hal+json': { schema: { type: 'object' } }, 'application/json': { schema: { type: 'object' } } } });

const presenterenOpenApi = {
  paths: {
    [`${BASIS}/regeltekstannotaties/_zoek`]: {
      post: {
        summary: 'Juridische regels van alle bevoegde gezagen op een locatie, per document',
        operationId: 'zoekRegeltekstannotaties',
        tags: ['Presenteren'],
        parameters: [
          { name: 'Content-Crs', in: 'header', required: true, schema: { type: 'string', enum: ['EPSG:28992', 'EPSG:4326'] } },
          ...tijdParameters,
          { name: 'inclusiefOntwerp', in: 'query', schema: { type: 'boolean', default: false }, description: 'Ook ontwerpen tonen (als toekomstige regels)' },
          ...paginaParameters,
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['geo'],
                properties: {
                  geo: { type: 'object', required: ['geometrie'], properties: { geometrie: { type: 'object', description: 'GeoJSON Point, LineString, Polygon of Multi-' } } },
                  filters: {
                    type: 'object',
                    properties: Object.fromEntries(['bestuurslaag', 'documenttype', 'activiteit', 'thema', 'regeltype'].map((f) => [f, { type: 'array', items: { type: 'string' } }])),
                  },
                },
              },
            },
          },
        },
        responses: { '200': json('Documenten met hun juridische regels op de locatie'), '400': problemResponse('Ongeldige geometrie, CRS of parameter') },
      },
    },
    [`${BASIS}/regelingen`]: {
      get: {
        summary: 'Regelingen zoeken, met de versie die geldt op het gevraagde moment',
        operationId: 'zoekRegelingen',
        tags: ['Presenteren'],
        parameters: [
          ...tijdParameters,
          ...paginaParameters,
          ...['bestuurslaag', 'documenttype', 'bevoegdGezag'].map((name) => ({ name, in: 'query', schema: { type: 'string' }, description: 'Komma-gescheiden lijst' })),
          { name: 'zoek', in: 'query', schema: { type: 'string' }, description: 'Tekst in de citeertitel' },
        ],
        responses: { '200': json('Regelingen'), '400': problemResponse('Ongeldige parameter') },
      },
    },
    [`${BASIS}/regelingen/{id}`]: {
      get: {
        summary: 'Eén regeling zoals die was op het gevraagde moment, met regelteksten, kaarten (met kaartlagen) en ponsen',
        operationId: 'haalRegeling',
        tags: ['Presenteren'],
        parameters: [idParameter('AKN work id, URL-gecodeerd'), ...tijdParameters],
        responses: { '200': json('De regeling'), '404': problemResponse('Onbekende regeling') },
      },
    },
    [`${BASIS}/regelingen/{id}/versies`]: {
      get: {
        summary: 'De hele geschiedenis van een regeling op alle vier tijdassen',
        operationId: 'haalRegelingVersies',
        tags: ['Presenteren'],
        parameters: [idParameter('AKN work id, URL-gecodeerd')],
        responses: { '200': json('Gebeurtenissen en complete toestanden'), '404': problemResponse('Onbekende regeling') },
      },
    },
    [`${BASIS}/locaties/{id}`]: {
      get: {
        summary: 'De geometrie van een locatie (een groep als vereniging van haar leden)',
        operationId: 'haalLocatie',
        tags: ['Presenteren'],
        parameters: [idParameter('IMOW-identificatie'), { name: 'crs', in: 'query', required: true, schema: { type: 'string', enum: ['EPSG:28992', 'EPSG:4326'] } }, ...tijdParameters],
        responses: { '200': json('De locatie'), '404': problemResponse('Onbekende locatie'), '422': problemResponse('crs ontbreekt') },
      },
    },
  },
};
