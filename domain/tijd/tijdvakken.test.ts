import test from 'ava';
import { tijdvakken, vakOp } from './tijdvakken.ts';
import { completeToestanden, instrumentversieOp, type Levering } from './toestanden.ts';

const REG = '/akn/nl/act/gm0160/2024/plan';
const v = (n: string) => `${REG}/nld@${n}`;
const l = (ontvangen: string, deel: Omit<Levering, 'ontvangenOp' | 'bekendOp'>, bekendOp = ontvangen.slice(0, 10)): Levering => ({ ontvangenOp: `${ontvangen}T12:00:00.000Z`, bekendOp, ...deel });

/** A history with every kind of event: rectificatie, separate inwerkingtreding, terugwerkende kracht, vernietiging, intrekking. */
const geschiedenis: Levering[] = [
  l('2024-01-10', { beoogdeVersies: [{ doelen: ['a'], instrumentversie: v('1') }], tijdstempels: [{ doel: 'a', soort: 'juridischWerkendVanaf', datum: '2024-02-01' }] }),
  l('2024-01-25', { beoogdeVersies: [{ doelen: ['a'], instrumentversie: v('1a') }], tijdstempels: [{ doel: 'a', soort: 'juridischWerkendVanaf', datum: '2024-02-15' }] }),
  l('2024-03-01', { beoogdeVersies: [{ doelen: ['b'], instrumentversie: v('2') }] }),
  l('2024-03-20', { tijdstempels: [{ doel: 'b', soort: 'juridischWerkendVanaf', datum: '2024-04-01' }] }),
  l('2024-06-20', {
    beoogdeVersies: [{ doelen: ['c'], instrumentversie: v('3') }],
    tijdstempels: [
      { doel: 'c', soort: 'juridischWerkendVanaf', datum: '2024-07-01' },
      { doel: 'c', soort: 'geldigVanaf', datum: '2024-03-01' },
    ],
  }),
  l('2024-09-24', { terugtrekkingen: [{ doel: 'b', instrument: REG }], terugtrekkingenTijdstempel: [{ doel: 'b', soort: 'juridischWerkendVanaf' }] }, '2024-09-10'),
  l('2024-11-01', { intrekkingen: [{ doelen: ['x'], instrument: REG }], tijdstempels: [{ doel: 'x', soort: 'juridischWerkendVanaf', datum: '2025-01-01' }] }),
];

test('every query finds in the boxes what replaying the toestanden finds', (t) => {
  const toestanden = completeToestanden(geschiedenis).get(REG)!;
  const vakken = tijdvakken(toestanden);
  // Dates across the whole history, a day apart around each boundary.
  const dagen: string[] = [];
  for (let d = new Date('2023-12-25'); d < new Date('2025-02-01'); d = new Date(d.getTime() + 5 * 86_400_000)) dagen.push(d.toISOString().slice(0, 10));
  for (const t0 of toestanden) for (const x of [t0.juridischWerkendVanaf, t0.geldigVanaf, t0.bekendOp]) dagen.push(x);
  let seed = 42;
  const kies = () => dagen[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % dagen.length]!;
  let gevonden = 0;
  for (let i = 0; i < 20_000; i++) {
    const reis = { beschikbaarOp: `${kies()}T23:00:00.000Z`, bekendOp: kies(), inWerkingOp: kies(), geldigOp: kies() };
    const verwacht = instrumentversieOp(toestanden, reis);
    const vak = vakOp(vakken, reis);
    if (vak?.instrumentversie !== verwacht) return t.fail(`${JSON.stringify(reis)}: box says ${vak?.instrumentversie}, replay says ${verwacht}`);
    if (verwacht) gevonden++;
  }
  t.true(gevonden > 5000, `most queries find a version (${gevonden})`);
  t.true(vakken.length < 200, `merged to ${vakken.length} boxes`);
});

test('boxes never overlap', (t) => {
  const vakken = tijdvakken(completeToestanden(geschiedenis).get(REG)!);
  const overlapt = (a: { van: string; tot?: string }, b: { van: string; tot?: string }) => (a.tot === undefined || b.van < a.tot) && (b.tot === undefined || a.van < b.tot);
  for (let i = 0; i < vakken.length; i++) {
    for (let j = i + 1; j < vakken.length; j++) {
      const [a, b] = [vakken[i]!, vakken[j]!];
      t.false(overlapt(a.beschikbaar, b.beschikbaar) && overlapt(a.bekend, b.bekend) && overlapt(a.werkend, b.werkend) && overlapt(a.geldig, b.geldig), `${i} and ${j}`);
    }
  }
});

test('no toestanden, no boxes', (t) => {
  t.deepEqual(tijdvakken([]), []);
});
