/** The per-process client cache: one client per distinct behaviour, shared by every resource call. */
import { clientsFor, resolveSettings } from "../../provider/runtime";

const settings = resolveSettings(
  {
    get: (key) =>
      ({
        "alicloud-media:region": "cn-shanghai",
        "alicloud-media:accessKeyId": "cache-test-id",
        "alicloud-media:accessKeySecret": "cache-test-secret",
      })[key],
  },
  {},
);

describe("clientsFor", () => {
  it("reuses the clients for the same settings and options, whatever the progress callback", () => {
    const first = clientsFor(settings, { readTimeoutMs: 1_000, onRetry: () => undefined });
    const second = clientsFor(settings, { readTimeoutMs: 1_000, onRetry: () => undefined });
    expect(second).toBe(first);
    expect(second.imm).toBe(first.imm);
  });

  it("builds separate clients when an option that changes behaviour differs", () => {
    const short = clientsFor(settings, { readTimeoutMs: 1_000 });
    const long = clientsFor(settings, { readTimeoutMs: 60_000 });
    expect(long).not.toBe(short);
    expect(long.ice).not.toBe(short.ice);
  });
});
