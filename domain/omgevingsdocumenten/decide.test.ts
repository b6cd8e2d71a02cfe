import test from 'ava';
import { completeToestanden, instrumentversieOp } from '../tijd/toestanden.ts';
import { RegelingFout, decide, type Foutcode, type RegelingCommand } from './decide.ts';
import { beginToestand, evolve, leveringVan, type Regeling, type RegelingEvent } from './regeling.ts';
import { UTRECHT, utrechtInhoud, utrechtVaststelling, vierkant } from '../../test/support/regelingen.ts';

const REG = UTRECHT;
const ctx = { bevoegdGezag: 'gm0344', regelingId: REG };
const eersteInhoud = utrechtInhoud;

function replay(events: RegelingEvent[], state = beginToestand()): Regeling {
  return events.reduce(evolve, state);
}

function run(commands: RegelingCommand[]): { state: Regeling; events: RegelingEvent[] } {
  let state = beginToestand();
  const events: RegelingEvent[] = [];
  for (const command of commands) {
    const nieuw = decide(command, state, ctx);
    state = replay(nieuw, state);
    events.push(...nieuw);
  }
  return { state, events };
}

const vaststelling = utrechtVaststelling;

test('a vaststellingsbesluit registers the regeling, delivers content in parts and publishes the version', (t) => {
  const { state, events } = run([vaststelling()]);
  t.deepEqual(events.map((e) => e.type), ['RegelingGeregistreerd', 'InhoudGeleverd', 'BesluitGepubliceerd']);
  t.like(state, { regelingId: REG, bevoegdGezag: 'gm0344', documenttype: 'omgevingsplan', laatsteVersie: `${REG}/nld@2024-01-10;1` });
  // The state knows the version, not its content: that is in the events (and the content index).
  t.deepEqual(state.versies, { [`${REG}/nld@2024-01-10;1`]: {} });
  t.deepEqual(state.inLevering, {});
  const geleverd = events[1]!.data as { mutatie: { plaats: { juridischeRegels: { identificatie: string }[] } } };
  t.deepEqual(geleverd.mutatie.plaats.juridischeRegels.map((r) => r.identificatie), ['nl.imow-gm0344.juridischeregel.art1', 'nl.imow-gm0344.juridischeregel.art2']);
});

test('a wijzigingsbesluit builds on the last version: add, change and remove', (t) => {
  const { state } = run([vaststelling()]);
  const events = decide(
    {
      type: 'PubliceerBesluit',
      data: {
        documenttype: 'omgevingsplan',
        citeertitel: 'Omgevingsplan Utrecht',
        doel: 'w',
        instrumentversie: `${REG}/nld@2024-05-01;2`,
        bekendOp: '2024-05-01',
        juridischWerkendVanaf: '2024-06-01',
        mutatie: {
          plaats: { juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art2', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_2', locaties: ['nl.imow-gm0344.gebied.park'] }] },
          verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art1'] },
        },
      },
    },
    state,
    ctx,
  );
  const na = replay(events, state);
  t.deepEqual(events.map((e) => e.type), ['InhoudGeleverd', 'BesluitGepubliceerd']);
  t.deepEqual((events[0]!.data as { mutatie: unknown }).mutatie, {
    verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art1'] },
    plaats: { juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art2', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_2', locaties: ['nl.imow-gm0344.gebied.park'] }] },
  });
  t.deepEqual(na.versies[`${REG}/nld@2024-05-01;2`], { basisversie: `${REG}/nld@2024-01-10;1` });
  t.is(na.laatsteVersie, `${REG}/nld@2024-05-01;2`);
  t.like(events.at(-1)!.data, { basisversie: `${REG}/nld@2024-01-10;1` });
});

