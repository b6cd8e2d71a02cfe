import { BEVOEGD_GEZAG } from '../domain/omgevingsdocumenten/regeling.ts';
import { BASISKAARTEN } from './http/viewer.ts';

/**
 * Configuration from environment variables, checked once at start-up. Every wrong variable
 * gets its own message, so one run shows everything that needs fixing.
 */
export interface Config {
  /** PostgreSQL with PostGIS; unset means: start the private embedded cluster. */
  databaseUrl: string | undefined;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body the API accepts, in bytes. */
  bodyLimitBytes: number;
  /** Connections per process in the pool. */
  databasePoolSize: number;
  /** Events a projection applies per transaction. */
  projectionBatchSize: number;
  /** Largest publication (besluit with its content) a bevoegd gezag may upload, in bytes. */
  publicationLimitBytes: number;
  /** Bearer token → the bevoegd gezag it acts for (write API). Full login comes later. */
  bevoegdGezagTokens: Map<string, string>;
  /** Bytes the in-process tile cache may hold. */
  tileCacheBytes: number;
  /** Whether `npm start` loads the demo data set (default: only on the embedded database). */
  demoData: boolean;
  /** Where the embedded cluster keeps its data. */
  embeddedDataDir: string;
  /** The viewer's first base map (an id from infrastructure/http/viewer.ts). */
  basiskaart: string;
  /** PDOK Locatieserver for place names, or undefined (`LOCATIESERVER_URL=uit`): our own data only. */
  locatieserver: string | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv, defaults: { embeddedDataDir: string }): Config {
  const problems: string[] = [];

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(databaseUrl);
    } catch {
      // reported below
    }
    if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || url.pathname.length < 2) {
      problems.push(
        'DATABASE_URL: must be a PostgreSQL connection URL with a database name, like ' +
          'postgres://user:password@host:5432/omgevingsloket (or leave it unset to use the embedded database)',
      );
    }
  }

  const port = wholeNumber(env, 'PORT', 3000, 0, 65535, problems);
  const bodyLimitBytes = wholeNumber(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 ** 3, problems);
  const databasePoolSize = wholeNumber(env, 'DATABASE_POOL_SIZE', 10, 1, 1000, problems);
  const projectionBatchSize = wholeNumber(env, 'PROJECTION_BATCH_SIZE', 500, 1, 100_000, problems);
  const publicationLimitBytes = wholeNumber(env, 'PUBLICATION_LIMIT_BYTES', 64 * 1024 * 1024, 1024, 1024 ** 3, problems);
  const tileCacheBytes = wholeNumber(env, 'TILE_CACHE_BYTES', 256 * 1024 * 1024, 0, 64 * 1024 ** 3, problems);
  const bevoegdGezagTokens = new Map<string, string>();
  for (const entry of (env.BEVOEGD_GEZAG_TOKENS ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [code, token] = entry.split(':', 2);
    if (!code || !BEVOEGD_GEZAG.test(code) || !token || token.length < 16) {
      problems.push(`BEVOEGD_GEZAG_TOKENS: each entry is <bevoegd gezag code>:<token of at least 16 characters>, like gm0344:${'x'.repeat(16)}; got ${JSON.stringify(entry.replace(/:.*/, ':…'))}`);
    } else bevoegdGezagTokens.set(token, code);
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(env.LOG_LEVEL)}`);
  }

  const demo = env.DEMO_DATA?.trim().toLowerCase();
  if (demo !== undefined && demo !== '' && demo !== 'true' && demo !== 'false') {
    problems.push(`DEMO_DATA: must be true or false; got ${JSON.stringify(env.DEMO_DATA)}`);
  }
  const demoData = demo === 'true' || ((demo === undefined || demo === '') && databaseUrl === undefined);

  const basiskaart = env.BASISKAART?.trim() || 'brt-standaard';
  if (!BASISKAARTEN.some((b) => b.id === basiskaart)) problems.push(`BASISKAART: one of ${BASISKAARTEN.map((b) => b.id).join(', ')}; got ${JSON.stringify(env.BASISKAART)}`);
  const ls = env.LOCATIESERVER_URL?.trim() || 'https://api.pdok.nl/bzk/locatieserver/search/v3_1/free';
  let locatieserver: string | undefined;
  if (ls !== 'uit') {
    if (/^https?:\/\/[^\s]+$/.test(ls)) locatieserver = ls;
    else problems.push(`LOCATIESERVER_URL: an http(s) URL, or uit; got ${JSON.stringify(env.LOCATIESERVER_URL)}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { basiskaart, locatieserver, databaseUrl, port, logLevel, bodyLimitBytes, databasePoolSize, projectionBatchSize, publicationLimitBytes, tileCacheBytes, bevoegdGezagTokens, demoData, embeddedDataDir: env.EMBEDDED_DATA_DIR?.trim() || defaults.embeddedDataDir };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}; got ${JSON.stringify(env[name])}`);
    return fallback;
  }
  return value;
}
