import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { Router, type Request } from 'express';
import type { RegelingService } from '../../application/omgevingsdocumenten/regeling-service.ts';
import type { RegelingCommand } from '../../domain/omgevingsdocumenten/decide.ts';
import type { BestemmingsplanService } from '../../application/ruimtelijke-plannen/bestemmingsplan-service.ts';
import type { RegelbestandService } from '../../application/toepasbare-regels/regelbestand-service.ts';
import type { SoortRegelbestand } from '../../domain/toepasbare-regels/regelbestand.ts';
import { leesImroPlan } from '../imro/imro-plan.ts';
import type { LeveringImport } from '../../application/omgevingsdocumenten/levering-import.ts';
import { zipBron, type Leveringsbron } from '../stop/bron.ts';
import { leesStopLevering, leveringstijd, type Leesopslag, type StopLevering } from '../stop/levering.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem, type InvalidParam } from './problem.ts';
import { echteDatum } from './tijdreis.ts';

const BASIS = '/api/bevoegd-gezag/v1';

/** Each lifecycle step of a regeling, as a sub-resource to POST to. */
const STAPPEN: Record<string, { command: RegelingCommand['type']; samenvatting: string }> = {
  ontwerpen: { command: 'PubliceerOntwerp', samenvatting: 'Een ontwerpbesluit publiceren, met ter-inzagetermijn' },
  ontwerpintrekkingen: { command: 'TrekOntwerpIn', samenvatting: 'Een ontwerp terugtrekken' },
  besluiten: { command: 'PubliceerBesluit', samenvatting: 'Een vaststellings- of wijzigingsbesluit publiceren (met of zonder datum van inwerkingtreding)' },
  inwerkingtredingen: { command: 'StelInwerkingtredingVast', samenvatting: 'De inwerkingtreding van een besluit zonder datum vaststellen' },
  rectificaties: { command: 'Rectificeer', samenvatting: 'Een gepubliceerd besluit rectificeren (verbeterde versie, zelfde doel)' },
  intrekkingen: { command: 'TrekRegelingIn', samenvatting: 'De regeling intrekken per een datum' },
  vernietigingen: { command: 'VerwerkVernietiging', samenvatting: 'De vernietiging van een besluit door de rechter verwerken' },
};

const GML_TYPES = ['application/gml+xml', 'application/xml', 'text/xml'];
const DMN_TYPES = ['application/dmn+xml', 'application/xml', 'text/xml'];

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The command id of a request: from its Idempotency-Key (checked; per bevoegd gezag, so two
 * cannot collide), or a fresh one without.
 */
function commandIdVan(req: Request, bevoegdGezag: string): string {
  const sleutel = req.get('idempotency-key');
  if (sleutel === undefined) return randomUUID();
  if (!IDEMPOTENCY_KEY.test(sleutel)) {
    throw new HttpProblem(400, 'ongeldige_invoer', 'Idempotency-Key: 8 tot 128 tekens (letters, cijfers, . _ : -).', [{ name: 'Idempotency-Key', code: 'pattern', reason: '[A-Za-z0-9._:-]{8,128}' }]);
  }
  return `${bevoegdGezag}:${sleutel}`;
}

/**
 * The write API of bevoegde gezagen: every lifecycle event of their regelingen. A bearer token
 * says which bevoegd gezag calls; only the owner may change a regeling (the domain checks).
 * An Idempotency-Key makes a retried request store nothing new.
 */
