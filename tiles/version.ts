import type pg from 'pg';
import type { Logger } from '../infrastructure/logger.ts';

/** The projections whose read models the tile functions read. */
export const TILE_PROJECTIONS = ['ambtsgebieden', 'bestemmingsplannen', 'omgevingsdocumenten'] as const;

/**
 * SQL for the version of the tiles: the checkpoints (global positions) of the projections they
 * read, joined by '-'. Read in the same statement as a tile, it names exactly what the tile shows.
 */
export const VERSIE_SQL = `(SELECT coalesce(string_agg(global_position::text, '-' ORDER BY projection), '0')
                              FROM rm.checkpoints WHERE projection = ANY ('{${TILE_PROJECTIONS.join(',')}}'::text[]))`;

/**
 * The current version of the tiles, as the tile URLs carry it (`?v=`). Read again when older
 * than `maxAgeMs`, and polled every `maxAgeMs` while someone listens for changes (the event
 * stream), so a new version reaches viewers within that time.
 */
export class TileVersion {
  private waarde: string | undefined;
  private gelezen = 0;
  private lezen: Promise<string> | undefined;
  private readonly luisteraars = new Set<(versie: string) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly maxAgeMs = 1000,
  ) {}

  /** The version, read from the database when the last read is older than maxAgeMs. */
  async current(): Promise<string> {
    if (this.waarde !== undefined && Date.now() - this.gelezen < this.maxAgeMs) return this.waarde;
    return this.refresh();
  }

  /** The version when read less than maxAgeMs ago, else undefined (no waiting: for the hot path). */
  recent(): string | undefined {
    return Date.now() - this.gelezen < this.maxAgeMs ? this.waarde : undefined;
  }

  /** Reads the version now (one read at a time), telling listeners when it changed. */
  refresh(): Promise<string> {
    this.lezen ??= this.pool
      .query<{ v: string }>(`SELECT ${VERSIE_SQL} AS v`)
      .then(({ rows }) => {
        this.seen(rows[0]!.v);
        return rows[0]!.v;
      })
      .finally(() => (this.lezen = undefined));
    return this.lezen;
  }

  /** Records a version read elsewhere (with a tile), telling listeners when it changed. */
  seen(versie: string): void {
    this.gelezen = Date.now();
    if (versie === this.waarde) return;
    this.waarde = versie;
    for (const l of this.luisteraars) l(versie);
  }

  /** Calls `listener` on every new version until the returned function is called. */
  subscribe(listener: (versie: string) => void): () => void {
    this.luisteraars.add(listener);
    this.timer ??= setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'tile version: could not read the checkpoints'));
    }, this.maxAgeMs);
    return () => {
      this.luisteraars.delete(listener);
      if (this.luisteraars.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}
