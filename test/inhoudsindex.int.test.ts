import test, { type ExecutionContext } from 'ava';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import { RegelingFout, type RegelingCommand } from '../domain/omgevingsdocumenten/decide.ts';
import { controleerInhoud, type Inhoud, type Inhoudsfout } from '../domain/omgevingsdocumenten/inhoud.ts';
import { kernVan, kernVanInhoud, kernVanMutatie } from '../domain/omgevingsdocumenten/kern.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { PostgresInhoudsindex } from '../infrastructure/omgevingsdocumenten/postgres-inhoudsindex.ts';
import { createTestDatabase } from './support/database.ts';
import { UTRECHT, kleineInhoud, utrechtInhoud, utrechtVaststelling, vierkant } from './support/regelingen.ts';

/**
 * The write side's content index (migration 0013) with the service that keeps it: the
 * references of a whole version are checked there, in SQL, by the rules of the domain's
 * `verwijzingenVan`; a refused command leaves no set behind.
 */
async function opzet(t: ExecutionContext) {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => new Date('2024-06-01T09:00:00Z') });
  const index = new PostgresInhoudsindex(db.pool);
  const service = new RegelingService(store, index);
  const sets = async () => (await db.pool.query<{ versie: string | null }>('SELECT versie FROM es.inhoudsets ORDER BY versie')).rows.map((r) => r.versie);
  const events = async () => (await store.readStream(`regeling-${UTRECHT}`)).length;
  return { db, store, index, service, sets, events };
}

const door = (commandId: string) => ({ bevoegdGezag: 'gm0344', actor: 'gm0344:test', commandId });
const V1 = `${UTRECHT}/nld@2024-01-10;1`;
const V2 = `${UTRECHT}/nld@2024-05-01;2`;
const opVolgorde = <T>(lijst: T[]) => [...lijst].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The ids per soort of a version in the index. */
async function idsVan(db: { pool: import('pg').Pool }, versie: string): Promise<Record<string, string[]>> {
  const { rows } = await db.pool.query<{ soort: string; ids: string[] }>(
    `SELECT o.soort, array_agg(o.id ORDER BY o.id) AS ids FROM es.inhoudset_objecten o JOIN es.inhoudsets s ON s.id = o.inhoudset WHERE s.versie = $1 GROUP BY 1`,
    [versie],
  );
  return Object.fromEntries(rows.map((r) => [r.soort, r.ids]));
}

test('a wijziging that leaves references dangling is refused with every one of them; a sound one changes only the new version', async (t) => {
  const { db, service, sets, events } = await opzet(t);
  await service.handel(UTRECHT, utrechtVaststelling(), door('v1'));
  t.deepEqual(await sets(), [V1]);
  const voor = await events();

  // Removing centrum would leave its groep and its gebiedsaanwijzing dangling: the whole besluit is refused.
  const fout = await t.throwsAsync(
    service.handel(UTRECHT, utrechtVaststelling({ doel: 'w', instrumentversie: V2, mutatie: { verwijder: { locaties: ['nl.imow-gm0344.gebied.centrum'] } } }), door('w-fout')),
    { instanceOf: RegelingFout },
  );
  t.is(fout.code, 'ongeldige_inhoud');
  t.deepEqual(opVolgorde(fout.inhoudsfouten), opVolgorde([
    { soort: 'locaties', identificatie: 'nl.imow-gm0344.gebiedengroep.alles', reden: 'groepselement nl.imow-gm0344.gebied.centrum bestaat niet' },
    { soort: 'gebiedsaanwijzingen', identificatie: 'nl.imow-gm0344.gebiedsaanwijzing.wonen', reden: 'locatie nl.imow-gm0344.gebied.centrum bestaat niet' },
  ]));
  t.is(await events(), voor, 'nothing stored');
  t.deepEqual(await sets(), [V1], 'and no set left behind');

  const geen = await t.throwsAsync(service.handel(UTRECHT, utrechtVaststelling({ doel: 'x', instrumentversie: `${UTRECHT}/nld@6`, mutatie: { verwijder: { regelteksten: ['bestaat-niet'] } } }), door('x')), { instanceOf: RegelingFout });
  t.deepEqual(geen.inhoudsfouten, [{ soort: 'regelteksten', identificatie: 'bestaat-niet', reden: 'te verwijderen, maar staat niet in de basisversie' }]);

  await service.handel(
    UTRECHT,
    utrechtVaststelling({
      doel: 'w',
      instrumentversie: V2,
      mutatie: {
        plaats: { juridischeRegels: [{ identificatie: 'nl.imow-gm0344.juridischeregel.art2', type: 'RegelVoorIedereen', regeltekst: 'gm0344_1__art_2', locaties: ['nl.imow-gm0344.gebied.park'] }] },
        verwijder: { juridischeRegels: ['nl.imow-gm0344.juridischeregel.art1'] },
      },
    }),
    door('w'),
  );
  t.deepEqual((await idsVan(db, V2)).juridischeRegels, ['nl.imow-gm0344.juridischeregel.art2']);
  t.deepEqual((await idsVan(db, V1)).juridischeRegels, ['nl.imow-gm0344.juridischeregel.art1', 'nl.imow-gm0344.juridischeregel.art2'], 'the old version is unchanged');
  t.is((await idsVan(db, V2)).locaties!.length, 3, 'what the wijziging does not touch comes from its basis');
});

