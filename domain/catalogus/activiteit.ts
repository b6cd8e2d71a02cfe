/**
 * IMOW activiteit ids, as the catalogue and the toepasbare regels both take them: an id carries
 * the code of the bevoegd gezag that made it (`nl.imow-gm0344.activiteit.dakkapelplaatsen`).
 * The code is a BEVOEGD_GEZAG code, so the two cannot drift apart. Pure.
 */
import { BEVOEGD_GEZAG } from '../omgevingsdocumenten/regeling.ts';

/** An IMOW activiteit id; group 1 is the code of the bevoegd gezag that made it. */
export const IMOW_ACTIVITEIT = new RegExp(`^nl\\.imow-(${BEVOEGD_GEZAG.source.replace(/^\^|\$$/g, '')})\\.activiteit\\.[A-Za-z0-9_.-]+$`);

/** The bevoegd gezag that made an activiteit (its code in the id); undefined when it is no IMOW activiteit id. */
export const makerVanActiviteit = (activiteit: string): string | undefined => IMOW_ACTIVITEIT.exec(activiteit)?.[1];
