/**
 * `npm run stop:toestanden -- <folder>`: reads every `*Consolidatie-informatie.xml` in the folder,
 * in file-name order, as successive deliveries, each received on the date of its gemaaktOp, and
 * prints the complete toestanden per instrument as JSON in the shape of the STOP simulator's
 * `Test_CompleteToestanden_verwacht.json`. Needs no database.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { completeToestandenAlsStop } from '../stop/complete-toestanden.ts';
import { StopXmlError, leesConsolidatieInformatie } from '../stop/consolidatie-informatie.ts';

const map = process.argv.slice(2).find((a) => a !== '--');
if (!map || !statSync(map, { throwIfNoEntry: false })?.isDirectory()) {
  process.stderr.write(`Gebruik: npm run stop:toestanden -- <map met *Consolidatie-informatie.xml>${map ? `\n${map} is geen map.` : ''}\n`);
  process.exit(2);
}
const bestanden = readdirSync(map).filter((f) => f.endsWith('Consolidatie-informatie.xml')).sort();
if (bestanden.length === 0) {
  process.stderr.write(`In ${map} staat geen bestand dat eindigt op Consolidatie-informatie.xml.\n`);
  process.exit(2);
}
const leveringen = bestanden.map((f) => {
  try {
    return leesConsolidatieInformatie(readFileSync(join(map, f), 'utf8'));
  } catch (error) {
    if (!(error instanceof StopXmlError)) throw error;
    process.stderr.write(`${f}: ${error.message}\n`);
    process.exit(1);
  }
});
process.stdout.write(`${JSON.stringify(completeToestandenAlsStop(leveringen), null, 4)}\n`);
