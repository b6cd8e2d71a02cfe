import test, { type ExecutionContext } from 'ava';
import { RegelingService } from '../application/omgevingsdocumenten/regeling-service.ts';
import type { RegelingCommand } from '../domain/omgevingsdocumenten/decide.ts';
import { SOORTEN, type Mutatie } from '../domain/omgevingsdocumenten/inhoud.ts';
import { beginToestand, evolve, regelingStream, type Regeling, type RegelingEvent } from '../domain/omgevingsdocumenten/regeling.ts';
import { kernVan, legeKern, zonderDigest, type Inhoudskern } from '../domain/omgevingsdocumenten/kern.ts';
import { PostgresInhoudsindex } from '../infrastructure/omgevingsdocumenten/postgres-inhoudsindex.ts';
import { PostgresEventStore } from '../infrastructure/event-store/postgres-event-store.ts';
import { createLogger } from '../infrastructure/logger.ts';
import { omgevingsdocumenten, omgevingsdocumentenProjectie } from '../projections/omgevingsdocumenten.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import { createTestDatabase } from './support/database.ts';
import { vierkant } from './support/regelingen.ts';

/** A small seeded PRNG (mulberry32): the same history every run. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

const TABEL = { regelteksten: ['regelteksten', 'wid'], juridischeRegels: ['juridische_regels', 'identificatie'], locaties: ['locaties', 'identificatie'], activiteiten: ['activiteiten', 'identificatie'], gebiedsaanwijzingen: ['gebiedsaanwijzingen', 'identificatie'], normen: ['normen', 'identificatie'], ponsen: ['ponsen', 'identificatie'], kaarten: ['kaarten', 'identificatie'] } as const;

/**
 * A random history per regeling: wijzigingen, ontwerpen (withdrawn, or followed by their
 * besluit on the then last version: a branch), rectificaties of older doelen, objects
 * changed, added and removed. Each command goes through the service, as the write API does.
 */
