import ExcelJS from 'exceljs';
import { Router } from 'express';
import type pg from 'pg';
import type { VergunningcheckService } from '../../application/toepasbare-regels/vergunningcheck-service.ts';
import { zoekgeometrieInRd } from '../omgevingsdocumenten/queries.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem } from './problem.ts';
import { datumInAmsterdam, echteDatum, leesContentCrs } from './tijdreis.ts';

const BASIS = '/api/vergunningcheck/v1';

/**
 * The Vergunningcheck API: start a check for a location and werkzaamheden, answer its
 * questions one by one, take an answer back, and read where it stands. A check is events.
 */
export function vergunningcheckFeature(pool: pg.Pool, service: VergunningcheckService): HttpFeature {
  const router = Router();
  const wie = (req: { id?: string }) => ({ actor: 'loket:anoniem', correlationId: req.id });

  router.post(`${BASIS}/sessies`, async (req, res) => {
    const body = req.body as { locatie?: unknown; werkzaamheden?: unknown; datum?: unknown; antwoorden?: unknown } | undefined;
    if (!body || typeof body !== 'object') throw new HttpProblem(400, 'ongeldige_invoer', 'Stuur {locatie, werkzaamheden} als JSON.');
    if (!Array.isArray(body.werkzaamheden) || !body.werkzaamheden.every((w) => typeof w === 'string')) {
      throw new HttpProblem(400, 'ongeldige_invoer', 'werkzaamheden is een lijst met ids uit de catalogus, zoals ["dakkapel-plaatsen"].', [{ name: 'werkzaamheden', code: 'type', reason: 'lijst van tekst' }]);
    }
    const datum = body.datum === undefined ? datumInAmsterdam(new Date()) : body.datum;
    if (typeof datum !== 'string' || !echteDatum(datum)) throw new HttpProblem(400, 'ongeldige_invoer', 'datum is een bestaande datum (jjjj-mm-dd).', [{ name: 'datum', code: 'date', reason: 'jjjj-mm-dd' }]);
    if (!body.locatie) throw new HttpProblem(400, 'geometrie_ontbreekt', 'Noem de locatie als GeoJSON (punt, lijn of vlak).', [{ name: 'locatie', code: 'required', reason: 'GeoJSON' }]);
    const locatieRd = await zoekgeometrieInRd(pool, body.locatie, leesContentCrs(req), 'locatie');
    const voorIngevuld = body.antwoorden && typeof body.antwoorden === 'object' && !Array.isArray(body.antwoorden) ? (body.antwoorden as Record<string, unknown>) : {};
    const toestand = await service.start({ locatieRd, werkzaamheden: body.werkzaamheden as string[], datum, voorIngevuld }, wie(req));
    res.status(201).location(`${BASIS}/sessies/${toestand.id}`).json(toestand);
  });

  router.get(`${BASIS}/sessies/:id`, async (req, res) => {
    res.json(await service.toestand(req.params.id));
  });

  router.post(`${BASIS}/sessies/:id/antwoorden`, async (req, res) => {
    const body = req.body as { sleutel?: unknown; antwoord?: unknown } | undefined;
    if (!body || typeof body.sleutel !== 'string' || !('antwoord' in body)) throw new HttpProblem(400, 'ongeldige_invoer', 'Stuur {sleutel, antwoord}: de sleutel van de vraag en het antwoord.');
    res.json(await service.beantwoord(req.params.id, body.sleutel, body.antwoord, wie(req)));
  });

  router.post(`${BASIS}/sessies/:id/terug`, async (req, res) => {
    res.json(await service.terug(req.params.id, wie(req)));
  });

  // The maatregelen of a check as a spreadsheet: one row per maatregel, to plan and tick off.
  router.get(`${BASIS}/sessies/:id/maatregelen.xlsx`, async (req, res) => {
    const toestand = await service.toestand(req.params.id);
    const boek = new ExcelJS.Workbook();
    boek.creator = 'Omgevingsloket';
    boek.created = new Date();
    const blad = boek.addWorksheet('Maatregelen', { views: [{ state: 'frozen', ySplit: 1 }] });
    blad.columns = [
      { header: 'Nummer', key: 'nummer', width: 10 },
      { header: 'Maatregel', key: 'tekst', width: 60 },
      { header: 'Thema', key: 'thema', width: 14 },
      { header: 'Frequentie', key: 'frequentie', width: 22 },
      { header: 'Toelichting', key: 'toelichting', width: 80 },
      { header: 'Overheid', key: 'bevoegdGezag', width: 12 },
      { header: 'Activiteit', key: 'activiteit', width: 40 },
    ];
    blad.getRow(1).font = { bold: true };
    for (const m of toestand.maatregelen) blad.addRow({ ...m, toelichting: m.toelichting ?? '', frequentie: m.frequentie ?? '', thema: m.thema ?? '' });
    for (const kolom of ['tekst', 'toelichting']) blad.getColumn(kolom).alignment = { wrapText: true, vertical: 'top' };
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .set('Content-Disposition', `attachment; filename="maatregelen-${toestand.id.slice(0, 8)}.xlsx"`)
      .send(Buffer.from(await boek.xlsx.writeBuffer()));
  });

  const json = { description: 'De stand van de check', content: { 'application/json': { schema: { type: 'object' } } } };
  return {
    router,
    openapi: {
      paths: {
        [`${BASIS}/sessies`]: { post: { summary: 'Een vergunningcheck beginnen voor een locatie en werkzaamheden', operationId: 'startCheck', tags: ['Vergunningcheck'], responses: { '201': json, '400': problemResponse('Ongeldige invoer'), '404': problemResponse('Onbekende werkzaamheid, of geen regels op deze plek') } } },
        [`${BASIS}/sessies/{id}`]: { get: { summary: 'De stand van een check: volgende vraag en conclusies', operationId: 'getCheck', tags: ['Vergunningcheck'], responses: { '200': json, '404': problemResponse('Onbekende check') } } },
        [`${BASIS}/sessies/{id}/antwoorden`]: { post: { summary: 'Een vraag beantwoorden (of een eerder antwoord veranderen)', operationId: 'beantwoordVraag', tags: ['Vergunningcheck'], responses: { '200': json, '400': problemResponse('Ongeldig antwoord') } } },
        [`${BASIS}/sessies/{id}/maatregelen.xlsx`]: { get: { summary: 'De maatregelen van een check als Excel-bestand', operationId: 'getMaatregelenExcel', tags: ['Vergunningcheck'], responses: { '200': { description: 'xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } }, '404': problemResponse('Onbekende check') } } },
        [`${BASIS}/sessies/{id}/terug`]: { post: { summary: 'Het laatste antwoord terugnemen', operationId: 'terugInCheck', tags: ['Vergunningcheck'], responses: { '200': json } } },
      },
    },
  };
}
