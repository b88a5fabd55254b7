/**
 * Per-project query rate, as IMM enforces `ProjectQueriesPerSecond`: a sliding one-second window per
 * project; requests beyond the limit get `Throttling.User`.
 */
export class ProjectRateLimiter {
  private readonly windows = new Map<string, number[]>();

  /** Returns the milliseconds to wait when over the limit, or 0 when the request may proceed. */
  admit(project: string, limit: number, now: number): number {
    const window = (this.windows.get(project) ?? []).filter((at) => now - at < 1000);
    if (window.length >= limit) {
      this.windows.set(project, window);
      return Math.max(1, 1000 - (now - (window[0] ?? now)));
    }
    window.push(now);
    this.windows.set(project, window);
    return 0;
  }

  reset(): void {
    this.windows.clear();
  }
}
