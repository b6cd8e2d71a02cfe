import { For, Show, createResource } from 'solid-js';
import { plannenOp } from '../viewer/api.ts';
import { useViewer } from '../viewer/context.ts';

const SOORT: Record<string, string> = { Enkelbestemming: 'Bestemming', Dubbelbestemming: 'Dubbelbestemming', Functieaanduiding: 'Aanduiding', Bouwaanduiding: 'Bouwaanduiding', Maatvoering: 'Maatvoering', Bouwvlak: 'Bouwvlak', Figuur: 'Figuur' };

/**
 * With the bestemmingsplannen shown and a point chosen: the plans that still apply there (not
 * where an omgevingsplan took over), with bestemming, aanduidingen and maatvoering.
 */
export function PlannenOpLocatie() {
  const { staat, versie } = useViewer();
  const punt = () => (staat.bestemmingsplannen && staat.locatie?.type === 'Point' ? { p: staat.locatie.coordinates, d: staat.geldigOp, b: staat.beschikbaarOp, v: versie() } : undefined);
  const [plannen] = createResource(punt, ({ p }) => plannenOp(p, staat));
  return (
    <Show when={punt()}>
      <section class="blok" aria-labelledby="kop-plannen" aria-busy={plannen.loading}>
        <h2 id="kop-plannen">Bestemmingsplannen op dit punt</h2>
        <Show when={!plannen.loading} fallback={<p role="status">Laden…</p>}>
          <Show when={plannen()?.length} fallback={<p role="status">{plannen.error ? (plannen.error as Error).message : 'Hier geldt geen bestemmingsplan (meer).'}</p>}>
            <For each={plannen()}>
              {(plan) => (
                <section class="plan">
                  <h3>
                    {plan.naam} <span class={`label ${plan.procedure === 'vigerend' ? 'vigerend' : 'ontwerp'}`}>{plan.procedure === 'vigerend' ? 'Vigerend' : 'In procedure'}</span>
                  </h3>
                  <dl>
                    <For each={plan.objectenOpLocatie.filter((o) => o.type !== 'Bestemmingsplangebied')}>
                      {(o) => (
                        <>
                          <dt>{SOORT[o.type] ?? o.type}</dt>
                          <dd>
                            {o.naam}
                            <Show when={o.waarden?.length}>: {o.waarden!.map((w) => `${w.waardeType} ${w.waarde}`).join(', ')}</Show>
                          </dd>
                        </>
                      )}
                    </For>
                  </dl>
                </section>
              )}
            </For>
          </Show>
        </Show>
      </section>
    </Show>
  );
}
