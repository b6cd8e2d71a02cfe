import type { Migration } from 'kysely';
import * as m0001 from './0001_event_store.ts';
import * as m0002 from './0002_projections.ts';
import * as m0003 from './0003_omgevingsdocumenten.ts';
import * as m0004 from './0004_ambtsgebieden.ts';
import * as m0005 from './0005_opzoeken_zonder_wachtlijst.ts';
import * as m0006 from './0006_regel_locaties.ts';
import * as m0007 from './0007_na_herbouw.ts';
import * as m0008 from './0008_groep_elementen.ts';
import * as m0009 from './0009_checkpoint_verzetten.ts';
import * as m0010 from './0010_tiles.ts';
import * as m0011 from './0011_bestemmingsplannen.ts';
import * as m0012 from './0012_pons_en_kaart.ts';
import * as m0013 from './0013_inhoudsindex.ts';
import * as m0014 from './0014_viewer_tiles.ts';
import * as m0015 from './0015_toepasbare_regels.ts';
import * as m0016 from './0016_werkzaamheden.ts';

/** Every migration, in order. Names sort as they run; never rename or edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001_event_store': m0001,
  '0002_projections': m0002,
  '0003_omgevingsdocumenten': m0003,
  '0004_ambtsgebieden': m0004,
  '0005_opzoeken_zonder_wachtlijst': m0005,
  '0006_regel_locaties': m0006,
  '0007_na_herbouw': m0007,
  '0008_groep_elementen': m0008,
  '0009_checkpoint_verzetten': m0009,
  '0010_tiles': m0010,
  '0011_bestemmingsplannen': m0011,
  '0012_pons_en_kaart': m0012,
  '0013_inhoudsindex': m0013,
  '0014_viewer_tiles': m0014,
  '0015_toepasbare_regels': m0015,
  '0016_werkzaamheden': m0016,
};
