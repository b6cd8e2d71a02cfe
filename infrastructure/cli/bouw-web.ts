/**
 * Builds the viewer (web/) with Vite into web/dist. `npm run build:web` always builds;
 * `bouwWebAlsNodig` only when a source is newer than the last build, so `npm start` and
 * `npm test` serve what is in web/src without a separate step.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../paths.ts';

const web = join(projectRoot, 'web');
const stempel = join(web, 'dist', '.gebouwd');

/** The newest modification time of the viewer's sources and of the installed packages. */
function nieuwsteBron(): number {
  let nieuwste = 0;
  const kijk = (pad: string) => {
    const s = statSync(pad);
    if (s.isDirectory()) for (const naam of readdirSync(pad)) kijk(join(pad, naam));
    else nieuwste = Math.max(nieuwste, s.mtimeMs);
  };
  for (const pad of [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(projectRoot, 'package-lock.json')]) if (existsSync(pad)) kijk(pad);
  return nieuwste;
}

export async function bouwWeb(log: (m: string) => void): Promise<void> {
  const begin = Date.now();
  log('viewer bouwen (vite build)…');
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stempel, new Date().toISOString());
  log(`viewer gebouwd in ${((Date.now() - begin) / 1000).toFixed(1)} s`);
}

/** Builds when web/dist is missing or older than a source; without Vite (a production install) it leaves web/dist as it is. */
export async function bouwWebAlsNodig(log: (m: string) => void): Promise<void> {
  if (existsSync(stempel) && statSync(stempel).mtimeMs >= nieuwsteBron()) return;
  try {
    await import('vite');
  } catch {
    if (!existsSync(join(web, 'dist', 'index.html'))) log('de viewer is niet gebouwd en Vite is niet geïnstalleerd: installeer met npm install, of bouw met npm run build:web');
    return;
  }
  await bouwWeb(log);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await bouwWeb((m) => process.stderr.write(`[web] ${m}\n`));
}