async function geschiedenis(service: RegelingService, at: (iso: string) => void, gm: string, seed: number): Promise<{ versies: number; takken: number }> {
  const rng = prng(seed);
  const werk = `/akn/nl/act/${gm}/2024/omgevingsplan`;
  const door = (n: number) => ({ bevoegdGezag: gm, actor: `${gm}:test`, commandId: `${gm}-${n}` });
  const deel = (i: number) => ({
    regeltekst: { wId: `${gm}_art_${i}`, soort: 'artikel' as const, nummer: String(i), tekst: `Artikel ${i}, versie ${rng.int(1, 1e6)}` },
    locatie: { identificatie: `nl.imow-${gm}.gebied.${i}`, type: 'Gebied' as const, geometrie: vierkant(130000 + i * 300, 450000 + rng.int(0, 50) * 10, 200) },
    // Every third regel names a groep that holds its gebied, so groepen have versions and branches too.
    groep: i % 3 === 0 ? { identificatie: `nl.imow-${gm}.gebiedengroep.${i}`, type: 'Gebiedengroep' as const, groepselementen: [`nl.imow-${gm}.gebied.${i}`] } : undefined,
    regel: { identificatie: `nl.imow-${gm}.juridischeregel.${i}`, type: 'RegelVoorIedereen' as const, regeltekst: `${gm}_art_${i}`, locaties: [i % 3 === 0 ? `nl.imow-${gm}.gebiedengroep.${i}` : `nl.imow-${gm}.gebied.${i}`], themas: ['bouwen'] },
  });
  let volgende = 1;
  const aanwezig = new Set<number>();
  const mutatie = (): Mutatie => {
    const plaats: Required<Pick<NonNullable<Mutatie['plaats']>, 'regelteksten' | 'locaties' | 'juridischeRegels'>> = { regelteksten: [], locaties: [], juridischeRegels: [] };
    const verwijder: { regelteksten: string[]; locaties: string[]; juridischeRegels: string[] } = { regelteksten: [], locaties: [], juridischeRegels: [] };
    // Each object at most once per mutatie; only objects of the basis are changed or removed.
    const vrij = new Set(aanwezig);
    for (let n = rng.int(1, 3); n > 0; n--) {
      const keuze = rng.next();
      const bestaand = [...vrij];
      if (keuze < 0.4 || bestaand.length < 3) {
        const d = deel(volgende);
        aanwezig.add(volgende++);
        plaats.regelteksten.push(d.regeltekst);
        plaats.locaties.push(d.locatie, ...(d.groep ? [d.groep] : []));
        plaats.juridischeRegels.push(d.regel);
      } else if (keuze < 0.8) {
        const i = bestaand[rng.int(0, bestaand.length - 1)]!;
        vrij.delete(i);
        const d = deel(i);
        if (rng.next() < 0.5) plaats.regelteksten.push(d.regeltekst);
        else plaats.locaties.push(d.locatie);
      } else {
        const i = bestaand[rng.int(0, bestaand.length - 1)]!;
        aanwezig.delete(i);
        vrij.delete(i);
        const d = deel(i);
        verwijder.regelteksten.push(d.regeltekst.wId);
        verwijder.locaties.push(d.locatie.identificatie, ...(d.groep ? [d.groep.identificatie] : []));
        verwijder.juridischeRegels.push(d.regel.identificatie);
      }
    }
    return { plaats, verwijder };
  };
  // An ontwerp's version is left behind by its besluit (built on the last besluit), so it only
  // changes texts that every later version has too.
  const tekstMutatie = (): Mutatie => {
    const bestaand = [...aanwezig];
    return { plaats: { regelteksten: [deel(bestaand[rng.int(0, bestaand.length - 1)]!).regeltekst, { wId: `${gm}_ontwerp`, soort: 'artikel', nummer: 'O', tekst: 'Ontwerp' }] } };
  };
  let dag = 0;
  const datum = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  const doe = async (command: RegelingCommand) => {
    at(`${datum(dag)}T10:00:00Z`);
    await service.handel(werk, command, door(dag));
  };
  const basis = { documenttype: 'omgevingsplan' as const, citeertitel: `Omgevingsplan ${gm}` };
  await doe({ type: 'PubliceerBesluit', data: { ...basis, doel: `d0`, instrumentversie: `${werk}/nld@v0`, bekendOp: datum(0), juridischWerkendVanaf: datum(1), mutatie: mutatie() } });
  const vastgesteld = ['d0'];
  let versies = 1;
  let takken = 0;
  let open: string | undefined;
  for (let stap = 1; stap <= 40; stap++) {
    dag++;
    const keuze = rng.next();
    if (open && keuze < 0.5) {
      // The ontwerp's doel is vastgesteld, built on the last besluit: not on the ontwerp.
      await doe({ type: 'PubliceerBesluit', data: { ...basis, doel: open, instrumentversie: `${werk}/nld@v${stap}`, bekendOp: datum(dag), juridischWerkendVanaf: datum(dag + 1), mutatie: mutatie() } });
      vastgesteld.push(open);
      open = undefined;
      takken++;
    } else if (open && keuze < 0.6) {
      await doe({ type: 'TrekOntwerpIn', data: { doel: open, bekendOp: datum(dag) } });
      open = undefined;
      continue;
    } else if (!open && keuze < 0.25) {
      open = `d${stap}`;
      await doe({ type: 'PubliceerOntwerp', data: { ...basis, doel: open, instrumentversie: `${werk}/nld@v${stap}`, bekendOp: datum(dag), terInzage: { van: datum(dag + 1), tot: datum(dag + 42) }, mutatie: tekstMutatie() } });
    } else if (keuze < 0.4) {
      // A rectificatie of an older doel: built on that doel's version, a branch unless it is the last.
      const doel = vastgesteld[rng.int(Math.max(0, vastgesteld.length - 3), vastgesteld.length - 1)]!;
      await doe({ type: 'Rectificeer', data: { doel, instrumentversie: `${werk}/nld@v${stap}r`, bekendOp: datum(dag), mutatie: { plaats: { regelteksten: [{ wId: `${gm}_rectificatie_${stap}`, soort: 'artikel', nummer: `R${stap}`, tekst: 'Gerectificeerd' }] } } } });
      takken++;
    } else {
      await doe({ type: 'PubliceerBesluit', data: { ...basis, doel: `d${stap}`, instrumentversie: `${werk}/nld@v${stap}`, bekendOp: datum(dag), juridischWerkendVanaf: datum(dag + 1), mutatie: mutatie() } });
      vastgesteld.push(`d${stap}`);
    }
    versies++;
  }
  return { versies, takken };
}

