import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** Rows gathered before they are written in one statement. */
const BATCH = 2000;

/** An OW object as read, before its references are resolved. */
export interface OwRij {
  id: string;
  element: string;
  bestand: string;
  data: unknown;
}
/** A reference to check once everything is read: from an object in a file to an id of a kind. */
export interface Verwijzingsrij {
  bestand: string;
  element: string;
  id: string;
  naar: string;
  soort: string;
}

/**
 * Where a delivery's objects wait while it is read: temporary tables on one connection of its
 * own, so reading a delivery of any size needs no more memory than a batch of rows. The tables
 * are the reader's alone and go with `sluit` (or with the connection, if the process dies).
 */
export class Werkruimte {
  private readonly buffers = new Map<string, unknown[][]>();
  readonly naam: string;

  private constructor(readonly client: pg.PoolClient) {
    this.naam = `levering_${randomBytes(6).toString('hex')}`;
  }

  static async open(pool: pg.Pool): Promise<Werkruimte> {
    const w = new Werkruimte(await pool.connect());
    try {
      const n = w.naam;
      await w.client.query(`
        CREATE TEMP TABLE ${n}_ow (nr bigserial, id text NOT NULL, element text NOT NULL, bestand text NOT NULL, data jsonb);
        CREATE TEMP TABLE ${n}_verwijzing (nr bigserial, bestand text, element text, id text, naar text, soort text);
        CREATE TEMP TABLE ${n}_geometrie (nr bigserial, id text NOT NULL, digest text, bestand text NOT NULL);
        CREATE TEMP TABLE ${n}_tekst (wid text NOT NULL);
        CREATE TEMP TABLE ${n}_ala (id text NOT NULL);
      `);
    } catch (error) {
      w.client.release();
      throw error;
    }
    return w;
  }

  /** The table of this workspace with that short name (ow, verwijzing, geometrie, tekst, ala). */
  tabel(kort: 'ow' | 'verwijzing' | 'geometrie' | 'tekst' | 'ala'): string {
    return `${this.naam}_${kort}`;
  }

  ow(rij: OwRij): Promise<void> | undefined {
    return this.voegToe('ow', [rij.id, rij.element, rij.bestand, rij.data === undefined ? null : JSON.stringify(rij.data)]);
  }
  verwijzing(v: Verwijzingsrij): Promise<void> | undefined {
    return this.voegToe('verwijzing', [v.bestand, v.element, v.id, v.naar, v.soort]);
  }
  geometrie(id: string, digest: string | null, bestand: string): Promise<void> | undefined {
    return this.voegToe('geometrie', [id, digest, bestand]);
  }
  tekst(wid: string): Promise<void> | undefined {
    return this.voegToe('tekst', [wid]);
  }
  ala(id: string): Promise<void> | undefined {
    return this.voegToe('ala', [id]);
  }

  /** Buffers a row; returns the write to wait for when the buffer was full. */
  private voegToe(kort: string, rij: unknown[]): Promise<void> | undefined {
    const buffer = this.buffers.get(kort) ?? [];
    this.buffers.set(kort, buffer);
    buffer.push(rij);
    return buffer.length >= BATCH ? this.schrijf(kort) : undefined;
  }

  private static readonly KOLOMMEN: Record<string, [string, string][]> = {
    ow: [['id', 'text'], ['element', 'text'], ['bestand', 'text'], ['data', 'jsonb']],
    verwijzing: [['bestand', 'text'], ['element', 'text'], ['id', 'text'], ['naar', 'text'], ['soort', 'text']],
    geometrie: [['id', 'text'], ['digest', 'text'], ['bestand', 'text']],
    tekst: [['wid', 'text']],
    ala: [['id', 'text']],
  };

  private async schrijf(kort: string): Promise<void> {
    const rijen = this.buffers.get(kort) ?? [];
    if (rijen.length === 0) return;
    this.buffers.set(kort, []);
    const kolommen = Werkruimte.KOLOMMEN[kort]!;
    await this.client.query(
      `INSERT INTO ${this.naam}_${kort} (${kolommen.map(([k]) => k).join(', ')})
       SELECT * FROM unnest(${kolommen.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
      kolommen.map((_, i) => rijen.map((r) => r[i])),
    );
  }

  /** Writes what is buffered and indexes the tables: reading is done, checking begins. */
  async klaar(): Promise<void> {
    for (const kort of Object.keys(Werkruimte.KOLOMMEN)) await this.schrijf(kort);
    const n = this.naam;
    await this.client.query(`
      CREATE INDEX ON ${n}_ow (id);
      CREATE INDEX ON ${n}_ow (element, nr);
      CREATE INDEX ON ${n}_ow (nr);
      CREATE INDEX ON ${n}_ow ((data->>'geometrieRef'));
      CREATE INDEX ON ${n}_geometrie (id);
      CREATE INDEX ON ${n}_tekst (wid);
      CREATE INDEX ON ${n}_ala (id);
      ANALYZE ${n}_ow; ANALYZE ${n}_verwijzing; ANALYZE ${n}_geometrie; ANALYZE ${n}_tekst; ANALYZE ${n}_ala;
    `);
  }

  async query<R extends pg.QueryResultRow>(tekst: string, waarden: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(tekst, waarden)).rows;
  }

  private gesloten = false;

  /** Drops the tables and gives the connection back (once; a second call does nothing). */
  async sluit(): Promise<void> {
    if (this.gesloten) return;
    this.gesloten = true;
    try {
      const n = this.naam;
      await this.client.query(`DROP TABLE IF EXISTS ${n}_ow, ${n}_verwijzing, ${n}_geometrie, ${n}_tekst, ${n}_ala`);
      this.client.release();
    } catch (error) {
      this.client.release(error as Error);
    }
  }
}