test('content in parts is checked whole at the besluit; parts without a besluit are refused; a retried command adds no set', async (t) => {
  const { service, sets, events } = await opzet(t);
  const { plaats } = utrechtInhoud;
  const registreer: RegelingCommand = { type: 'RegistreerRegeling', data: { documenttype: 'omgevingsplan', citeertitel: 'Omgevingsplan Utrecht' } };
  const lever = (mutatie: object): RegelingCommand => ({ type: 'LeverInhoud', data: { instrumentversie: V1, mutatie } });
  const { mutatie: _, ...zonder } = (utrechtVaststelling() as Extract<RegelingCommand, { type: 'PubliceerBesluit' }>).data;
  const besluit: RegelingCommand = { type: 'PubliceerBesluit', data: zonder };

  // A regel whose locatie came in no part is a dangling reference.
  const fout = await t.throwsAsync(service.handel(UTRECHT, () => [registreer, lever({ plaats: { ...plaats, locaties: undefined, gebiedsaanwijzingen: undefined } }), besluit], door('a')), { instanceOf: RegelingFout });
  t.is(fout.code, 'ongeldige_inhoud');
  t.true(fout.inhoudsfouten.some((f) => /^locatie nl\.imow-gm0344\.gebied\.park bestaat niet$/.test(f.reden)), JSON.stringify(fout.inhoudsfouten));

  const open = await t.throwsAsync(service.handel(UTRECHT, () => [registreer, lever({ plaats })], door('b')), { instanceOf: RegelingFout });
  t.regex(open.message, /inhoud geleverd voor .* zonder besluit/);
  t.is(await events(), 0);
  t.deepEqual(await sets(), []);

  const eerste = await service.handel(UTRECHT, () => [registreer, lever({ plaats: { locaties: plaats!.locaties } }), lever({ plaats: { ...plaats, locaties: undefined } }), besluit], door('c'));
  t.true(eerste.nieuw);
  const opnieuw = await service.handel(UTRECHT, () => [registreer, lever({ plaats })], door('c'));
  t.false(opnieuw.nieuw);
  t.deepEqual(await sets(), [V1]);
});

test('a rectificatie corrects the version it replaces: the text changes there, the old version keeps its own', async (t) => {
  const { db, service } = await opzet(t);
  await service.handel(UTRECHT, utrechtVaststelling(), door('v1'));
  const gecorrigeerd = { wId: 'gm0344_1__art_2', soort: 'artikel' as const, nummer: '2', tekst: 'Het is verboden een houtopstand te kappen.' };
  await service.handel(UTRECHT, { type: 'Rectificeer', data: { doel: '/join/id/proces/gm0344/2024/instelling', instrumentversie: `${V1}a`, bekendOp: '2024-01-25', mutatie: { plaats: { regelteksten: [gecorrigeerd] } } } }, door('r'));
  const digest = async (versie: string) =>
    (await db.pool.query<{ digest: string }>(`SELECT o.digest FROM es.inhoudset_objecten o JOIN es.inhoudsets s ON s.id = o.inhoudset WHERE s.versie = $1 AND o.soort = 'regelteksten' AND o.id = $2`, [versie, gecorrigeerd.wId])).rows[0]!.digest;
  t.is(await digest(`${V1}a`), kernVan('regelteksten', gecorrigeerd).digest);
  t.not(await digest(V1), kernVan('regelteksten', gecorrigeerd).digest);
});

