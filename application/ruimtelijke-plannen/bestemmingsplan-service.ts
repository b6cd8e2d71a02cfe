import { createHash } from 'node:crypto';
import type { EventMetadata, EventStore, RecordedEvent } from '../ports/event-store.ts';
import { eventIdVoor } from '../ports/event-ids.ts';
import {
  PlanFout,
  beginPlan,
  evolvePlan,
  importeer,
  planStream,
  type Bestemmingsplan,
  type BestemmingsplanEvent,
  type Planfout,
  type PlanState,
} from '../../domain/ruimtelijke-plannen/bestemmingsplan.ts';

/** Checks what the pure domain cannot: geometries against PostGIS (self-intersection). */
export type PlanGeometrieControle = (plan: Bestemmingsplan) => Promise<Planfout[]>;

/** Who delivers: a gemeente (through the upload) or the beheerder (the command line). */
export interface Leverancier {
  actor: string;
  /** Set when a bevoegd gezag delivers: it may deliver only its own plans. */
  bevoegdGezag?: string;
  correlationId?: string;
}

export interface PlanAfhandeling {
  identificatie: string;
  events: RecordedEvent[];
  /** False when the same plan had been delivered before: nothing was stored. */
  nieuw: boolean;
}

/** Imports bestemmingsplannen: loads the plan's stream, decides, and appends at the version it loaded. */
export class BestemmingsplanService {
  constructor(
    private readonly store: EventStore,
    private readonly geometrieControle?: PlanGeometrieControle,
  ) {}

  async laad(identificatie: string): Promise<{ state: PlanState; events: RecordedEvent[] }> {
    const events = await this.store.readStream(planStream(identificatie));
    return { state: events.reduce((s, e) => evolvePlan(s, e as unknown as BestemmingsplanEvent), beginPlan()), events };
  }

  async importeer(plan: Bestemmingsplan, door: Leverancier): Promise<PlanAfhandeling> {
    // The same plan has the same kenmerk, so its event ids are the same: a concurrent second
    // import of it is refused by the store instead of stored twice.
    const kenmerk = createHash('sha256').update(JSON.stringify(plan)).digest('hex');
    const { state, events: eerder } = await this.laad(plan.identificatie);
    const nieuw = importeer(state, plan, kenmerk, door.bevoegdGezag ? { bevoegdGezag: door.bevoegdGezag } : undefined);
    if (nieuw.length === 0) return { identificatie: plan.identificatie, events: [], nieuw: false };
    const fouten = this.geometrieControle ? await this.geometrieControle(plan) : [];
    if (fouten.length > 0) throw new PlanFout(`${fouten.length} geometrie(ën) van ${plan.identificatie} kloppen niet; de eerste: ${fouten[0]!.identificatie}: ${fouten[0]!.reden}`, fouten);

    const commandId = `bestemmingsplan:${plan.identificatie}:${kenmerk}:${state.leveringen}`;
    const metadata: EventMetadata = { actor: door.actor, commandId, correlationId: door.correlationId ?? commandId, causationId: commandId };
    const stream = planStream(plan.identificatie);
    await this.store.appendToStream(
      stream,
      eerder.length === 0 ? 'no_stream' : eerder.at(-1)!.streamPosition,
      nieuw.map((e, i) => ({ eventId: eventIdVoor(commandId, i), type: e.type, data: e.data, metadata })),
    );
    return { identificatie: plan.identificatie, events: await this.store.readStream(stream, { from: BigInt(eerder.length) }), nieuw: true };
  }
}
