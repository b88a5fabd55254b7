import { configureRateLimit, currentRateLimit, DEFAULT_RATE_LIMIT, limited } from "../../provider/runtime";

afterAll(() => configureRateLimit(DEFAULT_RATE_LIMIT));

describe("process-wide rate limiter", () => {
  it("defaults below IMM's documented 100 queries per second per project", () => {
    expect(currentRateLimit().queriesPerSecond).toBeLessThan(100);
  });

  it("spaces calls on one key and bounds concurrency", async () => {
    configureRateLimit({ queriesPerSecond: 50, maxConcurrent: 3 });
    let inFlight = 0;
    let maxInFlight = 0;
    const starts: number[] = [];
    const task = async () => {
      starts.push(Date.now());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
    };
    await Promise.all(Array.from({ length: 10 }, () => limited("imm:p1", task)));
    expect(maxInFlight).toBeLessThanOrEqual(3);
    // 50/s → at least 20 ms between starts: 10 calls span 9 gaps. One gap of slack absorbs a late
    // first start on a loaded machine; without spacing, 3 at a time of 30 ms would span only ~90 ms.
    expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(8 * 20);
  });

  it("keeps separate projects independent", async () => {
    configureRateLimit({ queriesPerSecond: 5, maxConcurrent: 1 });
    const order: string[] = [];
    await Promise.all([
      limited("imm:a", async () => order.push("a1")),
      limited("imm:a", async () => order.push("a2")),
      limited("imm:b", async () => order.push("b1")),
    ]);
    // b1 does not wait the 200 ms spacing behind a1.
    expect(order.indexOf("b1")).toBeLessThan(order.indexOf("a2"));
  });

  it("refuses nonsense settings", () => {
    expect(() => configureRateLimit({ queriesPerSecond: 0 })).toThrow(/invalid rate limit/);
  });
});
