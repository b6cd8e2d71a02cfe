import { vandaag } from '../viewer/api.ts';
import { useViewer } from '../viewer/context.ts';

/**
 * The moment the map and the list show: the rules that apply on a date (past or future), the
 * ontwerpen as rules that may come, and, for auditors, the state as it was known at a moment.
 */
export function Tijdreis() {
  const { staat, zet } = useViewer();
  return (
    <section class="blok" aria-labelledby="kop-tijd">
      <h2 id="kop-tijd">Datum</h2>
      <div class="rij">
        <label for="geldig-op">Regels die gelden op</label>
        <div class="invoer-met-knop">
          <input id="geldig-op" type="date" value={staat.geldigOp ?? vandaag()} onChange={(e) => zet({ geldigOp: e.currentTarget.value && e.currentTarget.value !== vandaag() ? e.currentTarget.value : undefined, regel: undefined })} />
          <button type="button" onClick={() => zet({ geldigOp: undefined, regel: undefined })} disabled={!staat.geldigOp}>Vandaag</button>
        </div>
      </div>
      <label class="schakelaar">
        <input type="checkbox" checked={staat.ontwerpen} onChange={(e) => zet('ontwerpen', e.currentTarget.checked)} /> Toon ook ontwerpen (regels die nog niet gelden)
      </label>
      <details open={!!staat.beschikbaarOp}>
        <summary>Zoals bekend op een eerder moment</summary>
        <p class="uitleg">Zie de kaart en de regels zoals die toen in het Omgevingsloket stonden, zonder wat later is gepubliceerd of verbeterd.</p>
        <div class="rij">
          <label for="bekend-op">Zoals bekend op</label>
          <div class="invoer-met-knop">
            <input id="bekend-op" type="datetime-local" value={staat.beschikbaarOp ?? ''} onChange={(e) => zet({ beschikbaarOp: e.currentTarget.value || undefined, regel: undefined })} />
            <button type="button" onClick={() => zet({ beschikbaarOp: undefined, regel: undefined })} disabled={!staat.beschikbaarOp}>Nu</button>
          </div>
        </div>
      </details>
    </section>
  );
}