/** The kernen of a version as the write side's content index holds them, by soort and id. */
async function kernenVan(pool: import('pg').Pool, versie: string): Promise<Inhoudskern> {
  const uit = legeKern() as unknown as Record<string, Record<string, unknown>>;
  const { rows } = await pool.query<{ soort: string; id: string; digest: string; kern: object }>(
    'SELECT o.soort, o.id, o.digest, o.kern FROM es.inhoudset_objecten o JOIN es.inhoudsets s ON s.id = o.inhoudset WHERE s.versie = $1',
    [versie],
  );
  for (const r of rows) uit[r.soort]![r.id] = { ...r.kern, digest: r.digest };
  return uit as unknown as Inhoudskern;
}

/**
 * The read model holds each version exactly as the write side builds it: for every version of
 * the domain, the rows whose range holds its volgnummer are the objects of that version in the
 * content index, with the same text and geometry.
 */
async function vergelijkMetDomein(pool: import('pg').Pool, store: PostgresEventStore, werk: string): Promise<string[]> {
  const fouten: string[] = [];
  let state: Regeling = beginToestand();
  for (const e of await store.readStream(regelingStream(werk))) state = evolve(state, e as unknown as RegelingEvent);
  const { rows: versies } = await pool.query<{ instrumentversie: string; volgnummer: number }>('SELECT instrumentversie, volgnummer FROM rm.regeling_versies WHERE regeling_id = $1', [werk]);
  if (versies.length !== Object.keys(state.versies).length) fouten.push(`${versies.length} versions in the read model, ${Object.keys(state.versies).length} in the domain`);
  for (const v of versies) {
    const inhoud = await kernenVan(pool, v.instrumentversie);
    for (const soort of SOORTEN) {
      const [tabel, kolom] = TABEL[soort];
      const { rows } = await pool.query<{ k: string; n: number }>(`SELECT ${kolom} AS k, count(*)::int AS n FROM rm.${tabel} WHERE regeling_id = $1 AND versies @> $2::int GROUP BY 1 ORDER BY 1`, [werk, v.volgnummer]);
      const verwacht = Object.keys(inhoud[soort]).sort();
      const gevonden = rows.map((r) => r.k);
      if (JSON.stringify(gevonden) !== JSON.stringify(verwacht)) fouten.push(`${soort} of ${v.instrumentversie}: ${gevonden.join(',')} ≠ ${verwacht.join(',')}`);
      for (const r of rows) if (r.n !== 1) fouten.push(`${soort} ${r.k} is ${r.n} times in ${v.instrumentversie}`);
    }
    const { rows: teksten } = await pool.query<{ wid: string; tekst: string }>('SELECT wid, tekst FROM rm.regelteksten WHERE regeling_id = $1 AND versies @> $2::int', [werk, v.volgnummer]);
    // The domain keeps a kern (a digest of the whole): with the read model's text, the digest must be the same.
    const metBulk = <S extends 'regelteksten' | 'locaties'>(soort: S, id: string, bulk: object) => {
      const kern = inhoud[soort][id];
      if (!kern) return undefined;
      return kernVan(soort, { ...zonderDigest(kern), ...bulk } as never).digest === kern.digest;
    };
    for (const t of teksten) if (!metBulk('regelteksten', t.wid, { tekst: t.tekst })) fouten.push(`text of ${t.wid} in ${v.instrumentversie}`);
    // The links a regels-op-locatie query follows: every (regel, locatie) of this version, once.
    const { rows: links } = await pool.query<{ l: string }>(
      `SELECT j.identificatie || '>' || rl.locatie AS l FROM rm.regel_locaties rl
         JOIN rm.juridische_regels j ON j.regeling_id = rl.regeling_id AND j.identificatie = rl.regel AND lower(j.versies) = rl.van
        WHERE rl.regeling_id = $1 AND j.versies @> $2::int`,
      [werk, v.volgnummer],
    );
    const verwachteLinks = Object.values(inhoud.juridischeRegels).flatMap((r) => r.locaties.map((l) => `${r.identificatie}>${l}`)).sort();
    if (JSON.stringify(links.map((r) => r.l).sort()) !== JSON.stringify(verwachteLinks)) fouten.push(`regel_locaties of ${v.instrumentversie}`);
    const { rows: elementen } = await pool.query<{ l: string }>(
      `SELECT g.identificatie || '>' || ge.element AS l FROM rm.groep_elementen ge
         JOIN rm.locaties g ON g.regeling_id = ge.regeling_id AND g.identificatie = ge.groep AND lower(g.versies) = ge.van
        WHERE ge.regeling_id = $1 AND g.versies @> $2::int`,
      [werk, v.volgnummer],
    );
    const verwachteElementen = Object.values(inhoud.locaties).flatMap((l) => (l.groepselementen ?? []).map((e) => `${l.identificatie}>${e}`)).sort();
    if (JSON.stringify(elementen.map((r) => r.l).sort()) !== JSON.stringify(verwachteElementen)) fouten.push(`groep_elementen of ${v.instrumentversie}`);
    const { rows: vlakken } = await pool.query<{ identificatie: string; g: string }>('SELECT identificatie, ST_AsGeoJSON(geom) AS g FROM rm.locaties WHERE regeling_id = $1 AND versies @> $2::int AND geom IS NOT NULL', [werk, v.volgnummer]);
    for (const l of vlakken) {
      const { type, coordinates } = JSON.parse(l.g) as { type: string; coordinates: unknown };
      if (!metBulk('locaties', l.identificatie, { geometrie: { type, coordinates } })) fouten.push(`geometry of ${l.identificatie} in ${v.instrumentversie}`);
    }
  }
  return fouten;
}

