/** The secret registry: what is scrubbed, where, and what counts as registered. */
import { isRegisteredSecret, redact, registerSecret } from "../../provider/runtime/redact";

describe("redact", () => {
  it("replaces a secret that contains another whole, whichever was registered first", () => {
    registerSecret("nested-secret");
    registerSecret("nested-secret-and-more");
    registerSecret("nested-secret-and-more-still");
    expect(redact("key=nested-secret-and-more-still")).toBe("key=[redacted]");
    expect(redact("key=nested-secret-and-more")).toBe("key=[redacted]");
  });

  it("scrubs a secret of exactly the substring length wherever it appears", () => {
    registerSecret("q7w8e9");
    expect(redact("prefix-q7w8e9-suffix and xxq7w8e9yy")).toBe("prefix-[redacted]-suffix and xx[redacted]yy");
  });

  it("scrubs every standalone occurrence of a short secret, and only standalone ones", () => {
    registerSecret("k3y");
    expect(redact("k3y and k3y, not ak3yb")).toBe("[redacted] and [redacted], not ak3yb");
  });

  it("treats a short secret's characters literally", () => {
    registerSecret("a+b");
    expect(redact("x a+b y, not aab")).toBe("x [redacted] y, not aab");
  });

  it("knows which values were registered, short or long", () => {
    registerSecret("long-registered-secret");
    registerSecret("zq1");
    expect(isRegisteredSecret("long-registered-secret")).toBe(true);
    expect(isRegisteredSecret("zq1")).toBe(true);
    expect(isRegisteredSecret("never-registered")).toBe(false);
    registerSecret(undefined);
    registerSecret("");
    expect(redact("")).toBe("");
  });
});
