/** What the cache keeps per tile: the gzipped body (empty for an empty tile) and its ETag. */
export interface CachedTile {
  gzip: Buffer;
  etag: string;
}

/**
 * A least-recently-used cache bounded in bytes (bodies plus keys). A Map keeps insertion
 * order, so a hit moves its entry to the end and eviction takes from the front.
 */
export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): CachedTile | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, tile: CachedTile): void {
    const size = TileCache.size(key, tile);
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.used -= TileCache.size(key, old);
      this.entries.delete(key);
    }
    this.entries.set(key, tile);
    this.used += size;
    for (const [k, t] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(k);
      this.used -= TileCache.size(k, t);
    }
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.used;
  }

  get count(): number {
    return this.entries.size;
  }

  private static size(key: string, tile: CachedTile): number {
    // Keys are ASCII (encoded query strings); 64 bytes for the entry and its ETag.
    return tile.gzip.length + key.length + 64;
  }
}
