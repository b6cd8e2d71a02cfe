import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, chownSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster of the product's own, used when DATABASE_URL is unset:
 * data in a git-ignored folder, its own port and socket directory, the machine's PostgreSQL
 * binaries. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export interface EmbeddedPostgres {
  databaseUrl: string;
  /** Stops the cluster if this process started it; a cluster found running is left running. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

/** Finds initdb/pg_ctl: PG_BIN_DIR, else the newest /usr/lib/postgresql/<n>/bin, else pg_config. */
async function findBinDir(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim());
  } catch {
    // no pg_config on PATH
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new EmbeddedPostgresError(
      'No PostgreSQL server binaries (initdb, pg_ctl) found. Install PostgreSQL and PostGIS ' +
        '(Debian: apt-get install postgresql postgresql-15-postgis-3), set PG_BIN_DIR to their folder, ' +
        'or set DATABASE_URL to a PostgreSQL server with PostGIS.',
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
async function pgRun(binDir: string, tool: string, args: string[]): Promise<string> {
  const [cmd, cmdArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] : [join(binDir, tool), args];
  try {
    const { stdout } = await run(cmd, cmdArgs, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new EmbeddedPostgresError(`${tool} failed: ${(e.stderr || e.message).trim()}`);
  }
}

function giveToPostgresUser(path: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresUser();
  chownSync(path, uid, gid);
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new EmbeddedPostgresError('Running as root, but there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** The port of a cluster that is already running from this data directory, if any. */
async function runningPort(binDir: string, dataDir: string): Promise<number | undefined> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  try {
    await pgRun(binDir, 'pg_ctl', ['status', '-D', dataDir]);
  } catch {
    return undefined; // stale pid file from a killed server; pg_ctl start copes with it
  }
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster's data; created and initialised when empty. */
  dataDir: string;
  /** Database to create and connect to. */
  database: string;
  log?: (message: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const binDir = await findBinDir();
  const dataDir = options.dataDir;
  // Parents stay readable for the postgres user; the data folder itself must be 0700.
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  giveToPostgresUser(dataDir);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising a private PostgreSQL cluster in ${dataDir}`);
    await pgRun(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  }

  let port = await runningPort(binDir, dataDir);
  const owned = port === undefined;
  if (port === undefined) {
    port = await freePort();
    // Sockets go to a short path of their own: a socket path over 107 bytes is refused.
    const socketDir = join(tmpdir(), `omgevingsloket-pg-${createHash('sha1').update(dataDir).digest('hex').slice(0, 10)}`);
    mkdirSync(socketDir, { recursive: true });
    giveToPostgresUser(socketDir);
    const logFile = join(dataDir, 'server.log');
    if (!existsSync(logFile)) writeFileSync(logFile, '');
    giveToPostgresUser(logFile);
    await pgRun(binDir, 'pg_ctl', [
      'start', '-w', '-t', '60', '-D', dataDir, '-l', logFile,
      '-o', `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    ]);
    log(`private PostgreSQL started on 127.0.0.1:${port}`);
  } else {
    log(`private PostgreSQL already running on 127.0.0.1:${port}; using it`);
  }

  const serverUrl = `postgres://postgres@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(options.database)}`).catch((error: pg.DatabaseError) => {
      if (error.code !== '42P04') throw error; // created meanwhile by a process started at the same time
    });
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    databaseUrl: `${serverUrl}/${options.database}`,
    async stop() {
      if (!owned || stopped) return;
      stopped = true;
      await pgRun(binDir, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
      log('private PostgreSQL stopped');
    },
  };
}