/** A test database, an event store whose clock the test sets with `at`, and the service on it. */
async function opzet(t: ExecutionContext) {
  const db = await createTestDatabase();
  t.teardown(db.drop);
  let now = new Date('2024-01-01T00:00:00Z');
  const store = new PostgresEventStore(db.pool, { databaseUrl: db.url, clock: () => now });
  return { db, store, service: new RegelingService(store, new PostgresInhoudsindex(db.pool)), at: (iso: string) => void (now = new Date(iso)) };
}

test('every version in the read model is the domain’s version, with branches, whatever the batch size, and rebuilds are identical', async (t) => {
  const { db, store, service, at } = await opzet(t);
  const gemeenten = ['gm0014', 'gm0034', 'gm0193'];
  let takken = 0;
  for (const [i, gm] of gemeenten.entries()) takken += (await geschiedenis(service, at, gm, 1000 + i)).takken;
  t.true(takken >= 10, `the histories branch often enough (${takken})`);

  const dump = async () => {
    const tables = ['regelingen', 'regeling_versies', 'regeling_gebeurtenissen', 'leveringen', 'toestanden', 'ontwerpen', 'inhoud_in_levering', 'regelteksten', 'juridische_regels', 'regel_locaties', 'locaties', 'groep_elementen', 'activiteiten', 'gebiedsaanwijzingen', 'normen'];
    const out: Record<string, unknown[]> = {};
    for (const table of tables) out[table] = (await db.pool.query(`SELECT * FROM rm.${table} AS r ORDER BY r::text`)).rows;
    return out;
  };
  let eerste: Record<string, unknown[]> | undefined;
  // Batch size 1 parts every version from its content parts; 7 cuts through appends; 1000 takes all at once.
  for (const batchSize of [1, 7, 1000]) {
    const runner = new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize });
    await runner.rebuild(omgevingsdocumenten);
    for (const gm of gemeenten) t.deepEqual(await vergelijkMetDomein(db.pool, store, `/akn/nl/act/${gm}/2024/omgevingsplan`), [], `${gm}, batches of ${batchSize}`);
    const tabellen = await dump();
    t.is(tabellen.inhoud_in_levering!.length, 0, 'no content parts left over');
    if (eerste) t.deepEqual(tabellen, eerste, `batches of ${batchSize} give the same tables`);
    else eerste = tabellen;
  }

  // The content index is derived from the events: without it, every version gets the same kernen again.
  const voor = await Promise.all(gemeenten.map(async (gm) => (await db.pool.query('SELECT s.versie, o.soort, o.id, o.digest FROM es.inhoudset_objecten o JOIN es.inhoudsets s ON s.id = o.inhoudset WHERE s.regeling_id = $1 ORDER BY 1, 2, 3', [`/akn/nl/act/${gm}/2024/omgevingsplan`])).rows));
  await db.pool.query('DELETE FROM es.inhoudsets');
  for (const gm of gemeenten) {
    const werk = `/akn/nl/act/${gm}/2024/omgevingsplan`;
    const { state } = await service.laad(werk);
    // The last version first: one read of the stream makes every version before it too.
    await service.inhoudVan(werk, state, state.laatsteVersie!);
    for (const v of Object.keys(state.versies)) await service.inhoudVan(werk, state, v);
    t.deepEqual(await vergelijkMetDomein(db.pool, store, werk), [], `${gm}, index made again`);
  }
  const na = await Promise.all(gemeenten.map(async (gm) => (await db.pool.query('SELECT s.versie, o.soort, o.id, o.digest FROM es.inhoudset_objecten o JOIN es.inhoudsets s ON s.id = o.inhoudset WHERE s.regeling_id = $1 ORDER BY 1, 2, 3', [`/akn/nl/act/${gm}/2024/omgevingsplan`])).rows));
  t.deepEqual(na, voor, 'the same kernen, version by version');
});