/** Content with problems of every kind of reference, and some that are fine. */
function metFouten(): Inhoud {
  const i = kleineInhoud('tekst', true);
  const g = 'nl.imow-gm0001.gebied.centrum';
  i.regelteksten['a1.lid1'] = { wId: 'a1.lid1', soort: 'lid', nummer: '1', tekst: 'lid', artikel: 'a1' };
  i.regelteksten['a9.lid1'] = { wId: 'a9.lid1', soort: 'lid', nummer: '1', tekst: 'lid', artikel: 'a9' };
  i.locaties['nl.imow-gm0001.lijn.dijk'] = { identificatie: 'nl.imow-gm0001.lijn.dijk', type: 'Lijn', geometrie: { type: 'LineString', coordinates: [[130000, 400000], [130010, 400010]] } };
  i.locaties['nl.imow-gm0001.gebiedengroep.kern'] = { identificatie: 'nl.imow-gm0001.gebiedengroep.kern', type: 'Gebiedengroep', groepselementen: [g, 'nl.imow-gm0001.gebied.weg'] };
  i.locaties['nl.imow-gm0001.ambtsgebied.1'] = { identificatie: 'nl.imow-gm0001.ambtsgebied.1', type: 'Ambtsgebied' };
  i.activiteiten['nl.imow-gm0001.activiteit.a'] = { identificatie: 'nl.imow-gm0001.activiteit.a', naam: 'a', groep: 'g', bovenliggendeActiviteit: 'nl.imow-mnre1034.activiteit.ActInOmgevingsplan' };
  i.activiteiten['nl.imow-gm0001.activiteit.b'] = { identificatie: 'nl.imow-gm0001.activiteit.b', naam: 'b', groep: 'g', bovenliggendeActiviteit: 'nl.imow-gm0001.activiteit.weg' };
  i.gebiedsaanwijzingen['nl.imow-gm0001.gebiedsaanwijzing.winkels'] = { identificatie: 'nl.imow-gm0001.gebiedsaanwijzing.winkels', type: 'Functie', naam: 'winkels', groep: 'detailhandel', locaties: [g, 'nl.imow-gm0001.gebied.nergens'] };
  i.normen['nl.imow-gm0001.omgevingsnorm.hoogte'] = { identificatie: 'nl.imow-gm0001.omgevingsnorm.hoogte', type: 'Omgevingsnorm', naam: 'bouwhoogte', groep: 'bouwhoogte', normwaarden: [{ locaties: [g, 'nl.imow-gm0001.gebied.ook-weg'], waarde: 10 }] };
  i.juridischeRegels['nl.imow-gm0001.juridischeregel.r'] = {
    identificatie: 'nl.imow-gm0001.juridischeregel.r',
    type: 'RegelVoorIedereen',
    regeltekst: 'a7',
    locaties: [g, 'nl.imow-gm0001.gebied.x'],
    activiteiten: [{ activiteit: 'nl.imow-gm0001.activiteit.a', kwalificatie: 'vergunningplicht', locaties: ['nl.imow-gm0001.gebied.y'] }, { activiteit: 'nl.imow-gm0001.activiteit.z', kwalificatie: 'verbod' }],
    gebiedsaanwijzingen: ['nl.imow-gm0001.gebiedsaanwijzing.winkels', 'nl.imow-gm0001.gebiedsaanwijzing.q'],
    normen: ['nl.imow-gm0001.omgevingsnorm.hoogte', 'nl.imow-gm0001.omgevingsnorm.q'],
  };
  i.ponsen['nl.imow-gm0001.pons.goed'] = { identificatie: 'nl.imow-gm0001.pons.goed', locaties: ['nl.imow-gm0001.gebiedengroep.kern', g, 'nl.imow-gm0001.ambtsgebied.1'] };
  i.ponsen['nl.imow-gm0001.pons.fout'] = { identificatie: 'nl.imow-gm0001.pons.fout', locaties: ['nl.imow-gm0001.lijn.dijk', 'nl.imow-gm0001.gebied.p'] };
  i.kaarten['nl.imow-gm0001.kaart.1'] = {
    identificatie: 'nl.imow-gm0001.kaart.1',
    naam: 'Functies',
    regelteksten: ['a1', 'a8'],
    kaartlagen: [{ identificatie: 'nl.imow-gm0001.kaartlaag.1', niveau: 1, gebiedsaanwijzingen: ['nl.imow-gm0001.gebiedsaanwijzing.winkels', 'nl.imow-gm0001.gebiedsaanwijzing.k'], normen: ['nl.imow-gm0001.omgevingsnorm.k'] }],
  };
  return i;
}

