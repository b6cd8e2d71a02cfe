/**
 * A werkzaamheid of the catalogue: the plain words a loket user chooses ("dakkapel plaatsen"),
 * with the activiteiten of every bevoegd gezag it stands for. One stream per werkzaamheid; each
 * vaststelling is a complete new version, an intrekking takes it out of the catalogue (a later
 * vaststelling brings it back). Events, state and `evolve`; pure.
 */

export const werkzaamheidStream = (id: string) => `werkzaamheid-${id}`;

/** What a version of a werkzaamheid says; the same in the command, the event and the read model. */
export interface Werkzaamheidinhoud {
  naam: string;
  omschrijving?: string;
  /** Other words a user may type for it ("dakraam", "opbouw"). */
  zoektermen: string[];
  /**
   * Activiteit names as IMOW gives them ("dakkapel plaatsen", "bouwen") or IMOW activiteit ids
   * (`nl.imow-gm0344.activiteit.dakkapelplaatsen`); matched case-insensitively against the
   * activiteiten of the regels at a location.
   */
  activiteiten: string[];
}

export type WerkzaamheidEvent =
  | { type: 'WerkzaamheidVastgesteld'; data: { id: string; versie: number } & Werkzaamheidinhoud }
  | { type: 'WerkzaamheidIngetrokken'; data: { id: string; versie: number; reden: string } };

export interface Werkzaamheid {
  id?: string;
  /** The number of the last vaststelling; 0 before the first. */
  versie: number;
  /** The content of the last vaststelling (also kept after an intrekking, for the history). */
  inhoud?: Werkzaamheidinhoud;
  ingetrokken: boolean;
}

export const beginWerkzaamheid = (): Werkzaamheid => ({ versie: 0, ingetrokken: false });

export function evolveWerkzaamheid(state: Werkzaamheid, event: WerkzaamheidEvent): Werkzaamheid {
  switch (event.type) {
    case 'WerkzaamheidVastgesteld': {
      const { id, versie, ...inhoud } = event.data;
      return { id, versie, inhoud, ingetrokken: false };
    }
    case 'WerkzaamheidIngetrokken':
      return { ...state, ingetrokken: true };
  }
}

/** True when a werkzaamheid is in the catalogue now. */
export const inCatalogus = (state: Werkzaamheid) => state.inhoud !== undefined && !state.ingetrokken;
