import fc from "fast-check";
import { AlibabaApiError, backoffDelay, DEFAULT_RETRY_SETTINGS, shouldRetry } from "../../provider/runtime";

describe("backoffDelay", () => {
  it("stays within [0, exponential cap] and never below retry-after", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
        (attempt, random, retryAfter) => {
          const s = DEFAULT_RETRY_SETTINGS;
          const cap = Math.min(s.maxDelayMs, s.initialDelayMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, s, retryAfter, () => random);
          if (retryAfter !== undefined) expect(delay).toBeGreaterThanOrEqual(retryAfter);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.max(cap, retryAfter ?? 0));
        },
      ),
    );
  });
});

describe("shouldRetry", () => {
  const api = (code: string, httpStatus = 400) =>
    new AlibabaApiError({ action: "A", kind: "api", code, apiMessage: "m", httpStatus });
  const transport = (code: string, ambiguous: boolean) =>
    new AlibabaApiError({ action: "A", kind: "transport", code, apiMessage: "m", ambiguous });

  it.each([
    ["Throttling.User", api("Throttling.User"), true, true],
    ["Throttling", api("Throttling"), true, true],
    ["RequestsTooFrequent (ICE, 403)", api("RequestsTooFrequent", 403), true, true],
    ["ServiceUnavailable", api("ServiceUnavailable", 503), true, true],
    ["InternalError", api("InternalError", 500), true, false],
    ["ECONNRESET after sending", transport("ECONNRESET", true), true, false],
    ["ECONNREFUSED", transport("ECONNREFUSED", false), true, true],
    ["InvalidArgument", api("InvalidArgument"), false, false],
    ["ResourceNotFound", api("ResourceNotFound", 404), false, false],
    ["SignatureDoesNotMatch", api("SignatureDoesNotMatch"), false, false],
  ])("%s: idempotent %s, not-idempotent %s", (_name, error, idempotent, notIdempotent) => {
    expect(shouldRetry(error, "idempotent")).toBe(idempotent);
    expect(shouldRetry(error, "name-keyed")).toBe(idempotent);
    expect(shouldRetry(error, "not-idempotent")).toBe(notIdempotent);
  });

  it("never retries something that is not an API error", () => {
    expect(shouldRetry(new Error("bug"), "idempotent")).toBe(false);
  });
});
