import { sql, type Kysely } from 'kysely';

/**
 * Read models of omgevingsdocumenten. Versions of a regeling are numbered (volgnummer); a
 * content row holds the range of volgnummers it belongs to (`versies int4range`), so a small
 * wijziging writes only what it changes. `rm.toestanden` holds the complete toestanden; a
 * tijdreis picks, per regeling, the toestand that starts latest on the four time axes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.regelingen (
      regeling_id   text PRIMARY KEY,
      bevoegd_gezag text NOT NULL,
      bestuurslaag  text NOT NULL,
      documenttype  text NOT NULL,
      citeertitel   text NOT NULL,
      geregistreerd_op timestamptz NOT NULL
    );
    CREATE INDEX regelingen_bevoegd_gezag_idx ON rm.regelingen (bevoegd_gezag);

    CREATE TABLE rm.regeling_versies (
      instrumentversie text PRIMARY KEY,
      regeling_id  text NOT NULL,
      volgnummer   int  NOT NULL,
      doel         text NOT NULL,
      soort        text NOT NULL CHECK (soort IN ('ontwerp', 'besluit', 'rectificatie')),
      basisversie  text,
      bekend_op    date NOT NULL,
      ontvangen_op timestamptz NOT NULL,
      ter_inzage   daterange
    );
    CREATE UNIQUE INDEX regeling_versies_volgnummer_idx ON rm.regeling_versies (regeling_id, volgnummer);

    -- Every doel with what happened to it, for the versies endpoint (full history).
    CREATE TABLE rm.regeling_gebeurtenissen (
      regeling_id     text NOT NULL,
      global_position bigint NOT NULL,
      type            text NOT NULL,
      doel            text,
      instrumentversie text,
      bekend_op       date,
      ontvangen_op    timestamptz NOT NULL,
      juridisch_werkend_vanaf date,
      geldig_vanaf    date,
      PRIMARY KEY (regeling_id, global_position)
    );

    -- The deliveries of consolidatie-informatie per regeling, replayed into rm.toestanden.
    CREATE TABLE rm.leveringen (
      regeling_id     text NOT NULL,
      global_position bigint NOT NULL,
      levering        jsonb NOT NULL,
      PRIMARY KEY (regeling_id, global_position)
    );

    -- Complete toestanden (STOP): only ever added to. NULL volgnummer: not in force.
    CREATE TABLE rm.toestanden (
      regeling_id      text NOT NULL,
      volgnummer       int,
      instrumentversie text,
      ontvangen_op     timestamptz NOT NULL,
      bekend_op        date NOT NULL,
      juridisch_werkend_vanaf date NOT NULL,
      geldig_vanaf     date NOT NULL
    );
    -- A tijdreis reads one regeling's toestanden newest start first and stops at the first match.
    CREATE INDEX toestanden_keuze_idx ON rm.toestanden
      (regeling_id, juridisch_werkend_vanaf DESC, geldig_vanaf DESC, ontvangen_op DESC, bekend_op DESC);

    -- The version of a regeling in force on the four time axes (NULL: none).
    CREATE FUNCTION rm.versie_op(p_regeling text, p_beschikbaar timestamptz, p_bekend date, p_werkend date, p_geldig date)
    RETURNS int LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      SELECT t.volgnummer FROM rm.toestanden t
       WHERE t.regeling_id = p_regeling AND t.ontvangen_op <= p_beschikbaar AND t.bekend_op <= p_bekend
         AND t.juridisch_werkend_vanaf <= p_werkend AND t.geldig_vanaf <= p_geldig
       ORDER BY t.juridisch_werkend_vanaf DESC, t.geldig_vanaf DESC, t.ontvangen_op DESC, t.bekend_op DESC
       LIMIT 1
    $fn$;

    -- Ontwerpen are never geldig; they show as future rules while they stand.
    CREATE TABLE rm.ontwerpen (
      regeling_id      text NOT NULL,
      volgnummer       int  NOT NULL,
      instrumentversie text PRIMARY KEY,
      doel             text NOT NULL,
      ter_inzage       daterange NOT NULL,
      beschikbaar      tstzrange NOT NULL
    );
    CREATE INDEX ontwerpen_beschikbaar_idx ON rm.ontwerpen USING gist (beschikbaar);

    -- Content parts of a version whose besluit is applied in the same batch or the next.
    CREATE TABLE rm.inhoud_in_levering (
      instrumentversie text NOT NULL,
      deel             int  NOT NULL,
      mutatie          jsonb NOT NULL,
      PRIMARY KEY (instrumentversie, deel)
    );

    -- Content: each row is in the versions (volgnummers) of its range.
    CREATE TABLE rm.regelteksten (
      regeling_id text NOT NULL,
      versies   int4range NOT NULL,
      wid       text NOT NULL,
      soort     text NOT NULL,
      nummer    text NOT NULL,
      opschrift text,
      tekst     text NOT NULL,
      artikel   text
    );
    CREATE INDEX regelteksten_idx ON rm.regelteksten (regeling_id, wid);

    CREATE TABLE rm.juridische_regels (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      regeltekst    text NOT NULL,
      locaties      text[] NOT NULL,
      activiteiten  jsonb NOT NULL,   -- [{activiteit, kwalificatie}]
      gebiedsaanwijzingen text[] NOT NULL,
      normen        text[] NOT NULL,
      themas        text[] NOT NULL
    );
    CREATE INDEX juridische_regels_idx ON rm.juridische_regels (regeling_id, identificatie);
    CREATE INDEX juridische_regels_locaties_idx ON rm.juridische_regels USING gin (locaties);

    CREATE TABLE rm.locaties (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      noemer        text,
      groepselementen text[],
      geom          geometry(Geometry, 28992),
      geom_3857     geometry(Geometry, 3857)
    );
    CREATE INDEX locaties_idx ON rm.locaties (regeling_id, identificatie);
    CREATE INDEX locaties_groepselementen_idx ON rm.locaties USING gin (groepselementen);
    CREATE INDEX locaties_geom_idx ON rm.locaties USING gist (geom);
    CREATE INDEX locaties_geom_3857_idx ON rm.locaties USING gist (geom_3857);

    CREATE TABLE rm.activiteiten (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      naam          text NOT NULL,
      groep         text NOT NULL,
      bovenliggende_activiteit text
    );
    CREATE INDEX activiteiten_idx ON rm.activiteiten (regeling_id, identificatie);

    CREATE TABLE rm.gebiedsaanwijzingen (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      naam          text NOT NULL,
      groep         text NOT NULL,
      locaties      text[] NOT NULL
    );
    CREATE INDEX gebiedsaanwijzingen_idx ON rm.gebiedsaanwijzingen (regeling_id, identificatie);

    CREATE TABLE rm.normen (
      regeling_id   text NOT NULL,
      versies       int4range NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      naam          text NOT NULL,
      groep         text NOT NULL,
      eenheid       text,
      normwaarden   jsonb NOT NULL   -- [{locaties, waarde}]
    );
    CREATE INDEX normen_idx ON rm.normen (regeling_id, identificatie);
  `).execute(db);
}
