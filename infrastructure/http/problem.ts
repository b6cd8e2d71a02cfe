import type { ErrorRequestHandler, RequestHandler } from 'express';
import { RegelingFout } from '../../domain/omgevingsdocumenten/decide.ts';
import { RegelbestandFout } from '../../domain/toepasbare-regels/decide.ts';
import { CatalogusFout } from '../../domain/catalogus/decide.ts';
import { EvaluatieFout } from '../../domain/toepasbare-regels/evaluatie.ts';
import { SessieFout } from '../../domain/toepasbare-regels/sessie.ts';
import { VraagFout } from '../../domain/toepasbare-regels/vragenboom.ts';
import { DmnFout } from '../sttr/dmn-lezer.ts';
import { PlanFout } from '../../domain/ruimtelijke-plannen/bestemmingsplan.ts';
import { ImroError } from '../imro/imro-plan.ts';
import { LeveringError } from '../../application/omgevingsdocumenten/levering-import.ts';
import { BronFout } from '../stop/bron.ts';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedVersionError } from '../../application/ports/event-store.ts';

/** One invalid input, as the Dutch API Design Rules name it in `invalidParams`. */
export interface InvalidParam {
  name: string;
  code: string;
  reason: string;
}

/** RFC 9457 problem details, with our `code` and the request id for support. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  invalidParams?: InvalidParam[];
}

const TITLES: Record<number, string> = {
  400: 'Ongeldige invoer',
  401: 'Niet aangemeld',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  405: 'Methode niet toegestaan',
  409: 'Conflict',
  413: 'Verzoek te groot',
  415: 'Type inhoud niet ondersteund',
  422: 'Verzoek niet uitvoerbaar',
  500: 'Interne fout',
  503: 'Dienst niet beschikbaar',
};

/** Throw this from a route for any error the client should see as is. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly invalidParams?: InvalidParam[],
  ) {
    super(detail);
  }
}

/** Maps what the application throws to the problem a client gets. Unknown errors are 500s without internals. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new HttpProblem(
      409,
      'wrong_expected_version',
      `Stream ${error.streamId} is intussen gewijzigd: ${error.message}. Haal de nieuwste versie op en probeer het opnieuw.`,
    );
  }
  if (error instanceof RegelingFout) {
    const status = { niet_bevoegd: 403, onbekend: 404, bestaat_al: 409, ongeldige_invoer: 400, onmogelijke_datum: 422, ongeldige_inhoud: 422 }[error.code];
    const invalidParams = error.inhoudsfouten.map((f) => ({ name: `${f.soort}/${f.identificatie}`, code: f.soort, reason: f.reden }));
    return new HttpProblem(status, error.code, error.message, invalidParams.length ? invalidParams.slice(0, 100) : undefined);
  }
  if (error instanceof ImroError) {
    return new HttpProblem(400, 'ongeldige_imro', error.message, error.fouten.slice(0, 100).map((f) => ({ name: `${f.element}/${f.id}`, code: 'imro', reason: f.reden })));
  }
  if (error instanceof LeveringError) {
    const invalidParams = error.fouten.slice(0, 100).map((f) => ({ name: `${f.bestand}#${f.element}/${f.id}`, code: 'levering', reason: f.reden }));
    return new HttpProblem(422, 'ongeldige_levering', error.message, invalidParams);
  }
  if (error instanceof BronFout) return new HttpProblem(400, 'ongeldige_zip', error.message, [{ name: error.bestand, code: 'zip', reason: error.message }]);
  if (error instanceof PlanFout) {
    const invalidParams = error.fouten.slice(0, 100).map((f) => ({ name: `${f.element}/${f.identificatie}`, code: error.code, reason: f.reden }));
    return new HttpProblem(error.code === 'niet_bevoegd' ? 403 : 422, error.code, error.message, invalidParams);
  }
  if (error instanceof DmnFout) {
    const invalidParams = error.fouten.slice(0, 100).map((f) => ({ name: `${f.bestand}#${f.element}/${f.id}`, code: 'dmn', reason: f.reden }));
    return new HttpProblem(422, 'ongeldige_dmn', error.message, invalidParams);
  }
  if (error instanceof RegelbestandFout) {
    const status = { niet_bevoegd: 403, onbekend: 404, ongeldige_invoer: 400, onmogelijke_datum: 422 }[error.code];
    return new HttpProblem(status, error.code, error.message);
  }
  if (error instanceof CatalogusFout) return new HttpProblem({ ongeldige_invoer: 400, onbekend: 404, ingetrokken: 409 }[error.code], error.code, error.message);
  if (error instanceof SessieFout) return new HttpProblem({ onbekend: 404, ongeldige_invoer: 400 }[error.code], error.code, error.message);
  if (error instanceof VraagFout) return new HttpProblem(400, 'onbekende_vraag', error.message, [{ name: 'sleutel', code: 'vraag', reason: error.message }]);
  if (error instanceof EvaluatieFout) return new HttpProblem(error.element === 'inputData' ? 400 : 422, error.element === 'inputData' ? 'ongeldig_antwoord' : 'ongeldige_regels', error.message, [{ name: error.id, code: error.element, reason: error.message }]);
  if (error instanceof DuplicateEventIdError) return new HttpProblem(409, 'duplicate_event_id', error.message);
  if (error instanceof InvalidAppendError) {
    return error.reason === 'too_large' ? new HttpProblem(413, 'event_too_large', error.message) : new HttpProblem(400, `invalid_${error.reason}`, error.message);
  }
  const bodyError = error as { type?: string; status?: number; limit?: number };
  if (bodyError?.type === 'entity.parse.failed') return new HttpProblem(400, 'malformed_json', 'De inhoud van het verzoek is geen geldige JSON.');
  if (bodyError?.type === 'entity.too.large') {
    return new HttpProblem(413, 'payload_too_large', `Het verzoek is groter dan de grens van ${bodyError.limit} bytes.`);
  }
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new HttpProblem(bodyError.status, 'bad_request', 'Het verzoek kan niet worden verwerkt.');
  }
  return new HttpProblem(500, 'internal_error', 'Er ging iets mis bij ons. Probeer het later opnieuw; noem het requestId als u contact opneemt.');
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpProblem(404, 'not_found', `Er is niets op ${req.method} ${req.path}.`));
};

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = toProblem(error);
  const log = req.log;
  if (problem.status >= 500) log?.error({ err: error }, 'request failed');
  else log?.info({ code: problem.code, status: problem.status }, problem.detail);
  const body: Problem = {
    type: 'about:blank',
    title: TITLES[problem.status] ?? 'Fout',
    status: problem.status,
    detail: problem.detail,
    instance: req.originalUrl,
    code: problem.code,
    requestId: req.id,
    ...(problem.invalidParams ? { invalidParams: problem.invalidParams } : {}),
  };
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
};
