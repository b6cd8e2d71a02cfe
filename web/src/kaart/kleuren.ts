import type { ExpressionSpecification } from 'maplibre-gl';

/** One colour per bestuurslaag, on the map and in the list (each at least 4.5:1 on white). */
export const LAAGKLEUR: Record<string, string> = { rijk: '#6b2c91', provincie: '#1b7837', waterschap: '#2166ac', gemeente: '#b34700' };
export const LAAGNAAM: Record<string, string> = { rijk: 'Rijk', provincie: 'Provincie', waterschap: 'Waterschap', gemeente: 'Gemeente' };

export const kleurPerLaag: ExpressionSpecification = ['match', ['get', 'bestuurslaag'], 'rijk', LAAGKLEUR.rijk!, 'provincie', LAAGKLEUR.provincie!, 'waterschap', LAAGKLEUR.waterschap!, LAAGKLEUR.gemeente!];

/** The werkingsgebied of the chosen regel, and the chosen location: colours no layer uses. */
export const MARKERING = '#ffd200';
export const ZOEKLOCATIE = '#c8102e';
