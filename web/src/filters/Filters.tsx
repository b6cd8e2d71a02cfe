import { For } from 'solid-js';
import { LAAGNAAM } from '../kaart/kleuren.ts';
import { useViewer } from '../viewer/context.ts';
import type { Filter } from '../viewer/url.ts';

const KEUZES: { filter: Filter; legend: string; waarden: [string, string][] }[] = [
  { filter: 'bestuurslaag', legend: 'Van welke overheid', waarden: Object.entries(LAAGNAAM) },
  {
    filter: 'documenttype',
    legend: 'Soort document',
    waarden: [['omgevingsplan', 'Omgevingsplan'], ['omgevingsverordening', 'Omgevingsverordening'], ['waterschapsverordening', 'Waterschapsverordening'], ['AMvB', 'Algemene maatregel van bestuur'], ['ministeriële regeling', 'Ministeriële regeling']],
  },
  { filter: 'regeltype', legend: 'Soort regel', waarden: [['RegelVoorIedereen', 'Regel voor iedereen'], ['Instructieregel', 'Instructieregel'], ['Omgevingswaarderegel', 'Omgevingswaarderegel']] },
];

/** Filters on the regels: they act on the list and the map alike. Nothing chosen: everything. */
export function Filters() {
  const { staat, zet } = useViewer();
  const wissel = (f: Filter, w: string, aan: boolean) => zet('filters', f, (oud) => (aan ? [...oud, w] : oud.filter((x) => x !== w)));
  const tekst = (f: Filter, waarde: string) => zet('filters', f, waarde.split(',').map((w) => w.trim()).filter(Boolean));
  const aantal = () => Object.values(staat.filters).reduce((n, l) => n + l.length, 0);
  return (
    <details class="blok filters">
      <summary>
        <h2>Filters {aantal() > 0 ? `(${aantal()} gekozen)` : ''}</h2>
      </summary>
      <For each={KEUZES}>
        {(k) => (
          <fieldset>
            <legend>{k.legend}</legend>
            <For each={k.waarden}>
              {([w, naam]) => (
                <label class="schakelaar">
                  <input type="checkbox" checked={staat.filters[k.filter].includes(w)} onChange={(e) => wissel(k.filter, w, e.currentTarget.checked)} /> {naam}
                </label>
              )}
            </For>
          </fieldset>
        )}
      </For>
      <div class="rij">
        <label for="filter-activiteit">Activiteit, zoals "dakkapel plaatsen"</label>
        <input id="filter-activiteit" value={staat.filters.activiteit.join(', ')} onChange={(e) => tekst('activiteit', e.currentTarget.value)} />
      </div>
      <div class="rij">
        <label for="filter-thema">Thema, zoals "bouwen"</label>
        <input id="filter-thema" value={staat.filters.thema.join(', ')} onChange={(e) => tekst('thema', e.currentTarget.value)} />
      </div>
    </details>
  );
}
