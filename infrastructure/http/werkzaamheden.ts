import { Router } from 'express';
import type pg from 'pg';
import { werkzaamheden, type Werkzaamheidrij } from '../catalogus/queries.ts';
import type { HttpFeature } from './app.ts';
import { problemResponse } from './openapi.ts';
import { HttpProblem } from './problem.ts';

const BASIS = '/api/vergunningcheck/v1';
const MAX_TEKENS = 100;

const werkzaamheid = (w: Werkzaamheidrij) => ({
  id: w.id,
  naam: w.naam,
  ...(w.omschrijving !== undefined ? { omschrijving: w.omschrijving } : {}),
  zoektermen: w.zoektermen,
  activiteiten: w.activiteiten,
});

function leesQ(q: unknown): string | undefined {
  if (q === undefined) return undefined;
  if (typeof q !== 'string' || [...q.trim()].length > MAX_TEKENS) {
    throw new HttpProblem(400, 'ongeldige_parameters', 'De zoekvraag klopt niet.', [{ name: 'q', code: 'length', reason: `Eén tekst van hoogstens ${MAX_TEKENS} tekens` }]);
  }
  return q;
}

/** `GET /api/vergunningcheck/v1/werkzaamheden?q=…`: the catalogue the loket user chooses from. */
export function werkzaamhedenFeature(pool: pg.Pool): HttpFeature {
  const router = Router();

  router.get(`${BASIS}/werkzaamheden`, async (req, res) => {
    const q = leesQ(req.query.q);
    res.json({ werkzaamheden: (await werkzaamheden(pool, q)).map(werkzaamheid) });
  });

  const tekst = { type: 'string' };
  return {
    router,
    openapi: {
      paths: {
        [`${BASIS}/werkzaamheden`]: {
          get: {
            summary: 'De werkzaamheden waaruit een gebruiker kiest, met de activiteiten waar elk voor staat',
            description:
              'Zonder q: alle werkzaamheden op naam. Met q: de werkzaamheden waarvan de naam of een zoekterm de tekst bevat, zonder onderscheid van hoofdletters en accenten; eerst exacte treffers, dan namen die met de tekst beginnen, dan de rest.',
            operationId: 'getWerkzaamheden',
            tags: ['Vergunningcheck'],
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string', maxLength: MAX_TEKENS }, description: 'Woorden van de gebruiker, zoals "dakraam"' }],
            responses: {
              '200': {
                description: 'De werkzaamheden; geen treffers is een lege lijst',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      required: ['werkzaamheden'],
                      properties: {
                        werkzaamheden: {
                          type: 'array',
                          items: {
                            type: 'object',
                            required: ['id', 'naam', 'zoektermen', 'activiteiten'],
                            properties: {
                              id: { type: 'string', description: 'Zoals dakkapel-plaatsen' },
                              naam: tekst,
                              omschrijving: tekst,
                              zoektermen: { type: 'array', items: tekst },
                              activiteiten: { type: 'array', items: tekst, description: 'Namen of IMOW-id’s van activiteiten van de bevoegde gezagen' },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
              '400': problemResponse('q is langer dan 100 tekens of staat er meer dan eens'),
            },
          },
        },
      },
    },
  };
}
