/** An OpenAPI 3 fragment a feature contributes: its paths and the schemas they refer to. */
export interface OpenApiFragment {
  paths: Record<string, Record<string, unknown>>;
  schemas?: Record<string, unknown>;
}

/** The `application/problem+json` response every endpoint documents for its errors. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'Problem details (RFC 9457) with the code and request id of this API.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Machine-readable reason, e.g. malformed_json, wrong_expected_version' },
    requestId: { type: 'string' },
    invalidParams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'code', 'reason'],
        properties: { name: { type: 'string' }, code: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

/** Joins the fragments of every mounted feature into one OpenAPI 3.0 document. */
export function openApiDocument(version: string, fragments: readonly OpenApiFragment[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = { Problem: PROBLEM_SCHEMA };
  for (const fragment of fragments) {
    for (const [path, item] of Object.entries(fragment.paths)) paths[path] = { ...paths[path], ...item };
    Object.assign(schemas, fragment.schemas);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Omgevingsloket API',
      version,
      description: 'Open API of the Omgevingsloket: rules at a location, toepasbare regels, verzoeken, tiles and events.',
      license: { name: 'EUPL-1.2', url: 'https://eupl.eu/1.2/nl/' },
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas, securitySchemes: { bevoegdGezagToken: { type: 'http', scheme: 'bearer', description: 'Token van een bevoegd gezag (BEVOEGD_GEZAG_TOKENS)' } } },
  };
}
