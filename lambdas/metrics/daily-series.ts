/** Per-day totals keyed by name, summed over any day range: SQL aggregates by day, TypeScript buckets. */
export class DailySeries {
  private readonly byKey = new Map<string, Map<string, number>>();

  add(key: string, dt: string, value: number): void {
    let days = this.byKey.get(key);
    if (!days) {
      days = new Map();
      this.byKey.set(key, days);
    }
    days.set(dt, (days.get(dt) ?? 0) + value);
  }

  /** Sum of `key` over the days from start through end (inclusive). */
  total(key: string, start: string, end: string): number {
    const days = this.byKey.get(key);
    if (!days) return 0;
    let sum = 0;
    for (const [dt, value] of days) if (dt >= start && dt <= end) sum += value;
    return sum;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Earliest day with any value. */
  firstDay(): string | undefined {
    let first: string | undefined;
    for (const days of this.byKey.values()) for (const dt of days.keys()) if (first === undefined || dt < first) first = dt;
    return first;
  }
}