test('a batch applied in memory but rolled back in the database is not trusted: the next batch reads the tables again', async (t) => {
  const { db, store, service, at } = await opzet(t);
  await geschiedenis(service, at, 'gm0014', 7);
  const events = await store.readStream(regelingStream('/akn/nl/act/gm0014/2024/omgevingsplan'));
  const helft = events.findIndex((e, i) => i > events.length / 2 && e.type === 'InhoudGeleverd');

  // The first half is projected; the second is applied, then its transaction rolls back (as when a commit fails).
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await omgevingsdocumenten.apply(client, events.slice(0, helft));
    await client.query('COMMIT');
    await client.query('BEGIN');
    await omgevingsdocumenten.apply(client, events.slice(helft));
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await omgevingsdocumenten.apply(client, events.slice(helft));
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  t.deepEqual(await vergelijkMetDomein(db.pool, store, '/akn/nl/act/gm0014/2024/omgevingsplan'), []);
});

test('a rebuild that fails mid-way leaves whole batches only: catching up from there gives the tables of a clean rebuild', async (t) => {
  const { db, store, service, at } = await opzet(t);
  for (const [i, gm] of ['gm0014', 'gm0034'].entries()) await geschiedenis(service, at, gm, 2000 + i);
  const dump = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of ['regeling_versies', 'toestanden', 'inhoud_in_levering', 'juridische_regels', 'regel_locaties', 'locaties', 'groep_elementen']) {
      out[table] = (await db.pool.query(`SELECT * FROM rm.${table} AS r ORDER BY r::text`)).rows;
    }
    return out;
  };
  // Small batches, so that several are prepared and queued while an earlier one is written.
  const runner = new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize: 5 });
  await runner.rebuild(omgevingsdocumenten);
  const schoon = await dump();

  // The database refuses one version halfway: the statement fails after later batches were queued.
  const { rows } = await db.pool.query<{ instrumentversie: string }>('SELECT instrumentversie FROM rm.regeling_versies ORDER BY ontvangen_op, volgnummer');
  const geweigerd = rows[Math.floor(rows.length / 2)]!.instrumentversie;
  await db.pool.query(`
    CREATE FUNCTION rm.weiger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.instrumentversie = '${geweigerd}' THEN RAISE EXCEPTION 'geweigerd: %', NEW.instrumentversie; END IF; RETURN NEW; END $$;
    CREATE TRIGGER weiger BEFORE INSERT ON rm.regeling_versies FOR EACH ROW EXECUTE FUNCTION rm.weiger();`);
  await t.throwsAsync(runner.rebuild(omgevingsdocumenten), { message: `geweigerd: ${geweigerd}` });
  const checkpoint = await runner.checkpoint(omgevingsdocumenten);
  t.true(checkpoint.globalPosition > 0n, 'the batches before the refused one were committed');
  const { rows: na } = await db.pool.query('SELECT 1 FROM rm.regeling_gebeurtenissen WHERE global_position > $1', [checkpoint.globalPosition]);
  t.is(na.length, 0, 'nothing after the checkpoint is in the read model');
  t.is((await db.pool.query('SELECT 1 FROM rm.regeling_versies WHERE instrumentversie = $1', [geweigerd])).rows.length, 0);

  await db.pool.query('DROP TRIGGER weiger ON rm.regeling_versies');
  await runner.catchUp(omgevingsdocumenten);
  t.deepEqual(await dump(), schoon);
});

