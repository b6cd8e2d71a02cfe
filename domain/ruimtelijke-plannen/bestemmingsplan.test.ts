import test from 'ava';
import { PlanFout, beginPlan, evolvePlan, importeer, procedure, type Bestemmingsplan } from './bestemmingsplan.ts';

const vierkant = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] as [number, number][][] };
const plan = (extra: Partial<Bestemmingsplan> = {}): Bestemmingsplan => ({
  identificatie: 'NL.IMRO.0798.BPTest-ON01',
  naam: 'Test',
  typePlan: 'bestemmingsplan',
  planstatus: 'ontwerp',
  datum: '2015-06-10',
  bevoegdGezag: 'gm0798',
  geometrie: vierkant,
  objecten: [
    { identificatie: 'NL.IMRO.b1', type: 'Enkelbestemming', naam: 'Wonen', bestemmingshoofdgroep: 'wonen', geometrie: vierkant },
    { identificatie: 'NL.IMRO.m1', type: 'Maatvoering', naam: 'maximum bouwhoogte', bestemmingsvlakken: ['NL.IMRO.b1'], waarden: [{ waardeType: 'maximum bouwhoogte (m)', waarde: '10' }], geometrie: vierkant },
  ],
  ...extra,
});

test('a plan is imported once; the same delivery again stores nothing; a changed one is a new event', (t) => {
  const eerste = importeer(beginPlan(), plan());
  t.is(eerste.length, 1);
  const state = eerste.reduce(evolvePlan, beginPlan());
  t.deepEqual(importeer(state, plan()), []);
  const vastgesteld = importeer(state, plan({ planstatus: 'vastgesteld', datum: '2015-10-01' }));
  t.is(vastgesteld.length, 1);
  t.is(vastgesteld.reduce(evolvePlan, state).leveringen, 2);
});

test('vigerend or in procedure follows the planstatus', (t) => {
  t.is(procedure('ontwerp'), 'in procedure');
  t.is(procedure('voorontwerp'), 'in procedure');
  t.is(procedure('vastgesteld'), 'vigerend');
  t.is(procedure('onherroepelijk'), 'vigerend');
});

test('a dangling bestemmingsvlak, a double id, an unknown status are refused, naming each object', (t) => {
  const p = plan();
  p.objecten.push({ identificatie: 'NL.IMRO.m2', type: 'Maatvoering', naam: 'x', bestemmingsvlakken: ['NL.IMRO.weg'], geometrie: vierkant }, { ...p.objecten[0]! });
  const fout = t.throws(() => importeer(beginPlan(), { ...p, planstatus: 'bijna' as never }), { instanceOf: PlanFout });
  t.deepEqual(fout.fouten.map((f) => f.identificatie).sort(), ['NL.IMRO.0798.BPTest-ON01', 'NL.IMRO.b1', 'NL.IMRO.m2'].sort());
  t.true(fout.fouten.some((f) => /NL\.IMRO\.weg, dat er niet is/.test(f.reden)));
});