test('ontwerp, vaststelling, rectificatie, inwerkingtreding and vernietiging travel in time through the STOP model', (t) => {
  const { state, events } = run([
    {
      type: 'PubliceerOntwerp',
      data: {
        documenttype: 'omgevingsplan',
        citeertitel: 'Omgevingsplan Utrecht',
        doel: 'instelling',
        instrumentversie: `${REG}/nld@2023-11-01;o1`,
        bekendOp: '2023-11-01',
        terInzage: { van: '2023-11-02', tot: '2023-12-13' },
        mutatie: eersteInhoud,
      },
    },
    vaststelling({ doel: 'instelling', juridischWerkendVanaf: undefined }),
    { type: 'StelInwerkingtredingVast', data: { doel: 'instelling', bekendOp: '2024-01-20', juridischWerkendVanaf: '2024-02-01' } },
    { type: 'Rectificeer', data: { doel: 'instelling', instrumentversie: `${REG}/nld@2024-01-10;1a`, bekendOp: '2024-01-25', mutatie: { plaats: { regelteksten: [{ wId: 'gm0344_1__art_2', soort: 'artikel', nummer: '2', tekst: 'Het is verboden een houtopstand te kappen.' }] } } } },
  ]);
  t.is(state.doelen.instelling!.status, 'vastgesteld');
  // A rectificatie corrects the version it replaces: that is its basis, whatever came after.
  t.deepEqual(state.versies[`${REG}/nld@2024-01-10;1a`], { basisversie: `${REG}/nld@2024-01-10;1` });
  t.is(state.laatsteVersie, `${REG}/nld@2024-01-10;1a`);

  // Each besluit event received on its bekendOp, as the time model sees them.
  let s = beginToestand();
  const leveringen = events.flatMap((e) => {
    const l = leveringVan(s, e, `${(e.data as { bekendOp?: string }).bekendOp ?? '2023-01-01'}T12:00:00.000Z`);
    s = evolve(s, e);
    return l ? [l] : [];
  });
  t.is(leveringen.length, 3, 'the ontwerp is no delivery: it is never geldig');
  const toestanden = completeToestanden(leveringen).get(REG)!;
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-03-01' }), `${REG}/nld@2024-01-10;1a`);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-03-01', beschikbaarOp: '2024-01-22T00:00:00.000Z' }), `${REG}/nld@2024-01-10;1`);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-03-01', beschikbaarOp: '2024-01-15T00:00:00.000Z' }), undefined, 'no inwerkingtreding known yet');

  const vernietigd = decide({ type: 'VerwerkVernietiging', data: { doel: 'instelling', bekendOp: '2024-07-03', uitspraak: 'ECLI:NL:RVS:2024:1234' } }, state, ctx);
  const l = leveringVan(state, vernietigd[0]!, '2024-07-10T09:00:00.000Z')!;
  const na = completeToestanden([...leveringen, l]).get(REG)!;
  t.is(instrumentversieOp(na, { geldigOp: '2024-03-01' }), undefined, 'annulled: as if never in force');
  t.is(instrumentversieOp(na, { geldigOp: '2024-03-01', bekendOp: '2024-07-02' }), `${REG}/nld@2024-01-10;1a`);
});

