import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPool, migrateToLatest } from '../../infrastructure/database/database.ts';

/**
 * Each integration test gets a database of its own, copied from a template that has PostGIS
 * and every migration. The template's name carries a hash of the migrations, so a changed
 * migration makes a new template. `npm test` sets DATABASE_URL (to the embedded cluster when
 * none was given).
 */
export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

function serverUrl(database: string): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests with `npm test`, which starts a database');
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function templateName(): string {
  const hash = createHash('sha1');
  for (const file of readdirSync(migrationsDir).sort()) hash.update(file).update(readFileSync(migrationsDir + file));
  return `omgevingsloket_template_${hash.digest('hex').slice(0, 12)}`;
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function ensureTemplate(admin: pg.Client, template: string): Promise<void> {
  // One test process builds the template; the others wait for it here.
  await admin.query('SELECT pg_advisory_lock(74110001)');
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (rowCount) return;
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'omgevingsloket\\_template\\_%'`,
    );
    for (const old of rows) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(old.datname)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(template)}`);
    const pool = createPool(serverUrl(template), 1);
    try {
      await migrateToLatest(pool);
    } catch (error) {
      await pool.end();
      await admin.query(`DROP DATABASE ${pg.escapeIdentifier(template)}`);
      throw error;
    }
    await pool.end();
  } finally {
    await admin.query('SELECT pg_advisory_unlock(74110001)');
  }
}

/** A fresh, migrated database; `drop()` removes it. */
export const createTestDatabase = () => newDatabase(templateName());

/** A fresh database without PostGIS or migrations (for migration tests). */
export const createEmptyDatabase = () => newDatabase(undefined);

async function newDatabase(template: string | undefined): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    if (template) await ensureTemplate(admin, template);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`);
  });
  const url = serverUrl(name);
  const pool = createPool(url);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}