test('the index finds exactly the dangling references the domain rules name, also after objects are replaced and removed', async (t) => {
  const { index } = await opzet(t);
  const inhoud = metFouten();
  const set = await index.nieuweSet(UTRECHT);
  await index.pasToe(set, kernVanMutatie({ plaats: Object.fromEntries(Object.entries(inhoud).map(([s, o]) => [s, Object.values(o)])) }));
  const verwacht = controleerInhoud(kernVanInhoud(inhoud));
  t.true(verwacht.length >= 15, `every kind of reference goes wrong somewhere (${verwacht.length})`);
  t.deepEqual(opVolgorde(await index.controleer(set)), opVolgorde(verwacht));

  // Replace the groep (now fine) and remove the lijn the pons names: both sides agree again.
  const groep = { identificatie: 'nl.imow-gm0001.gebiedengroep.kern', type: 'Gebiedengroep' as const, groepselementen: ['nl.imow-gm0001.gebied.park'] };
  t.deepEqual(await index.pasToe(set, kernVanMutatie({ plaats: { locaties: [groep] }, verwijder: { locaties: ['nl.imow-gm0001.lijn.dijk'] } })), []);
  inhoud.locaties[groep.identificatie] = groep;
  delete inhoud.locaties['nl.imow-gm0001.lijn.dijk'];
  const daarna: Inhoudsfout[] = controleerInhoud(kernVanInhoud(inhoud));
  t.true(daarna.some((f) => f.reden === 'locatie nl.imow-gm0001.lijn.dijk bestaat niet'));
  t.false(daarna.some((f) => f.identificatie === groep.identificatie));
  t.deepEqual(opVolgorde(await index.controleer(set)), opVolgorde(daarna));
  t.is((await index.controleer(set, 3)).length, 3, 'at most as many as asked');

  // A copy compares equal to its basis until something in it changes.
  const kopie = await index.nieuweSet(UTRECHT, set);
  t.deepEqual(await index.vergelijk(set, kopie), { gewijzigd: 0, weg: 0 });
  await index.pasToe(kopie, kernVanMutatie({ plaats: { locaties: [{ identificatie: 'nl.imow-gm0001.gebied.park', type: 'Gebied', geometrie: vierkant(131000, 401000, 10) }] }, verwijder: { regelteksten: ['a9.lid1'] } }));
  t.deepEqual(await index.vergelijk(set, kopie), { gewijzigd: 1, weg: 1 });
  t.deepEqual([...(await index.gewijzigd(kopie, 'locaties', ['nl.imow-gm0001.gebied.park', 'nl.imow-gm0001.gebied.centrum']))], ['nl.imow-gm0001.gebied.park']);
  const weg = [];
  for await (const w of index.weg(set, kopie)) weg.push(w);
  t.deepEqual(weg, [{ soort: 'regelteksten', id: 'a9.lid1' }]);
  await index.verwerp(kopie);
  t.deepEqual(await index.vergelijk(set, kopie), { gewijzigd: 0, weg: Object.values(inhoud).reduce((n, o) => n + Object.keys(o).length, 0) }, 'a removed set is empty');
});

test('sets that never became a version are removed once they are an hour old; a version’s set stays', async (t) => {
  const { db, index, service, sets } = await opzet(t);
  await service.handel(UTRECHT, utrechtVaststelling(), door('v1'));
  const oud = await index.nieuweSet(UTRECHT);
  const nieuw = await index.nieuweSet(UTRECHT);
  await db.pool.query(`UPDATE es.inhoudsets SET gemaakt_op = now() - interval '2 hours' WHERE id = $1 OR versie IS NOT NULL`, [oud]);
  t.is(await index.ruimOp(), 1);
  const over = (await db.pool.query<{ id: string }>('SELECT id FROM es.inhoudsets WHERE versie IS NULL')).rows.map((r) => r.id);
  t.deepEqual(over, [nieuw], 'a set still being made is left alone');
  t.deepEqual((await sets()).filter(Boolean), [V1]);
});
