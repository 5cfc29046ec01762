/** Hits, misses and evictions of one cache during one run; flushed to the `counters` table. */

export interface CounterValues {
  hits: number;
  misses: number;
  evictions: number;
}

export class CacheCounters implements CounterValues {
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly cache: string) {}

  record(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
  }

  snapshot(): CounterValues {
    return { hits: this.hits, misses: this.misses, evictions: this.evictions };
  }
}

export function hitRate({ hits, misses }: CounterValues): number | null {
  return hits + misses === 0 ? null : hits / (hits + misses);
}
