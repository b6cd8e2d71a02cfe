import test from 'ava';
import { MigrationError, PostgisMissingError, explainMigrationFailure } from './database.ts';

test('a missing PostGIS says which Debian package to install', (t) => {
  // The two ways PostgreSQL reports it: no control file (15), not available (16+).
  for (const message of [
    'could not open extension control file "/usr/share/postgresql/15/extension/postgis.control": No such file or directory',
    'extension "postgis" is not available',
  ]) {
    const error = explainMigrationFailure(new Error(message), '0001_event_store', 15);
    t.true(error instanceof PostgisMissingError);
    t.regex(error.message, /apt-get install postgresql-15-postgis-3/);
  }
});

test('other migration failures name the migration and the cause', (t) => {
  const error = explainMigrationFailure(new Error('syntax error at or near "TABEL"'), '0002_projections', 16);
  t.true(error instanceof MigrationError);
  t.is(error.message, 'Migration 0002_projections failed: syntax error at or near "TABEL"');
});
