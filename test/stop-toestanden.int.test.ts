import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { projectRoot } from '../infrastructure/paths.ts';

const oracle = join(projectRoot, '..', 'shared', 'data', 'stop-versiebeheer-simulator', 'rectificatie-besluit');

/** Runs `npm run stop:toestanden -- <args>` as npm does (tsx), returning exit code and output. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infrastructure/cli/stop-toestanden.ts', ...args], { cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('npm run stop:toestanden prints the expected complete toestanden of the sample folder', async (t) => {
  const { code, stdout } = await cli(oracle);
  t.is(code, 0);
  const uit = JSON.parse(stdout) as { 'Testresultaat - CompleteToestanden': Record<string, { Toestanden: unknown[]; ToestandInhoud: unknown[] }> };
  const verwacht = (await import(join(oracle, 'Test_CompleteToestanden_verwacht.json'), { with: { type: 'json' } })).default as typeof uit;
  for (const [werk, v] of Object.entries(verwacht['Testresultaat - CompleteToestanden'])) {
    t.deepEqual(uit['Testresultaat - CompleteToestanden'][werk]?.Toestanden, v.Toestanden, werk);
    t.deepEqual(uit['Testresultaat - CompleteToestanden'][werk]?.ToestandInhoud, v.ToestandInhoud, werk);
  }
});

test('bad input: no folder, an empty folder, malformed XML naming its file', async (t) => {
  const leeg = mkdtempSync(join(tmpdir(), 'stop-'));
  t.teardown(() => rmSync(leeg, { recursive: true, force: true }));
  const zonder = await cli();
  t.is(zonder.code, 2);
  t.regex(zonder.stderr, /Gebruik: npm run stop:toestanden/);
  t.is((await cli(join(leeg, 'bestaat-niet'))).code, 2);
  const niets = await cli(leeg);
  t.is(niets.code, 2);
  t.regex(niets.stderr, /geen bestand/);
  copyFileSync(join(oracle, '02-BG-Besluit-Consolidatie-informatie.xml'), join(leeg, '01-Consolidatie-informatie.xml'));
  writeFileSync(join(leeg, '02-kapot-Consolidatie-informatie.xml'), '<ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/"><gemaaktOp>');
  const kapot = await cli(leeg);
  t.is(kapot.code, 1);
  t.regex(kapot.stderr, /^02-kapot-Consolidatie-informatie\.xml: Malformed XML/);
  t.is(kapot.stdout, '', 'nothing is printed when one delivery cannot be read');
});
