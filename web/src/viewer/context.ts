import { createContext, useContext, type Accessor, type Resource, type Setter } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Configuratie, Document } from './api.ts';
import type { RdPunt, Viewerstaat } from './url.ts';

/** What every part of the viewer shares: the state (kept in the URL), the configuration, the regels found. */
export interface ViewerContextWaarde {
  staat: Viewerstaat;
  zet: SetStoreFunction<Viewerstaat>;
  configuratie: Resource<Configuratie>;
  /** The regels at the chosen location, for the chosen moment and filters. */
  regels: Resource<{ documenten: Document[]; totaal: number } | undefined>;
  /** The version of the map data, moved by the server when new publications are projected. */
  versie: Accessor<string | undefined>;
  /** What a click on the map does: choose a point, or add a point to the line or area being drawn. */
  modus: Accessor<Tekenmodus>;
  zetModus: Setter<Tekenmodus>;
  /** The points of the line or area being drawn, in RD. */
  schets: Accessor<RdPunt[]>;
  zetSchets: Setter<RdPunt[]>;
}

export type Tekenmodus = 'punt' | 'lijn' | 'vlak';

export const ViewerContext = createContext<ViewerContextWaarde>();

export function useViewer(): ViewerContextWaarde {
  const v = useContext(ViewerContext);
  if (!v) throw new Error('useViewer buiten de viewer');
  return v;
}
