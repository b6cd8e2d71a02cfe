import { ambtsgebieden } from './ambtsgebieden.ts';
import { bestemmingsplannen } from './bestemmingsplannen.ts';
import { omgevingsdocumenten } from './omgevingsdocumenten.ts';
import type { Projection } from './projection.ts';
import { streamActivity } from './stream-activity.ts';
import { toepasbareRegels } from './toepasbare-regels.ts';
import { werkzaamheden } from './werkzaamheden.ts';

/** Every read model the projector keeps up to date. */
export const projections: readonly Projection[] = [streamActivity, omgevingsdocumenten, ambtsgebieden, bestemmingsplannen, toepasbareRegels, werkzaamheden];
