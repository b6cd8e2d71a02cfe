import test from 'ava';
import { MAX_DEEL_BYTES, PlanFout, beginPlan, evolvePlan, importeer, procedure, type Bestemmingsplan } from './bestemmingsplan.ts';

const vierkant = { type: 'Polygon' as const, coordinates: [[[130000, 400000], [130010, 400000], [130010, 400010], [130000, 400010], [130000, 400000]]] as [number, number][][] };
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

test('a plan is imported once; the same delivery again stores nothing; a changed one is a new delivery', (t) => {
  const eerste = importeer(beginPlan(), plan(), 'k1');
  t.deepEqual(eerste.map((e) => e.type), ['BestemmingsplanGeleverd', 'PlanobjectenGeleverd']);
  const kop = eerste[0]!;
  t.true(kop.type === 'BestemmingsplanGeleverd' && !('objecten' in kop.data.plan) && kop.data.objecten === 2);
  const state = eerste.reduce(evolvePlan, beginPlan());
  t.deepEqual(importeer(state, plan(), 'k1'), []);
  const vastgesteld = importeer(state, plan({ planstatus: 'vastgesteld', datum: '2015-10-01' }), 'k2');
  t.is(vastgesteld.length, 2);
  t.is(vastgesteld.reduce(evolvePlan, state).leveringen, 2);
});

test('a large plan is cut into parts under the size per event, every object in one part, in order', (t) => {
  const groot = { type: 'Polygon' as const, coordinates: [[...Array.from({ length: 4000 }, (_, i) => [100000 + i, 400000 + (i % 7)]), [100000, 400000]]] };
  const objecten = Array.from({ length: 40 }, (_, i) => ({ identificatie: `NL.IMRO.o${i}`, type: 'Figuur' as const, naam: 'figuur', geometrie: groot }));
  const events = importeer(beginPlan(), plan({ objecten }), 'k');
  const delen = events.filter((e) => e.type === 'PlanobjectenGeleverd');
  t.true(delen.length > 1);
  t.is(events[0]!.type === 'BestemmingsplanGeleverd' && events[0]!.data.delen, delen.length);
  for (const d of delen) t.true(Buffer.byteLength(JSON.stringify(d.data)) <= MAX_DEEL_BYTES + 1024);
  t.deepEqual(delen.flatMap((d) => (d.type === 'PlanobjectenGeleverd' ? d.data.objecten.map((o) => o.identificatie) : [])), objecten.map((o) => o.identificatie));
});

test('a gemeente delivers only its own plans', (t) => {
  const fout = t.throws(() => importeer(beginPlan(), plan(), 'k', { bevoegdGezag: 'gm0363' }), { instanceOf: PlanFout })!;
  t.is(fout.code, 'niet_bevoegd');
  t.is(importeer(beginPlan(), plan(), 'k', { bevoegdGezag: 'gm0798' }).length, 2);
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
  const fout = t.throws(() => importeer(beginPlan(), { ...p, planstatus: 'bijna' as never }, 'k'), { instanceOf: PlanFout });
  t.deepEqual(fout.fouten.map((f) => f.identificatie).sort(), ['NL.IMRO.0798.BPTest-ON01', 'NL.IMRO.b1', 'NL.IMRO.m2'].sort());
  t.true(fout.fouten.some((f) => /NL\.IMRO\.weg, dat er niet is/.test(f.reden)));
});

test('an open ring or WGS84 coordinates are refused, naming the object', (t) => {
  const open = { type: 'Polygon' as const, coordinates: [[[130000, 400000], [130010, 400000], [130010, 400010], [130000, 400010]]] };
  const wgs84 = { type: 'Polygon' as const, coordinates: [[[5, 52], [5.1, 52], [5.1, 52.1], [5, 52]]] };
  const p = plan();
  p.objecten[0] = { ...p.objecten[0]!, geometrie: open };
  const fout = t.throws(() => importeer(beginPlan(), { ...p, geometrie: wgs84 }, 'k'), { instanceOf: PlanFout });
  t.deepEqual(fout.fouten.map((f) => f.identificatie), ['NL.IMRO.0798.BPTest-ON01', 'NL.IMRO.b1']);
  t.regex(fout.fouten[0]!.reden, /WGS84/);
  t.regex(fout.fouten[1]!.reden, /niet gesloten/);
});
