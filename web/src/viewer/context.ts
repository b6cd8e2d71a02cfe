import type { Map as Kaart } from 'maplibre-gl';
import { createContext, useContext, type Accessor, type Resource, type Setter } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Configuratie, Document, JuridischeRegel } from './api.ts';
import type { RdPunt, Viewerstaat } from './url.ts';

/** What every part of the viewer shares: the state (kept in the URL), the configuration, the regels found, the map. */
export interface ViewerContextWaarde {
  staat: Viewerstaat;
  zet: SetStoreFunction<Viewerstaat>;
  configuratie: Resource<Configuratie>;
  /** The regels at the chosen location, for the chosen moment and filters. */
  regels: Resource<{ documenten: Document[]; totaal: number } | undefined>;
  /** The regel chosen in the list, with its document; undefined while it is not among the regels. */
  gekozenRegel: Accessor<{ d: Document; r: JuridischeRegel } | undefined>;
  /** The version of the map data, moved by the server when new publications are projected. */
  versie: Accessor<string | undefined>;
  /** The map, once its style is read; undefined before. */
  kaart: Accessor<Kaart | undefined>;
  zetKaart: Setter<Kaart | undefined>;
  /** What a click on the map does: choose a point, or add a point to the line or area being drawn. */
  modus: Accessor<Tekenmodus>;
  zetModus: Setter<Tekenmodus>;
  /** The points of the line or area being drawn, in RD. */
  schets: Accessor<RdPunt[]>;
  zetSchets: Setter<RdPunt[]>;
  /** Makes the drawing the location (a double-click or Klaar), or says why it cannot be one yet. */
  rondTekeningAf: () => void;
  /** What the location panel says about coordinates typed or a drawing. */
  locatiemelding: Accessor<string>;
  zetLocatiemelding: Setter<string>;
}

export type Tekenmodus = 'punt' | 'lijn' | 'vlak';

export const ViewerContext = createContext<ViewerContextWaarde>();

export function useViewer(): ViewerContextWaarde {
  const v = useContext(ViewerContext);
  if (!v) throw new Error('useViewer buiten de viewer');
  return v;
}