export function bevoegdGezagFeature(
  { regelingen: service, plannen, leveringen, opslag, regelbestanden }: { regelingen: RegelingService; plannen: BestemmingsplanService; leveringen: LeveringImport; opslag: Leesopslag; regelbestanden: RegelbestandService },
  tokens: ReadonlyMap<string, string>,
  publicationLimitBytes: number,
): HttpFeature {
  const router = Router();
  router.use(BASIS, express.json({ limit: publicationLimitBytes, type: ['application/json', 'application/*+json'] }));
  router.use(`${BASIS}/bestemmingsplannen`, express.text({ limit: publicationLimitBytes, type: GML_TYPES }));
  router.use(`${BASIS}/toepasbare-regels`, express.text({ limit: publicationLimitBytes, type: DMN_TYPES }));
  router.use(BASIS, (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const bevoegdGezag = token ? tokens.get(token) : undefined;
    if (!bevoegdGezag) {
      res.set('WWW-Authenticate', 'Bearer realm="omgevingsloket"');
      throw new HttpProblem(401, 'niet_aangemeld', 'Meld u aan met het token van uw bevoegd gezag (Authorization: Bearer …).');
    }
    res.locals.bevoegdGezag = bevoegdGezag;
    next();
  });

  router.post(`${BASIS}/regelingen/:id/:stap`, async (req, res) => {
    const stap = STAPPEN[req.params.stap];
    if (!stap) throw new HttpProblem(404, 'not_found', `Onbekende stap ${req.params.stap}; kies uit: ${Object.keys(STAPPEN).join(', ')}.`);
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new HttpProblem(400, 'ongeldige_invoer', 'De inhoud van het verzoek is een JSON-object met de gegevens van het besluit.');
    }
    const bevoegdGezag = res.locals.bevoegdGezag as string;
    const commandId = commandIdVan(req, bevoegdGezag);
    const afhandeling = await service.handel(req.params.id, { type: stap.command, data: req.body } as RegelingCommand, {
      bevoegdGezag,
      actor: `${bevoegdGezag}:api`,
      commandId,
      correlationId: req.id,
    });
    res.status(afhandeling.nieuw ? 201 : 200).json({
      regelingId: req.params.id,
      events: afhandeling.events.map((e) => ({ type: e.type, streamPosition: e.streamPosition.toString(), eventId: e.eventId })),
      _links: { regeling: { href: `/api/presenteren/v1/regelingen/${encodeURIComponent(req.params.id)}` } },
    });
  });

  // A bestemmingsplan as IMRO2012 GML (FeatureCollectionIMRO), of the caller's own gemeente.
  router.post(`${BASIS}/bestemmingsplannen`, async (req, res) => {
    if (typeof req.body !== 'string' || req.body.length === 0) {
      throw new HttpProblem(415, 'geen_gml', `Stuur het plan als IMRO2012-GML met Content-Type ${GML_TYPES[0]}.`);
    }
    const bevoegdGezag = res.locals.bevoegdGezag as string;
    const afhandeling = await plannen.importeer(leesImroPlan(req.body), { actor: `${bevoegdGezag}:api`, bevoegdGezag, correlationId: req.id });
    res.status(afhandeling.nieuw ? 201 : 200).json({
      identificatie: afhandeling.identificatie,
      events: afhandeling.events.map((e) => ({ type: e.type, streamPosition: e.streamPosition.toString(), eventId: e.eventId })),
      _links: { plan: { href: `/api/ruimtelijkeplannen/v1/plannen/${encodeURIComponent(afhandeling.identificatie)}` } },
    });
  });

  // Toepasbare regels: a DMN file (with the STTR extensions) for an activiteit, with its geldigheid.
  router.post(`${BASIS}/toepasbare-regels`, async (req, res) => {
    if (typeof req.body !== 'string' || req.body.length === 0) throw new HttpProblem(415, 'geen_dmn', `Stuur het DMN-bestand met Content-Type ${DMN_TYPES[0]} of application/xml.`);
    const q = (n: string) => (typeof req.query[n] === 'string' ? (req.query[n] as string) : undefined);
    const ontbreekt = ['activiteit', 'soort', 'geldigVanaf'].filter((n) => !q(n));
    if (ontbreekt.length) throw new HttpProblem(400, 'ongeldige_parameters', `Noem ${ontbreekt.join(', ')}.`, ontbreekt.map((n) => ({ name: n, code: 'required', reason: 'verplicht' })));
    const bevoegdGezag = res.locals.bevoegdGezag as string;
    const afhandeling = await regelbestanden.lever(
      { activiteit: q('activiteit')!, soort: q('soort') as SoortRegelbestand, geldigVanaf: q('geldigVanaf')!, ...(q('geldigTot') ? { geldigTot: q('geldigTot') } : {}), bestand: q('bestand') ?? `${q('activiteit')}.dmn`, dmn: req.body },
      { bevoegdGezag, actor: `${bevoegdGezag}:api`, commandId: commandIdVan(req, bevoegdGezag), correlationId: req.id },
    );
    res.status(afhandeling.nieuw ? 201 : 200).json({
      events: afhandeling.events.map((e) => ({ type: e.type, streamPosition: e.streamPosition.toString(), eventId: e.eventId })),
      _links: { regelbestand: { href: `/api/toepasbare-regels/v1/regelbestanden/${encodeURIComponent(q('activiteit')!)}/${q('soort')}` } },
    });
  });

  router.post(`${BASIS}/toepasbare-regels/intrekkingen`, async (req, res) => {
    const body = req.body as { activiteit?: string; soort?: SoortRegelbestand; per?: string; reden?: string } | undefined;
    if (!body || typeof body !== 'object') throw new HttpProblem(400, 'ongeldige_invoer', 'Stuur {activiteit, soort, per, reden} als JSON.');
    const bevoegdGezag = res.locals.bevoegdGezag as string;
    const afhandeling = await regelbestanden.handel(
      { type: 'TrekToepasbareRegelsIn', data: { activiteit: body.activiteit ?? '', soort: body.soort as SoortRegelbestand, per: body.per ?? '', reden: body.reden ?? '' } },
      { bevoegdGezag, actor: `${bevoegdGezag}:api`, commandId: commandIdVan(req, bevoegdGezag), correlationId: req.id },
    );
    res.status(afhandeling.nieuw ? 201 : 200).json({ events: afhandeling.events.map((e) => ({ type: e.type, streamPosition: e.streamPosition.toString(), eventId: e.eventId })) });
  });

  // A STOP/TPOD delivery as LVBB packages it: a zip with pakbon.xml, the regeling, OW files and GIOs.
  router.post(`${BASIS}/leveringen`, async (req, res) => {
    if (!req.is('application/zip')) throw new HttpProblem(415, 'geen_zip', 'Stuur de levering als zip (Content-Type application/zip) met pakbon.xml.');
    const fouten: InvalidParam[] = [];
    const datum = (naam: string) => {
      const w = req.query[naam];
      if (w === undefined) return undefined;
      if (typeof w !== 'string' || !echteDatum(w)) fouten.push({ name: naam, code: 'date', reason: 'Een bestaande datum, jjjj-mm-dd' });
      return w as string;
    };
    const tijd = { juridischWerkendVanaf: datum('juridischWerkendVanaf'), geldigVanaf: datum('geldigVanaf') };
    if (fouten.length > 0) throw new HttpProblem(400, 'ongeldige_parameters', 'Een datum klopt niet.', fouten);
    const bevoegdGezag = res.locals.bevoegdGezag as string;
    const map = await mkdtemp(join(tmpdir(), 'levering-'));
    let bron: Leveringsbron | undefined;
    let levering: StopLevering | undefined;
    try {
      const bytes = await naarBestand(req, join(map, 'levering.zip'), publicationLimitBytes);
      if (bytes === 0) throw new HttpProblem(415, 'geen_zip', 'Stuur de levering als zip (Content-Type application/zip) met pakbon.xml.');
      bron = await zipBron(join(map, 'levering.zip'), 'levering.zip', publicationLimitBytes);
      levering = await leesStopLevering(bron, opslag);
      const { soort, events } = await leveringen.importeer(levering, leveringstijd(levering, tijd), { actor: `${bevoegdGezag}:api`, bevoegdGezag, correlationId: req.id });
      res.status(soort === 'ongewijzigd' ? 200 : 201).json({
        regelingId: levering.regelingId,
        instrumentversie: levering.instrumentversie,
        soort,
        objecten: levering.telling,
        events: events.map((e) => ({ type: e.type, streamPosition: e.streamPosition.toString(), eventId: e.eventId })),
        _links: { regeling: { href: `/api/presenteren/v1/regelingen/${encodeURIComponent(levering.regelingId)}` } },
      });
    } finally {
      await levering?.sluit();
      await bron?.close();
      await rm(map, { recursive: true, force: true });
    }
  });

  const paths: Record<string, Record<string, unknown>> = Object.fromEntries(
    Object.entries(STAPPEN).map(([pad, stap]) => [
      `${BASIS}/regelingen/{id}/${pad}`,
      {
        post: {
          summary: stap.samenvatting,
          operationId: `${stap.command.charAt(0).toLowerCase()}${stap.command.slice(1)}`,
          tags: ['Bevoegd gezag'],
          security: [{ bevoegdGezagToken: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'AKN work id, URL-gecodeerd' },
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' }, description: 'Zelfde sleutel, zelfde uitkomst: een herhaald verzoek slaat niets dubbel op' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: `De gegevens van ${stap.command}` } } } },
          responses: {
            '201': { description: 'Opgeslagen', content: { 'application/json': { schema: { type: 'object' } } } },
            '200': { description: 'Al eerder opgeslagen (zelfde Idempotency-Key)', content: { 'application/json': { schema: { type: 'object' } } } },
            '400': problemResponse('Ongeldige invoer'),
            '401': problemResponse('Geen of onbekend token'),
            '403': problemResponse('De regeling is van een ander bevoegd gezag'),
            '404': problemResponse('Onbekende regeling of doel'),
            '409': problemResponse('Bestaat al, of intussen gewijzigd'),
            '413': problemResponse('Te groot'),
            '422': problemResponse('Onmogelijke datum of ongeldige inhoud (met invalidParams)'),
          },
        },
      },
    ]),
  );
  paths[`${BASIS}/leveringen`] = {
    post: {
      summary: 'Een STOP/TPOD-levering (zip met pakbon.xml, regelingtekst, OW-bestanden en GIO\'s): eerste versie, wijziging of rectificatie',
      operationId: 'leverRegeling',
      tags: ['Bevoegd gezag'],
      security: [{ bevoegdGezagToken: [] }],
      parameters: ['juridischWerkendVanaf', 'geldigVanaf'].map((name) => ({ name, in: 'query', schema: { type: 'string', format: 'date' }, description: 'Standaard: de datum van gemaaktOp' })),
      requestBody: { required: true, content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        '201': { description: 'Opgeslagen', content: { 'application/json': { schema: { type: 'object' } } } },
        '200': { description: 'Deze versie was er al: niets opgeslagen', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': problemResponse('Geen geldige zip of datum'),
        '401': problemResponse('Geen of onbekend token'),
        '403': problemResponse('De regeling is van een ander bevoegd gezag'),
        '409': problemResponse('Deze versie bestaat al met andere inhoud, of intussen gewijzigd'),
        '413': problemResponse('Te groot'),
        '415': problemResponse('Geen zip'),
        '422': problemResponse('De levering klopt niet (elke fout met bestand, element en id)'),
      },
    },
  };
  paths[`${BASIS}/bestemmingsplannen`] = {
    post: {
      summary: 'Een bestemmingsplan leveren (IMRO2012-GML); dezelfde levering nog eens slaat niets op',
      operationId: 'leverBestemmingsplan',
      tags: ['Bevoegd gezag'],
      security: [{ bevoegdGezagToken: [] }],
      requestBody: { required: true, content: Object.fromEntries(GML_TYPES.map((t) => [t, { schema: { type: 'string', description: 'imro:FeatureCollectionIMRO' } }])) },
      responses: {
        '201': { description: 'Opgeslagen', content: { 'application/json': { schema: { type: 'object' } } } },
        '200': { description: 'Dezelfde levering als de vorige: niets opgeslagen', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': problemResponse('Geen geldige IMRO-GML (met het element en de id van elke fout)'),
        '401': problemResponse('Geen of onbekend token'),
        '403': problemResponse('Het plan is van een andere gemeente'),
        '409': problemResponse('Intussen gewijzigd'),
        '413': problemResponse('Te groot'),
        '415': problemResponse('Geen GML'),
        '422': problemResponse('Ongeldige inhoud (met invalidParams)'),
      },
    },
  };
  return { router, openapi: { paths }, ownsBodiesUnder: BASIS };
}

/**
 * Writes the request body to a file as it arrives, so a delivery of any size is never held in
 * memory; returns its size. Past `max` bytes it stops writing, reads the rest without keeping it
 * (the client is still sending) and answers 413.
 */
async function naarBestand(req: Request, pad: string, max: number): Promise<number> {
  const uit = createWriteStream(pad);
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    req.on('data', (stuk: Buffer) => {
      bytes += stuk.length;
      if (bytes > max) return void uit.destroy();
      if (!uit.write(stuk)) {
        req.pause();
        uit.once('drain', () => req.resume());
      }
    });
    req.on('end', () => (bytes > max ? resolve() : uit.end(() => resolve())));
    req.on('error', reject);
    uit.on('error', (error) => (bytes > max ? undefined : reject(error)));
  });
  if (bytes > max) throw new HttpProblem(413, 'payload_too_large', `Het verzoek is groter dan de grens van ${max} bytes.`);
  return bytes;
}
