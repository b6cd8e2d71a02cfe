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
  const versie = state.versies[`${REG}/nld@2024-01-10;1`]!;
  t.deepEqual(Object.keys(versie.juridischeRegels), ['nl.imow-gm0344.juridischeregel.art1', 'nl.imow-gm0344.juridischeregel.art2']);
  t.is(Object.keys(versie.locaties).length, 3);
  t.deepEqual(state.inLevering, {});
});

test('a wijzigingsbesluit builds on the last version: add, change and remove', (t) => {
  const { state } = run([vaststelling()]);
  // Removing centrum would leave its groep and its gebiedsaanwijzing dangling: the whole besluit is refused.
  const fout = t.throws(
    () => decide(vaststelling({ doel: 'w', instrumentversie: `${REG}/nld@2024-05-01;2`, mutatie: { verwijder: { locaties: ['nl.imow-gm0344.gebied.centrum'] } } }), state, ctx),
    { instanceOf: RegelingFout },
  );
  t.is(fout.code, 'ongeldige_inhoud');
  t.deepEqual(fout.inhoudsfouten, [
    { soort: 'locaties', identificatie: 'nl.imow-gm0344.gebiedengroep.alles', reden: 'groepselement nl.imow-gm0344.gebied.centrum bestaat niet' },
    { soort: 'gebiedsaanwijzingen', identificatie: 'nl.imow-gm0344.gebiedsaanwijzing.wonen', reden: 'locatie nl.imow-gm0344.gebied.centrum bestaat niet' },
  ]);

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
  t.deepEqual(Object.keys(na.versies[`${REG}/nld@2024-05-01;2`]!.juridischeRegels), ['nl.imow-gm0344.juridischeregel.art2']);
  t.deepEqual(Object.keys(na.versies[`${REG}/nld@2024-01-10;1`]!.juridischeRegels), ['nl.imow-gm0344.juridischeregel.art1', 'nl.imow-gm0344.juridischeregel.art2'], 'the old version is unchanged');
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
  t.is(state.versies[`${REG}/nld@2024-01-10;1a`]!.regelteksten['gm0344_1__art_2']!.tekst, 'Het is verboden een houtopstand te kappen.');

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
  refuse(vaststelling({ doel: 'x', instrumentversie: `${REG}/nld@6`, mutatie: { verwijder: { regelteksten: ['bestaat-niet'] } } }), 'ongeldige_inhoud', /staat niet in de basisversie/);

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
  const state = replay(events);
  t.is(Object.keys(state.versies[`${REG}/nld@2024-01-10;1`]!.locaties).length, 3003);
});
