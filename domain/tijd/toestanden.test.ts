import test from 'ava';
import { completeToestanden, instrumentVan, instrumentversieOp, kies, type Levering } from './toestanden.ts';

const REG = '/akn/nl/act/gm0160/2024/omgevingsplan';
const v = (n: string) => `${REG}/nld@${n}`;
const ontvangen = (datum: string) => `${datum}T10:00:00.000Z`;
const levering = (datum: string, deel: Omit<Levering, 'ontvangenOp' | 'bekendOp'>, bekendOp = datum): Levering => ({ ontvangenOp: ontvangen(datum), bekendOp, ...deel });

test('instrumentVan takes the work id from an expression id', (t) => {
  t.is(instrumentVan('/akn/nl/act/gm9999/2020/REG0001/nld@2020-01-20;1a'), '/akn/nl/act/gm9999/2020/REG0001');
  t.is(instrumentVan('/join/id/regdata/gm9999/2019/gio993859238/nld@2019-12-20;1'), '/join/id/regdata/gm9999/2019/gio993859238');
  t.throws(() => instrumentVan('/akn/nl/act/gm9999/2020/REG0001'), { message: /Not an expression id/ });
});

test('separate inwerkingtreding: a besluit without date is not in force until the inwerkingtredingsbesluit', (t) => {
  const toestanden = completeToestanden([
    levering('2024-03-01', { beoogdeVersies: [{ doelen: ['doel-1'], instrumentversie: v('1') }] }),
    levering('2024-04-10', { tijdstempels: [{ doel: 'doel-1', soort: 'juridischWerkendVanaf', datum: '2024-05-01' }] }),
  ]).get(REG)!;
  t.is(toestanden.length, 1);
  t.like(toestanden[0], { juridischWerkendVanaf: '2024-05-01', bekendOp: '2024-04-10' });
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-06-01', beschikbaarOp: ontvangen('2024-04-01') }), undefined, 'known then: no date yet');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-06-01' }), v('1'));
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-04-30' }), undefined, 'the day before it takes effect');
});

test('a wijziging with terugwerkende kracht applies back to its geldigVanaf, for queries made after it is in force', (t) => {
  const toestanden = completeToestanden([
    levering('2024-01-10', {
      beoogdeVersies: [{ doelen: ['instelling'], instrumentversie: v('1') }],
      tijdstempels: [{ doel: 'instelling', soort: 'juridischWerkendVanaf', datum: '2024-02-01' }],
    }),
    levering('2024-06-20', {
      beoogdeVersies: [{ doelen: ['reparatie'], instrumentversie: v('2') }],
      tijdstempels: [
        { doel: 'reparatie', soort: 'juridischWerkendVanaf', datum: '2024-07-01' },
        { doel: 'reparatie', soort: 'geldigVanaf', datum: '2024-03-01' },
      ],
    }),
  ]).get(REG)!;
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-04-01', inWerkingOp: '2024-04-01' }), v('1'), 'in April, as in force in April');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-04-01', inWerkingOp: '2024-08-01' }), v('2'), 'April, as in force since July');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-02-15' }), v('1'), 'before the retroactive date');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-04-01', beschikbaarOp: ontvangen('2024-06-19') }), v('1'), 'as known before it was published');
});

test('vernietiging by a court: bekendOp (the ruling) before ontvangenOp; each axis shows its own past', (t) => {
  const toestanden = completeToestanden([
    levering('2024-01-10', {
      beoogdeVersies: [{ doelen: ['instelling'], instrumentversie: v('1') }],
      tijdstempels: [{ doel: 'instelling', soort: 'juridischWerkendVanaf', datum: '2024-02-01' }],
    }),
    levering('2024-03-05', {
      beoogdeVersies: [{ doelen: ['wijziging'], instrumentversie: v('2') }],
      tijdstempels: [{ doel: 'wijziging', soort: 'juridischWerkendVanaf', datum: '2024-04-01' }],
    }),
    // The Raad van State annuls the wijziging on 10 June; the LVBB receives it on 24 June.
    levering(
      '2024-06-24',
      { terugtrekkingenTijdstempel: [{ doel: 'wijziging', soort: 'juridischWerkendVanaf' }], terugtrekkingen: [{ doel: 'wijziging', instrument: REG }] },
      '2024-06-10',
    ),
  ]).get(REG)!;
  const na = { geldigOp: '2024-05-01' };
  t.is(instrumentversieOp(toestanden, na), v('1'), 'as known now: the annulled wijziging never applied');
  t.is(instrumentversieOp(toestanden, { ...na, beschikbaarOp: ontvangen('2024-06-20') }), v('2'), 'as this system knew it before receipt');
  t.is(instrumentversieOp(toestanden, { ...na, bekendOp: '2024-06-09' }), v('2'), 'as public the day before the ruling');
  t.is(instrumentversieOp(toestanden, { ...na, bekendOp: '2024-06-10' }), v('1'), 'as public on the day of the ruling');
  t.like(kies(toestanden, na), { bekendOp: '2024-06-10', ontvangenOp: ontvangen('2024-06-24') });
});

