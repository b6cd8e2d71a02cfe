/**
 * `npm run rebuild -- <projection|all>`: empties read models and applies every event again,
 * with a progress bar. Safe while projectors run: they notice the moved checkpoint and resume.
 */
import type pg from 'pg';
import { boot } from '../boot.ts';
import { TYPES } from '../container.ts';
import type { ProjectionRunner } from '../../projections/runner.ts';
import { progressBar } from './progress.ts';

const { container, close } = await boot('rebuild');
const runner = container.get<ProjectionRunner>(TYPES.ProjectionRunner);
const names = process.argv.slice(2);
const known = runner.projections.map((p) => p.name);
const chosen = names.includes('all') ? known : names;
const unknown = chosen.filter((n) => !known.includes(n));
if (chosen.length === 0 || unknown.length > 0) {
  process.stderr.write(
    `${unknown.length ? `Unknown projection: ${unknown.join(', ')}. ` : ''}Usage: npm run rebuild -- <projection|all>\nProjections: ${known.join(', ')}\n`,
  );
  await close();
  process.exit(2);
}

const pool = container.get<pg.Pool>(TYPES.Pool);
const { rows } = await pool.query<{ n: bigint }>('SELECT count(*) AS n FROM es.events');
const total = Number(rows[0]!.n);
for (const name of chosen) {
  const bar = progressBar(`rebuild ${name}`, total);
  const read = await runner.rebuild(runner.find(name)!, (n) => bar.update(n));
  bar.done(read);
}
await close();