test('bad commands are refused with a reason, and change nothing', (t) => {
  const { state } = run([vaststelling()]);
  const refuse = (command: RegelingCommand, code: Foutcode, message: RegExp, context = ctx) => {
    const error = t.throws(() => decide(command, state, context), { instanceOf: RegelingFout });
    t.is(error.code, code, error.message);
    t.regex(error.message, message);
  };
  refuse(vaststelling({ doel: 'ander' }), 'niet_bevoegd', /is van gm0344; gm0363 mag haar niet wijzigen/, { ...ctx, bevoegdGezag: 'gm0363' });
  refuse(vaststelling({ doel: 'x', documenttype: 'bestemmingsplan' as never }), 'ongeldige_invoer', /Onbekend documenttype "bestemmingsplan"/);
  refuse(vaststelling({ doel: 'x', instrumentversie: `${REG}/nld@2024-02-30;9`, juridischWerkendVanaf: '2024-02-30' }), 'ongeldige_invoer', /juridischWerkendVanaf "2024-02-30" is geen bestaande datum/);
  refuse(vaststelling({ doel: 'x', instrumentversie: `${REG}/nld@x;2`, juridischWerkendVanaf: '2024-03-01', geldigVanaf: '2024-04-01' }), 'onmogelijke_datum', /geldigVanaf 2024-04-01 ligt na juridischWerkendVanaf/);
  refuse(vaststelling(), 'bestaat_al', /Doel .* is al gebruikt/);
  refuse(vaststelling({ doel: 'x', instrumentversie: '/akn/nl/act/gm0344/2024/ander/nld@1' }), 'ongeldige_invoer', /hoort niet bij regeling/);
  refuse({ type: 'Rectificeer', data: { doel: 'nooit', instrumentversie: `${REG}/nld@r`, bekendOp: '2024-02-01', mutatie: {} } }, 'onbekend', /geen gepubliceerd besluit met doel nooit/);
  refuse({ type: 'StelInwerkingtredingVast', data: { doel: '/join/id/proces/gm0344/2024/instelling', bekendOp: '2024-02-01', juridischWerkendVanaf: '2024-03-01' } }, 'bestaat_al', /via een rectificatie/);
  refuse(vaststelling({ doel: 'x', instrumentversie: `${REG}/nld@3`, mutatie: { plaats: { locaties: [{ identificatie: 'wgs', type: 'Gebied', geometrie: vierkant(5.1, 52.1, 0.01) }] } } }), 'ongeldige_inhoud', /buiten Nederland in EPSG:28992.*WGS84/);
  refuse(
    vaststelling({ doel: 'x', instrumentversie: `${REG}/nld@4`, mutatie: { plaats: { locaties: [{ identificatie: 'open', type: 'Gebied', geometrie: { type: 'Polygon', coordinates: [[[136000, 455000], [136100, 455000], [136100, 455100], [136000, 455100]]] } }] } } }),
    'ongeldige_inhoud',
    /niet gesloten/,
  );
  const veel = Array.from({ length: 1_000_001 }, (_, i) => [136000 + (i % 1000), 455000 + Math.floor(i / 1000) / 10]);
  veel.push(veel[0]!);
  refuse(vaststelling({ doel: 'x', instrumentversie: `${REG}/nld@5`, mutatie: { plaats: { locaties: [{ identificatie: 'groot', type: 'Gebied', geometrie: { type: 'Polygon', coordinates: [veel] } }] } } }), 'ongeldige_inhoud', /1000002 punten; de grens is 100000/);

  const ingetrokken = replay(decide({ type: 'TrekRegelingIn', data: { doel: 'intrekking', bekendOp: '2024-09-01', juridischWerkendVanaf: '2024-10-01' } }, state, ctx), state);
  const na = t.throws(() => decide(vaststelling({ doel: 'laat', instrumentversie: `${REG}/nld@7`, juridischWerkendVanaf: '2024-11-01' }), ingetrokken, ctx), { instanceOf: RegelingFout });
  t.is(na.code, 'onmogelijke_datum');
  t.regex(na.message, /op of na de intrekking van de regeling per 2024-10-01/);
});

test('a large delivery is cut into parts that each stay under 512 KiB', (t) => {
  const locaties = Array.from({ length: 3000 }, (_, i) => ({
    identificatie: `nl.imow-gm0344.gebied.${i}`,
    type: 'Gebied' as const,
    geometrie: { type: 'Polygon' as const, coordinates: [Array.from({ length: 20 }, (_, j) => [136000 + (i % 50) * 50 + j, 455000 + Math.floor(i / 50) * 50 + (j % 2) * 10]).concat([[136000 + (i % 50) * 50, 455000 + Math.floor(i / 50) * 50]])] },
  }));
  for (const l of locaties) l.geometrie.coordinates[0]![0] = l.geometrie.coordinates[0]!.at(-1)!;
  const events = decide(vaststelling({ mutatie: { plaats: { ...eersteInhoud.plaats, locaties: [...eersteInhoud.plaats!.locaties!, ...locaties] } } }), beginToestand(), ctx);
  const delen = events.filter((e) => e.type === 'InhoudGeleverd');
  t.true(delen.length > 1);
  for (const d of delen) t.true(Buffer.byteLength(JSON.stringify(d.data)) < 600 * 1024);
  t.is(delen.reduce((n, d) => n + ((d.data as { mutatie: { plaats: { locaties?: unknown[] } } }).mutatie.plaats.locaties?.length ?? 0), 0), 3003, 'every locatie in one part, once');
  t.deepEqual(delen.map((d) => (d.data as { deel: number }).deel), delen.map((_, i) => i + 1));
});

