import { sql, type Kysely } from 'kysely';

/**
 * Read model of toepasbare regels: every delivered version of a regelbestand (bevoegd gezag,
 * activiteit, soort) with its geldigheid and the moment it became known, and the withdrawals,
 * each known from its own moment. "Which tree applied on date X, as known at moment Y": the
 * last version delivered by Y whose period holds X and that no withdrawal known by Y ended.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE TABLE rm.toepasbare_regels (
      bevoegd_gezag text NOT NULL,
      activiteit    text NOT NULL,
      soort         text NOT NULL,
      versie        int  NOT NULL,
      geldig        daterange NOT NULL,
      bekend_vanaf  timestamptz NOT NULL,
      bestand       text NOT NULL,
      model         jsonb NOT NULL,   -- {naam, dmnVersie, vragen, beslissingen}
      dmn           text NOT NULL,
      PRIMARY KEY (bevoegd_gezag, activiteit, soort, versie)
    );
    CREATE INDEX toepasbare_regels_activiteit_idx ON rm.toepasbare_regels (activiteit, soort);

    CREATE TABLE rm.toepasbare_regels_intrekkingen (
      bevoegd_gezag   text NOT NULL,
      activiteit      text NOT NULL,
      soort           text NOT NULL,
      per             date NOT NULL,
      tot_en_met_versie int NOT NULL,
      reden           text NOT NULL,
      bekend_vanaf    timestamptz NOT NULL
    );
    CREATE INDEX toepasbare_regels_intrekkingen_idx ON rm.toepasbare_regels_intrekkingen (bevoegd_gezag, activiteit, soort);
  `).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE rm.toepasbare_regels_intrekkingen; DROP TABLE rm.toepasbare_regels;').execute(db);
}