test('a rebuild stops when another process moves the checkpoint under it', async (t) => {
  const { db, store, service, at } = await opzet(t);
  await geschiedenis(service, at, 'gm0014', 3000);
  const runner = new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize: 5 });
  let verzet = false;
  const fout = await t.throwsAsync(
    runner.rebuild(omgevingsdocumenten, async () => {
      if (verzet) return;
      verzet = true;
      await db.pool.query(`UPDATE rm.checkpoints SET global_position = global_position + 1 WHERE projection = 'omgevingsdocumenten'`);
    }),
  );
  t.is(fout?.name, 'CheckpointMovedError');
});

test('a rebuild that keeps fewer standen in memory than it meets reads the others again, after what it queued, and gives the same tables', async (t) => {
  const { db, store, service, at } = await opzet(t);
  const gemeenten = ['gm0014', 'gm0034', 'gm0193'];
  // Written at the same time, so the regelingen' events interleave in the store; the clock
  // only moves forward, as a real one does.
  let laatste = '';
  const vooruit = (iso: string) => at((laatste = iso > laatste ? iso : laatste));
  await Promise.all(gemeenten.map((gm, i) => geschiedenis(service, vooruit, gm, 4000 + i)));
  const dump = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of ['regeling_versies', 'toestanden', 'juridische_regels', 'regel_locaties', 'locaties', 'groep_elementen', 'regelteksten']) {
      out[table] = (await db.pool.query(`SELECT * FROM rm.${table} AS r ORDER BY r::text`)).rows;
    }
    return out;
  };
  await new ProjectionRunner(db.pool, store, [omgevingsdocumenten], createLogger('silent'), { batchSize: 7 }).rebuild(omgevingsdocumenten);
  const ruim = await dump();
  // One stand at a time, and batches that mix the regelingen: most batches read one back.
  const krap = omgevingsdocumentenProjectie({ maxStanden: 1 });
  await new ProjectionRunner(db.pool, store, [krap], createLogger('silent'), { batchSize: 7 }).rebuild(krap);
  for (const gm of gemeenten) t.deepEqual(await vergelijkMetDomein(db.pool, store, `/akn/nl/act/${gm}/2024/omgevingsplan`), [], gm);
  t.deepEqual(await dump(), ruim);
});
