/** The Vergunningcheck API, as the page uses it. */
import { json } from '../viewer/api.ts';

export interface Werkzaamheid {
  id: string;
  naam: string;
  omschrijving?: string;
}
export interface Vraag {
  sleutel: string;
  tekst: string;
  type: string;
  opties?: { volgnummer: number; tekst: string; toelichting?: string }[];
  meerdereAntwoorden?: boolean;
  toelichting?: string;
  voorIngevuld?: unknown;
}
export type Conclusie = 'Verbod' | 'Vergunningplicht' | 'Meldingsplicht' | 'Informatieplicht' | 'Toestemmingsvrij' | 'NietVanToepassing' | 'NietTeBepalen';
export interface Checktoestand {
  id: string;
  locatie: { type: string; coordinates: unknown };
  datum: string;
  werkzaamheden: { id: string; naam: string }[];
  volgende?: Vraag;
  nogNodig: number;
  beantwoord: { sleutel: string; tekst: string; antwoord: unknown }[];
  uitLocatie: { sleutel: string; tekst: string; antwoord: unknown }[];
  conclusies: { werkzaamheden: string[]; activiteit: string; activiteitNaam: string; bevoegdGezag: string; conclusie: Conclusie; reden?: string; regels: { regelingId: string; identificatie: string; kwalificatie: string }[] }[];
  totaal: Conclusie;
  maatregelen: { bevoegdGezag: string; activiteit: string; nummer: string; tekst: string; toelichting?: string; frequentie?: string; thema?: string }[];
  indieningsvereisten: { bevoegdGezag: string; activiteit: string; tekst: string; bijlage?: string }[];
}

const BASIS = '/api/vergunningcheck/v1';

export const werkzaamheden = (q: string) => json<{ werkzaamheden: Werkzaamheid[] }>(fetch(`${BASIS}/werkzaamheden?${new URLSearchParams(q ? { q } : {})}`)).then((u) => u.werkzaamheden);

export const startCheck = (punt: [number, number], ids: string[]) =>
  json<Checktoestand>(fetch(`${BASIS}/sessies`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Crs': 'EPSG:28992' }, body: JSON.stringify({ locatie: { type: 'Point', coordinates: punt }, werkzaamheden: ids }) }));

export const check = (id: string) => json<Checktoestand>(fetch(`${BASIS}/sessies/${encodeURIComponent(id)}`));

export const beantwoord = (id: string, sleutel: string, antwoord: unknown) =>
  json<Checktoestand>(fetch(`${BASIS}/sessies/${encodeURIComponent(id)}/antwoorden`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sleutel, antwoord }) }));

export const terug = (id: string) => json<Checktoestand>(fetch(`${BASIS}/sessies/${encodeURIComponent(id)}/terug`, { method: 'POST' }));

export const excelUrl = (id: string) => `${BASIS}/sessies/${encodeURIComponent(id)}/maatregelen.xlsx`;
