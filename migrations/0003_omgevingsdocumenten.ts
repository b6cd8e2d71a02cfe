import { sql, type Kysely } from 'kysely';

/**
 * Read models of omgevingsdocumenten. Content rows are kept per version (instrumentversie);
 * `rm.toestanden` says, as boxes on the four time axes, which version is in force, so a
 * tijdreis is one GiST range lookup joined to a GiST geometry lookup.
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
      doel         text NOT NULL,
      soort        text NOT NULL CHECK (soort IN ('ontwerp', 'besluit', 'rectificatie')),
      basisversie  text,
      bekend_op    date NOT NULL,
      ontvangen_op timestamptz NOT NULL,
      ter_inzage   daterange
    );
    CREATE INDEX regeling_versies_regeling_idx ON rm.regeling_versies (regeling_id, ontvangen_op);

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

    CREATE TABLE rm.toestanden (
      regeling_id      text NOT NULL,
      instrumentversie text,  -- NULL: not in force (ingetrokken, vernietigd, not yet)
      beschikbaar      tstzrange NOT NULL,
      bekend           daterange NOT NULL,
      werkend          daterange NOT NULL,
      geldig           daterange NOT NULL
    );
    CREATE INDEX toestanden_tijd_idx ON rm.toestanden USING gist (beschikbaar, bekend, werkend, geldig);
    CREATE INDEX toestanden_regeling_idx ON rm.toestanden (regeling_id);

    -- Ontwerpen are never geldig; they show as future rules while they stand.
    CREATE TABLE rm.ontwerpen (
      regeling_id      text NOT NULL,
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

    CREATE TABLE rm.regelteksten (
      instrumentversie text NOT NULL,
      wid       text NOT NULL,
      soort     text NOT NULL,
      nummer    text NOT NULL,
      opschrift text,
      tekst     text NOT NULL,
      artikel   text,
      PRIMARY KEY (instrumentversie, wid)
    );

    CREATE TABLE rm.juridische_regels (
      instrumentversie text NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      regeltekst    text NOT NULL,
      locaties      text[] NOT NULL,
      activiteiten  jsonb NOT NULL,   -- [{activiteit, kwalificatie}]
      gebiedsaanwijzingen text[] NOT NULL,
      normen        text[] NOT NULL,
      themas        text[] NOT NULL,
      PRIMARY KEY (instrumentversie, identificatie)
    );

    CREATE TABLE rm.locaties (
      instrumentversie text NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      noemer        text,
      groepselementen text[],
      geom          geometry(Geometry, 28992),
      geom_3857     geometry(Geometry, 3857),
      PRIMARY KEY (instrumentversie, identificatie)
    );
    CREATE INDEX locaties_geom_idx ON rm.locaties USING gist (geom);
    CREATE INDEX locaties_geom_3857_idx ON rm.locaties USING gist (geom_3857);

    CREATE TABLE rm.activiteiten (
      instrumentversie text NOT NULL,
      identificatie text NOT NULL,
      naam          text NOT NULL,
      groep         text NOT NULL,
      bovenliggende_activiteit text,
      PRIMARY KEY (instrumentversie, identificatie)
    );

    CREATE TABLE rm.gebiedsaanwijzingen (
      instrumentversie text NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      naam          text NOT NULL,
      groep         text NOT NULL,
      locaties      text[] NOT NULL,
      PRIMARY KEY (instrumentversie, identificatie)
    );

    CREATE TABLE rm.normen (
      instrumentversie text NOT NULL,
      identificatie text NOT NULL,
      type          text NOT NULL,
      naam          text NOT NULL,
      groep         text NOT NULL,
      eenheid       text,
      normwaarden   jsonb NOT NULL,   -- [{locaties, waarde}]
      PRIMARY KEY (instrumentversie, identificatie)
    );

    -- The werkingsgebied of each juridische regel as leaf locaties (groepen resolved):
    -- a spatial hit on a leaf finds the regels of that version through here.
    CREATE TABLE rm.regel_locaties (
      instrumentversie text NOT NULL,
      locatie       text NOT NULL,
      regel         text NOT NULL,
      PRIMARY KEY (instrumentversie, locatie, regel)
    );
  `).execute(db);
}
