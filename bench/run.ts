/**
 * `npm run bench -- [name...]`: runs benchmarks against a real PostgreSQL + PostGIS.
 * With DATABASE_URL unset it starts a private cluster (in .data/pg-bench) and stops it at the end.
 * Every benchmark gets a fresh database of its own, dropped afterwards. Results go to
 * `bench/results/<name>.json` and to stdout as a table; progress goes to stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createPool, migrateToLatest } from '../infrastructure/database/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../infrastructure/database/embedded-postgres.ts';
import { progressBar } from '../infrastructure/cli/progress.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import * as check from './check.ts';
import * as eventstore from './eventstore.ts';
import * as importBench from './import.ts';
import * as regels from './regels.ts';
import * as tiles from './tiles.ts';
import * as viewer from './viewer.ts';

export interface BenchContext {
  /** The benchmark's own, freshly migrated database. */
  databaseUrl: string;
  /** A pool on that database (max 12 connections). */
  pool: pg.Pool;
  /** Reports progress of the current step; cheap enough to call on every operation. */
  progress(label: string, done: number, total: number): void;
}

export interface TemplateContext {
  /** A connection URL for the named database on the benchmark server. */
  urlFor(database: string): string;
  /** Runs work on a connection to the server's maintenance database. */
  admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  progress: BenchContext['progress'];
}

export interface Benchmark {
  /**
   * Optional: the name of a database to copy as this run's database (CREATE DATABASE …
   * TEMPLATE), e.g. generated data kept between runs. It must have no open connections.
   */
  template?(ctx: TemplateContext): Promise<string>;
  run(ctx: BenchContext): Promise<Record<string, number>>;
  /** Rows for the printed table (first row: headings); default: one row per result. */
  table?(result: Record<string, number>): string[][];
  /** Problems that make the run fail (exit code 1). */
  failures?(result: Record<string, number>): string[];
}

const benchmarks: Record<string, Benchmark> = {
  check,
  eventstore,
  import: importBench,
  regels,
  tiles,
  viewer,
};

const say = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** One progress bar per step (label); a step ends when done reaches total. */
let bar: ReturnType<typeof progressBar> | undefined;
let barLabel: string | undefined;
function progress(label: string, done: number, total: number): void {
  if (label !== barLabel) {
    bar = progressBar(`[bench] ${label}`, total);
    barLabel = label;
  }
  if (done < total) return bar!.update(done);
  bar!.done(done);
  barLabel = undefined;
}

// ---- output ----
function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function printTable(title: string, rows: string[][]): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  process.stdout.write(`\n${title}\n`);
  rows.forEach((row, i) => {
    process.stdout.write(`  ${line(row)}\n`);
    if (i === 0) process.stdout.write(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  });
}

function defaultTable(result: Record<string, number>): string[][] {
  return [['metric', 'value'], ...Object.entries(result).map(([k, v]) => [k, formatNumber(v)])];
}

// ---- databases ----
function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'omgevingsloket-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function runOne(name: string, bench: Benchmark, serverUrl: string): Promise<boolean> {
  const database = `bench_${name}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = withDatabase(serverUrl, database);
  const template = await bench.template?.({ urlFor: (d) => withDatabase(serverUrl, d), admin: (work) => admin(serverUrl, work), progress });
  const copy = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}${copy}`));
  const pool = createPool(databaseUrl, 12);
  try {
    say(`${name}: database ${database}${template ? ` (a copy of ${template})` : ''}, migrating`);
    await migrateToLatest(pool);
    const started = Date.now();
    const result = await bench.run({ databaseUrl, pool, progress });
    say(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const dir = join(projectRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    printTable(`${name}  (bench/results/${name}.json)`, bench.table?.(result) ?? defaultTable(result));

    const failures = bench.failures?.(result) ?? [];
    for (const failure of failures) process.stdout.write(`  FAILED: ${failure}\n`);
    return failures.length === 0;
  } finally {
    await pool.end().catch(() => {});
    await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`)).catch((error: unknown) =>
      say(`could not drop ${database}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

// ---- main ----
const known = Object.keys(benchmarks);
const asked = process.argv.slice(2).filter((a) => a !== '--');
const names = asked.length === 0 || asked.includes('all') ? known : [...new Set(asked)];
const unknown = names.filter((n) => !(n in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nKnown: ${known.join(', ')} (or all)\n`);
  process.exit(1);
}

let embedded: EmbeddedPostgres | undefined;
let ok = true;
const stopOnSignal = (signal: NodeJS.Signals) => {
  void (embedded?.stop() ?? Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

try {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: join(projectRoot, '.data', 'pg-bench'), database: 'omgevingsloket_bench', log: say });
    serverUrl = embedded.databaseUrl;
  }
  for (const name of names) {
    try {
      if (!(await runOne(name, benchmarks[name]!, serverUrl))) ok = false;
    } catch (error) {
      ok = false;
        process.stderr.write(`[bench] ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
} catch (error) {
  ok = false;
  process.stderr.write(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  await embedded?.stop().catch((error: unknown) => say(`could not stop PostgreSQL: ${String(error)}`));
}
process.exit(ok ? 0 : 1);
