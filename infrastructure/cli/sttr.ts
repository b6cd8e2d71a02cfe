/**
 * `npm run sttr -- check <bestand.dmn>`: reads and checks a file of toepasbare regels (DMN 1.1,
 * 1.2 or 1.3 with the STTR extensions) and prints, as JSON, its questions and decisions.
 * `npm run sttr -- evaluate <bestand.dmn> --answers <antwoorden.json>`: prints the outcome of
 * every decision the model answers for those answers (by inputData name or uitvoeringsregel
 * id), or which questions are still needed. For the people who write toepasbare regels; exit
 * code 1 with every problem named (file, element, id) when the file or the answers are wrong.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { EvaluatieFout, controleerAntwoord, evalueer, type Antwoorden } from '../../domain/toepasbare-regels/evaluatie.ts';
import { hoofdbeslissingen, type DmnModel } from '../../domain/toepasbare-regels/model.ts';
import { DmnFout, leesDmn } from '../sttr/dmn-lezer.ts';
import { vragenVan } from '../sttr/vragen.ts';

const GEBRUIK = 'Gebruik: npm run sttr -- check <bestand.dmn>\n       npm run sttr -- evaluate <bestand.dmn> --answers <antwoorden.json>\n';

/** The answers of a JSON file, keyed by inputData name or uitvoeringsregel id, as inputData ids; each checked. */
export function antwoordenVoor(model: DmnModel, gegeven: Record<string, unknown>): Antwoorden {
  const uit: Antwoorden = {};
  const fouten: string[] = [];
  for (const [sleutel, waarde] of Object.entries(gegeven)) {
    const invoer = Object.values(model.invoer).find((i) => i.naam === sleutel || i.uitvoeringsregel === sleutel || i.id === sleutel);
    if (!invoer) {
      fouten.push(`${sleutel}: geen vraag van dit model (gebruik de naam van een inputData of de id van een uitvoeringsregel)`);
      continue;
    }
    try {
      uit[invoer.id] = controleerAntwoord(model, invoer.id, waarde);
    } catch (error) {
      if (!(error instanceof EvaluatieFout)) throw error;
      fouten.push(`${sleutel}: ${error.message}`);
    }
  }
  if (fouten.length) throw new AntwoordFout(fouten);
  return uit;
}

export class AntwoordFout extends Error {
  constructor(readonly fouten: string[]) {
    super(`${fouten.length} antwoord(en) kloppen niet`);
  }
}

/** What `evaluate` prints: each hoofdbeslissing's outcome, and the questions still needed. */
export function uitkomstVan(model: DmnModel, antwoorden: Antwoorden) {
  const e = evalueer(model, antwoorden);
  const vragen = new Map(vragenVan(model).map((v) => [v.invoer, v]));
  return {
    model: model.naam,
    beslissingen: Object.fromEntries(
      hoofdbeslissingen(model).map((b) => {
        const u = e.hoofd[b.id]!;
        return [
          b.naam,
          u.bepaald
            ? { waarde: u.waarde, regels: u.regels, ...(u.annotaties.length ? { annotaties: u.annotaties } : {}), ...(u.toelichtingen.length ? { toelichtingen: u.toelichtingen } : {}) }
            : { nietBepaald: u.extern ? `hangt af van ${u.extern}, een ander model` : 'er zijn nog antwoorden nodig' },
        ];
      }),
    ),
    nodig: e.nodig.map((id) => vragen.get(model.invoer[id]!.naam)!),
  };
}

async function leesModel(bestand: string): Promise<DmnModel> {
  return leesDmn(await readFile(bestand, 'utf8'), bestand);
}

async function main(argv: string[]): Promise<number> {
  const [opdracht, bestand, ...rest] = argv;
  if (!bestand || (opdracht !== 'check' && opdracht !== 'evaluate')) {
    process.stderr.write(GEBRUIK);
    return 2;
  }
  try {
    const model = await leesModel(bestand);
    if (opdracht === 'check') {
      const hoofd = new Set(hoofdbeslissingen(model).map((b) => b.id));
      process.stdout.write(
        `${JSON.stringify(
          {
            model: model.naam,
            dmnVersie: model.dmnVersie,
            vragen: vragenVan(model),
            beslissingen: Object.values(model.beslissingen).map((b) => ({
              id: b.id,
              naam: b.naam,
              ...(hoofd.has(b.id) ? { hoofdbeslissing: true } : {}),
              logica: b.logica.soort === 'beslistabel' ? `beslistabel ${b.logica.hitPolicy}${b.logica.aggregatie ? ` ${b.logica.aggregatie}` : ''}, ${b.logica.regels.length} regels` : b.logica.soort === 'aanroep' ? `aanroep van ${b.logica.model}: ${b.logica.beslissing}` : `expressie ${b.logica.tekst}`,
              vereist: [...b.vereisteBeslissingen.map((id) => model.beslissingen[id]!.naam), ...b.vereisteInvoer.map((id) => model.invoer[id]!.naam)],
              ...(b.functioneleStructuur ? { functioneleStructuur: b.functioneleStructuur } : {}),
            })),
            ...(model.maatregelen.length ? { maatregelen: model.maatregelen.map((m) => ({ nummer: m.nummer, tekst: m.tekst, thema: m.thema })) } : {}),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const i = rest.indexOf('--answers');
    const antwoordbestand = i >= 0 ? rest[i + 1] : undefined;
    let gegeven: Record<string, unknown> = {};
    if (antwoordbestand) {
      try {
        gegeven = JSON.parse(await readFile(antwoordbestand, 'utf8'));
      } catch (error) {
        process.stderr.write(`${antwoordbestand}: geen JSON-object met antwoorden (${(error as Error).message})\n`);
        return 1;
      }
      if (!gegeven || typeof gegeven !== 'object' || Array.isArray(gegeven)) {
        process.stderr.write(`${antwoordbestand}: verwacht een JSON-object, zoals {"Monument": false}\n`);
        return 1;
      }
    }
    process.stdout.write(`${JSON.stringify(uitkomstVan(model, antwoordenVoor(model, gegeven)), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DmnFout) {
      process.stderr.write(`${error.message}\n${error.fouten.map((f) => `  - ${f.bestand} ${f.element} ${f.id}: ${f.reden}`).join('\n')}\n`);
      return 1;
    }
    if (error instanceof AntwoordFout) {
      process.stderr.write(`${error.message}\n${error.fouten.map((f) => `  - ${f}`).join('\n')}\n`);
      return 1;
    }
    if (error instanceof EvaluatieFout) {
      process.stderr.write(`${error.element} ${error.id}: ${error.message}\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${(error as NodeJS.ErrnoException).path}: bestand niet gevonden\n`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