/** The vaststelling without its mutatie: its content came before, in parts. */
function besluitZonderInhoud(): RegelingCommand {
  const c = vaststelling();
  if (c.type !== 'PubliceerBesluit') throw new Error('a vaststelling is a PubliceerBesluit');
  const { mutatie: _, ...data } = c.data;
  return { type: 'PubliceerBesluit', data };
}

test('a delivery in parts (RegistreerRegeling, LeverInhoud…, a besluit without mutatie) gives the same version as one besluit, and is checked whole', (t) => {
  const geheel = run([vaststelling()]).state;
  const { plaats } = utrechtInhoud;
  const inDelen = run([
    { type: 'RegistreerRegeling', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan Utrecht' } },
    { type: 'LeverInhoud', data: { instrumentversie: `${REG}/nld@2024-01-10;1`, mutatie: { plaats: { locaties: plaats!.locaties } } } },
    { type: 'LeverInhoud', data: { instrumentversie: `${REG}/nld@2024-01-10;1`, mutatie: { plaats: { ...plaats, locaties: undefined } } } },
    besluitZonderInhoud(),
  ]);
  t.deepEqual(inDelen.events.map((e) => e.type), ['RegelingGeregistreerd', 'InhoudGeleverd', 'InhoudGeleverd', 'BesluitGepubliceerd']);
  t.deepEqual(inDelen.events.filter((e) => e.type === 'InhoudGeleverd').map((e) => (e.data as { deel: number }).deel), [1, 2]);
  t.deepEqual(inDelen.state.versies, geheel.versies);
  t.deepEqual(inDelen.state.inLevering, {});

  // Each part by itself: an open ring is refused when it is delivered.
  const geregistreerd = run([{ type: 'RegistreerRegeling', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan Utrecht' } }]).state;
  const open = { identificatie: 'nl.imow-gm0344.gebied.open', type: 'Gebied' as const, geometrie: { type: 'Polygon' as const, coordinates: [[[136000, 455000], [136010, 455000], [136010, 455010], [136000, 455011]]] } };
  const fout = t.throws(() => decide({ type: 'LeverInhoud', data: { instrumentversie: `${REG}/nld@2024-01-10;1`, mutatie: { plaats: { locaties: [open] } } } }, geregistreerd, ctx), { instanceOf: RegelingFout });
  t.deepEqual(fout.inhoudsfouten.map((f) => f.identificatie), ['nl.imow-gm0344.gebied.open']);
  t.is(t.throws(() => decide({ type: 'LeverInhoud', data: { instrumentversie: `${REG}/nld@2024-01-10;1`, mutatie: {} } }, beginToestand(), ctx), { instanceOf: RegelingFout }).code, 'onbekend');
  t.is(t.throws(() => decide({ type: 'RegistreerRegeling', data: { documenttype: 'omgevingsplan', citeertitel: 'x' } }, geregistreerd, ctx), { instanceOf: RegelingFout }).code, 'bestaat_al');
});

/** The complete toestanden of a history, each event received at noon of its bekendOp. */
function toestandenVan(events: RegelingEvent[]) {
  let s = beginToestand();
  const leveringen = events.flatMap((e) => {
    const l = leveringVan(s, e, `${(e.data as { bekendOp?: string }).bekendOp ?? '2023-01-01'}T12:00:00.000Z`);
    s = evolve(s, e);
    return l ? [l] : [];
  });
  return completeToestanden(leveringen).get(REG) ?? [];
}
const V1 = `${REG}/nld@2024-01-10;1`;
const INSTELLING = '/join/id/proces/gm0344/2024/instelling';

test('TrekTijdstempelTerug: the inwerkingtreding is taken back; as known before, it still stood; a new date can follow', (t) => {
  const { state, events } = run([vaststelling()]);
  const terug = decide({ type: 'TrekTijdstempelTerug', data: { doel: INSTELLING, soort: 'juridischWerkendVanaf', bekendOp: '2024-03-01' } }, state, ctx);
  t.deepEqual(terug, [{ type: 'TijdstempelTeruggetrokken', data: { doel: INSTELLING, soort: 'juridischWerkendVanaf', bekendOp: '2024-03-01' } }]);
  const na = replay(terug, state);
  t.like(na.doelen[INSTELLING], { status: 'vastgesteld', instrumentversie: V1 });
  t.is(na.doelen[INSTELLING]!.juridischWerkendVanaf, undefined);

  const toestanden = toestandenVan([...events, ...terug]);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-02-15' }), undefined, 'as known now: not in force');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-02-15', beschikbaarOp: '2024-02-20T00:00:00.000Z' }), V1, 'as known before the terugtrekking');

  // Without a date the besluit waits for one, as after a besluit without inwerkingtreding.
  const opnieuw = decide({ type: 'StelInwerkingtredingVast', data: { doel: INSTELLING, bekendOp: '2024-03-10', juridischWerkendVanaf: '2024-04-01' } }, na, ctx);
  const later = toestandenVan([...events, ...terug, ...opnieuw]);
  t.is(instrumentversieOp(later, { geldigOp: '2024-03-15' }), undefined);
  t.is(instrumentversieOp(later, { geldigOp: '2024-04-01' }), V1);
});

test('TrekTijdstempelTerug of geldigVanaf: the terugwerkende kracht is gone, the inwerkingtreding stays', (t) => {
  const { state, events } = run([vaststelling({ geldigVanaf: '2024-01-15' })]);
  const terug = decide({ type: 'TrekTijdstempelTerug', data: { doel: INSTELLING, soort: 'geldigVanaf', bekendOp: '2024-03-01' } }, state, ctx);
  t.like(replay(terug, state).doelen[INSTELLING], { juridischWerkendVanaf: '2024-02-01', geldigVanaf: undefined });
  const toestanden = toestandenVan([...events, ...terug]);
  const januari = { geldigOp: '2024-01-20', inWerkingOp: '2024-03-15' };
  t.is(instrumentversieOp(toestanden, januari), undefined);
  t.is(instrumentversieOp(toestanden, { ...januari, beschikbaarOp: '2024-02-20T00:00:00.000Z' }), V1);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-02-15' }), V1);
});

test('TrekBeoogdeVersieTerug takes back a version, or an intrekking; the doel is then done', (t) => {
  const { state, events } = run([
    vaststelling(),
    vaststelling({ doel: 'wijziging', instrumentversie: `${REG}/nld@2024-05-01;2`, bekendOp: '2024-05-01', juridischWerkendVanaf: '2024-06-01', mutatie: {} }),
  ]);
  const terug = decide({ type: 'TrekBeoogdeVersieTerug', data: { doel: 'wijziging', bekendOp: '2024-07-01' } }, state, ctx);
  t.deepEqual(terug, [{ type: 'BeoogdeVersieTeruggetrokken', data: { doel: 'wijziging', bekendOp: '2024-07-01' } }]);
  const na = replay(terug, state);
  t.is(na.doelen.wijziging!.status, 'teruggetrokken');
  const toestanden = toestandenVan([...events, ...terug]);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-06-15' }), V1, 'the wijziging never applied');
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-06-15', beschikbaarOp: '2024-06-20T00:00:00.000Z' }), `${REG}/nld@2024-05-01;2`);
  const hergebruik = t.throws(() => decide(vaststelling({ doel: 'wijziging', instrumentversie: `${REG}/nld@3`, mutatie: {} }), na, ctx), { instanceOf: RegelingFout });
  t.regex(hergebruik.message, /Doel wijziging is al gebruikt \(teruggetrokken\)/);

  // An intrekking taken back: the regeling is in force again, and can be withdrawn anew.
  const intrekking = decide({ type: 'TrekRegelingIn', data: { doel: 'weg', bekendOp: '2024-09-01', juridischWerkendVanaf: '2024-10-01' } }, na, ctx);
  const ingetrokken = replay(intrekking, na);
  const terugIntrekking = decide({ type: 'TrekBeoogdeVersieTerug', data: { doel: 'weg', bekendOp: '2024-10-15' } }, ingetrokken, ctx);
  const weer = replay(terugIntrekking, ingetrokken);
  const alles = toestandenVan([...events, ...terug, ...intrekking, ...terugIntrekking]);
  t.is(instrumentversieOp(alles, { geldigOp: '2024-11-01', beschikbaarOp: '2024-10-10T00:00:00.000Z' }), undefined, 'ingetrokken, as known then');
  t.is(instrumentversieOp(alles, { geldigOp: '2024-11-01' }), V1);
  t.notThrows(() => decide({ type: 'TrekRegelingIn', data: { doel: 'weg-2', bekendOp: '2024-11-01', juridischWerkendVanaf: '2024-12-01' } }, weer, ctx));
});

test('BeoogVersieVoorDoel: one version for two doelen; the version is not rebuilt and the time model sees both doelen', (t) => {
  const { state, events } = run([vaststelling()]);
  const tweede = decide({ type: 'BeoogVersieVoorDoel', data: { doel: 'tweede', instrumentversie: V1, bekendOp: '2024-01-10', juridischWerkendVanaf: '2024-03-01' } }, state, ctx);
  t.deepEqual(tweede.map((e) => e.type), ['VersieVoorDoelBeoogd']);
  const na = replay(tweede, state);
  t.like(na.doelen.tweede, { status: 'vastgesteld', instrumentversie: V1, juridischWerkendVanaf: '2024-03-01' });
  t.is(na.versies, state.versies, 'the version and its content stay as the first doel made them');
  t.is(na.laatsteVersie, V1);
  t.deepEqual(leveringVan(state, tweede[0]!, '2024-01-10T12:00:00.000Z'), {
    ontvangenOp: '2024-01-10T12:00:00.000Z',
    bekendOp: '2024-01-10',
    beoogdeVersies: [{ doelen: ['tweede'], instrumentversie: V1 }],
    tijdstempels: [{ doel: 'tweede', soort: 'juridischWerkendVanaf', datum: '2024-03-01' }],
  });

  // The first doel's version taken back: from 1 March the version still applies, through the second doel.
  const terug = decide({ type: 'TrekBeoogdeVersieTerug', data: { doel: INSTELLING, bekendOp: '2024-04-01' } }, na, ctx);
  const toestanden = toestandenVan([...events, ...tweede, ...terug]);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-02-15' }), undefined);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-03-15' }), V1);
  t.is(instrumentversieOp(toestanden, { geldigOp: '2024-02-15', beschikbaarOp: '2024-03-01T00:00:00.000Z' }), V1);

  // A rectificatie of the second doel builds on the version it brings.
  const r = decide({ type: 'Rectificeer', data: { doel: 'tweede', instrumentversie: `${REG}/nld@2024-01-10;1b`, bekendOp: '2024-02-01', mutatie: { verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art2'] } } } }, na, ctx);
  t.deepEqual(replay(r, na).versies[`${REG}/nld@2024-01-10;1b`], { basisversie: V1 });
});

test('terugtrekkingen and versions for another doel are refused with a reason', (t) => {
  const { state } = run([
    {
      type: 'PubliceerOntwerp',
      data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan Utrecht', doel: 'ontwerp', instrumentversie: `${REG}/nld@o1`, bekendOp: '2023-11-01', terInzage: { van: '2023-11-02', tot: '2023-12-13' }, mutatie: eersteInhoud },
    },
    vaststelling(),
    vaststelling({ doel: 'vernietigd', instrumentversie: `${REG}/nld@2`, mutatie: {} }),
    { type: 'VerwerkVernietiging', data: { doel: 'vernietigd', bekendOp: '2024-03-01', uitspraak: 'ECLI:NL:RVS:2024:1' } },
    { type: 'TrekRegelingIn', data: { doel: 'intrekking', bekendOp: '2024-09-01', juridischWerkendVanaf: '2024-10-01' } },
  ]);
  const refuse = (command: RegelingCommand, code: Foutcode, message: RegExp, toestand = state, context = ctx) => {
    const error = t.throws(() => decide(command, toestand, context), { instanceOf: RegelingFout });
    t.is(error.code, code, error.message);
    t.regex(error.message, message);
  };
  const tijdstempel = (data: Partial<{ doel: string; soort: string; bekendOp: string }>): RegelingCommand => ({ type: 'TrekTijdstempelTerug', data: { doel: INSTELLING, soort: 'juridischWerkendVanaf', bekendOp: '2024-03-01', ...data } as never });
  refuse(tijdstempel({ doel: 'nooit' }), 'onbekend', /heeft geen besluit met doel nooit/);
  refuse(tijdstempel({ soort: 'geldigVanaf' }), 'onbekend', /heeft geen geldigVanaf om terug te trekken/);
  refuse(tijdstempel({ soort: 'bekendOp' }), 'ongeldige_invoer', /Onbekende soort tijdstempel "bekendOp"/);
  refuse(tijdstempel({ bekendOp: undefined }), 'ongeldige_invoer', /Noem bekendOp/);
  refuse(tijdstempel({ bekendOp: '2024-13-01' }), 'ongeldige_invoer', /geen bestaande datum/);
  refuse(tijdstempel({ doel: 'vernietigd' }), 'ongeldige_invoer', /is vernietigd/);
  refuse(tijdstempel({}), 'onbekend', /geen besluit met doel/, beginToestand());
  refuse(tijdstempel({}), 'niet_bevoegd', /gm0363 mag haar niet wijzigen/, state, { ...ctx, bevoegdGezag: 'gm0363' });

  const versie = (doel: string): RegelingCommand => ({ type: 'TrekBeoogdeVersieTerug', data: { doel, bekendOp: '2024-03-01' } });
  refuse(versie('nooit'), 'onbekend', /heeft geen besluit met doel nooit/);
  refuse(versie('ontwerp'), 'ongeldige_invoer', /een ontwerp trekt u in met TrekOntwerpIn/);
  refuse(versie('vernietigd'), 'ongeldige_invoer', /is vernietigd; alleen de versie of intrekking van een vastgesteld besluit/);
  refuse({ type: 'TrekBeoogdeVersieTerug', data: { doel: INSTELLING } as never }, 'ongeldige_invoer', /Noem bekendOp/);
  refuse(versie(INSTELLING), 'ongeldige_invoer', /is teruggetrokken/, replay(decide(versie(INSTELLING), state, ctx), state));

  const beoog = (data: Partial<Extract<RegelingCommand, { type: 'BeoogVersieVoorDoel' }>['data']>): RegelingCommand => ({ type: 'BeoogVersieVoorDoel', data: { doel: 'tweede', instrumentversie: V1, bekendOp: '2024-01-10', ...data } });
  refuse(beoog({ instrumentversie: `${REG}/nld@bestaat-niet` }), 'onbekend', /bestaat niet; een nieuwe versie komt met een besluit/);
  refuse(beoog({ doel: INSTELLING }), 'bestaat_al', /brengt versie .* al/);
  refuse(beoog({ doel: 'intrekking' }), 'bestaat_al', /is al gebruikt \(intrekking\)/);
  refuse(beoog({ doel: 'vernietigd' }), 'bestaat_al', /is al gebruikt \(vernietigd\)/);
  refuse(beoog({ juridischWerkendVanaf: '2024-03-01', geldigVanaf: '2024-04-01' }), 'onmogelijke_datum', /alleen terugwerkende kracht/);
  refuse(beoog({ juridischWerkendVanaf: '2024-11-01' }), 'onmogelijke_datum', /op of na de intrekking van de regeling per 2024-10-01/);
  // An ontwerp's doel may bring an existing version, as its besluit may.
  t.like(replay(decide(beoog({ doel: 'ontwerp' }), state, ctx), state).doelen.ontwerp, { status: 'vastgesteld', instrumentversie: V1, terInzage: undefined });
});
