import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { projectRoot } from '../paths.ts';
import { completeToestandenAlsStop } from './complete-toestanden.ts';
import { leesConsolidatieInformatie } from './consolidatie-informatie.ts';

const oracle = join(projectRoot, '..', 'shared', 'data', 'stop-versiebeheer-simulator', 'rectificatie-besluit');

type Resultaat = { 'Testresultaat - CompleteToestanden': Record<string, { ToestandIdentificatie: { ExpressionId: string }[] }> };

/** The expression ids of the toestanden are our own; everything else must be the simulator's. */
function zonderExpressies(r: Resultaat): Resultaat {
  const kopie = structuredClone(r);
  for (const i of Object.values(kopie['Testresultaat - CompleteToestanden'])) for (const t of i.ToestandIdentificatie) t.ExpressionId = '';
  return kopie;
}

test('the STOP oracle (rectificatie besluit) in the simulator\'s own shape: toestanden, inhoud, doelen', (t) => {
  const leveringen = readdirSync(oracle).filter((f) => f.endsWith('Consolidatie-informatie.xml')).sort().map((f) => leesConsolidatieInformatie(readFileSync(join(oracle, f), 'utf8')));
  const gemaakt = completeToestandenAlsStop(leveringen) as Resultaat;
  const verwacht = JSON.parse(readFileSync(join(oracle, 'Test_CompleteToestanden_verwacht.json'), 'utf8')) as Resultaat;
  t.deepEqual(zonderExpressies(gemaakt), zonderExpressies(verwacht));
  const ids = gemaakt['Testresultaat - CompleteToestanden']['/akn/nl/act/gm9999/2020/REG0001']!.ToestandIdentificatie.map((x) => x.ExpressionId);
  t.deepEqual(ids, ['/akn/nl/act/gm9999/2020/REG0001/nld@2020-02-15', '/akn/nl/act/gm9999/2020/REG0001/nld@2020-02-01;2', '/akn/nl/act/gm9999/2020/REG0001/nld@2020-02-01'], 'a later toestand on the same date gets ;2');
});

test('only the first delivery: one toestand, from 1 February', (t) => {
  const eerste = readdirSync(oracle).filter((f) => f.endsWith('Consolidatie-informatie.xml')).sort()[0]!;
  const r = completeToestandenAlsStop([leesConsolidatieInformatie(readFileSync(join(oracle, eerste), 'utf8'))]) as unknown as {
    'Testresultaat - CompleteToestanden': Record<string, { BekendOp: string; Toestanden: { JuridischWerkendVanaf: string; Inhoud: number }[]; ToestandInhoud: unknown[] }>;
  };
  const regeling = r['Testresultaat - CompleteToestanden']['/akn/nl/act/gm9999/2020/REG0001']!;
  t.is(regeling.BekendOp, '2020-01-21');
  t.deepEqual(regeling.Toestanden.map((x) => x.JuridischWerkendVanaf), ['2020-02-01']);
  t.deepEqual(regeling.ToestandInhoud, [{ Instrumentversie: '/akn/nl/act/gm9999/2020/REG0001/nld@2020-01-20;1', IsNietInWerking: false }]);
});