test('intrekking ends the instrument from its date; a withdrawn ontwerp leaves nothing behind', (t) => {
  const toestanden = completeToestanden([
    levering('2024-01-10', {
      beoogdeVersies: [{ doelen: ['instelling'], instrumentversie: v('1') }],
      tijdstempels: [{ doel: 'instelling', soort: 'juridischWerkendVanaf', datum: '2024-02-01' }],
    }),
    levering('2024-09-01', {
      intrekkingen: [{ doelen: ['intrekking'], instrument: REG }],
      tijdstempels: [{ doel: 'intrekking', soort: 'juridischWerkendVanaf', datum: '2024-10-01' }],
    }),
  ]).get(REG)!;
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-09-30' }), v('1'));
  t.deepEqual(kies(toestanden, { geldigOp: '2024-10-01' })?.inhoud, { nietInWerking: true });

  const ingetrokkenOntwerp = completeToestanden([
    levering('2024-01-10', {
      beoogdeVersies: [{ doelen: ['ontwerp'], instrumentversie: v('o1') }],
      tijdstempels: [{ doel: 'ontwerp', soort: 'juridischWerkendVanaf', datum: '2024-03-01' }],
    }),
    levering('2024-02-01', { terugtrekkingen: [{ doel: 'ontwerp', instrument: REG }] }),
  ]).get(REG)!;
  t.is(instrumentversieOp(ingetrokkenOntwerp, { geldigOp: '2024-04-01' }), undefined);
  t.is(instrumentversieOp(ingetrokkenOntwerp, { geldigOp: '2024-04-01', beschikbaarOp: ontvangen('2024-01-20') }), v('o1'));
});

test('deliveries are replayed in the order received, whatever order they are given in', (t) => {
  const a = levering('2024-01-10', {
    beoogdeVersies: [{ doelen: ['d1'], instrumentversie: v('1') }],
    tijdstempels: [{ doel: 'd1', soort: 'juridischWerkendVanaf', datum: '2024-02-01' }],
  });
  const b = levering('2024-01-20', { beoogdeVersies: [{ doelen: ['d1'], instrumentversie: v('1a') }] });
  t.deepEqual(completeToestanden([b, a]), completeToestanden([a, b]));
  t.is(instrumentversieOp(completeToestanden([b, a]).get(REG)!, { geldigOp: '2024-03-01' }), v('1a'), 'the rectificatie of the same doel wins');
});

test('random histories, short and long: complete toestanden answer every query as replaying what was known then', async (t) => {
  const { volgensDefinitie } = await import('./toestanden.ts');
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const dag = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  let vergeleken = 0;
  for (let geschiedenis = 0; geschiedenis < 80; geschiedenis++) {
    const leveringen: Levering[] = [];
    const doelen: string[] = [];
    let d = 0;
    // Short histories, and long ones where several doelen often share a date.
    const lang = geschiedenis >= 60;
    for (let i = 0; i < (lang ? 60 : 12); i++) {
      d += lang ? rnd(4) : 1 + rnd(20);
      const soort = doelen.length === 0 ? 0 : rnd(6);
      const doel = soort === 0 || soort === 5 ? `d${i}` : doelen[rnd(doelen.length)]!;
      const jwv = dag(d + rnd(60) - 10);
      const deel: Omit<Levering, 'ontvangenOp' | 'bekendOp'> =
        soort === 0 ? { beoogdeVersies: [{ doelen: [doel], instrumentversie: v(`${i}`) }], tijdstempels: [{ doel, soort: 'juridischWerkendVanaf', datum: jwv }, ...(rnd(3) === 0 ? [{ doel, soort: 'geldigVanaf' as const, datum: dag(d - rnd(30)) }] : [])] }
        : soort === 1 ? { beoogdeVersies: [{ doelen: [doel], instrumentversie: v(`${i}r`) }] }
        : soort === 2 ? { tijdstempels: [{ doel, soort: 'juridischWerkendVanaf', datum: jwv }] }
        : soort === 3 ? { terugtrekkingen: [{ doel, instrument: REG }], terugtrekkingenTijdstempel: [{ doel, soort: 'juridischWerkendVanaf' }] }
        : soort === 4 ? { intrekkingen: [{ doelen: [`x${i}`], instrument: REG }], tijdstempels: [{ doel: `x${i}`, soort: 'juridischWerkendVanaf', datum: jwv }] }
        : { beoogdeVersies: [{ doelen: [doel], instrumentversie: v(`${i}z`) }] };
      if (soort === 0 || soort === 5) doelen.push(doel);
      leveringen.push(levering(dag(d), deel));
    }
    const toestanden = completeToestanden(leveringen).get(REG) ?? [];
    for (let q = 0; q < 300; q++) {
      const reis = { beschikbaarOp: `${dag(rnd(d + 30))}T11:00:00.000Z`, bekendOp: dag(rnd(d + 30)), inWerkingOp: dag(rnd(d + 90) - 10), geldigOp: dag(rnd(d + 90) - 40) };
      const verwacht = volgensDefinitie(leveringen, REG, reis);
      if (instrumentversieOp(toestanden, reis) !== verwacht) return t.fail(`history ${geschiedenis}, ${JSON.stringify(reis)}: expected ${verwacht}`);
      vergeleken++;
    }
  }
  t.is(vergeleken, 24_000);
});
