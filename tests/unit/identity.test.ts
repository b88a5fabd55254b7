/**
 * Who a resource is (provider/framework/identity.ts): what it derives from its identity must differ
 * between stacks, organizations and parents, stay the same run after run, and an object it finds is
 * taken over only as its own recent, interrupted create.
 */
import {
  DEFAULT_RECOVERY_WINDOW_SECONDS,
  RECOVERY_WINDOW_ENV,
  TakeoverRefused,
  assertOwnInterruptedCreate,
  declaredIdentity,
  identityDigest,
  ownershipMarker,
  recoveryWindowMs,
  stackIdentity,
  stackMarker,
  type Candidate,
} from "../../provider/framework/identity";

const urn = (org: string, stack: string, name: string, parent = "") =>
  `${org}::urn:pulumi:${stack}::media::${parent}alicloud-media:imm:Project::${name}`;
const resource = (identity: string) => ({ __identity: identity, __logicalName: "ignored-when-identity" });

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe("the declared identity", () => {
  it("is the SDK's __identity when given", () => {
    expect(declaredIdentity(resource("org::urn"))).toBe("org::urn");
  });

  it("falls back to __stack plus the logical name, then to the host's environment", () => {
    expect(declaredIdentity({ __stack: "proj/dev", __logicalName: "media" })).toBe("proj/dev\nmedia");
    expect(declaredIdentity({ __identity: "", __stack: "proj/dev", __logicalName: "m" })).toBe("proj/dev\nm");
    process.env.PULUMI_NODEJS_PROJECT = "p1";
    process.env.PULUMI_NODEJS_STACK = "s1";
    process.env.PULUMI_PROJECT = "p2";
    process.env.PULUMI_STACK = "s2";
    expect(declaredIdentity({ __logicalName: "m" })).toBe("p1\ns1\nm");
    delete process.env.PULUMI_NODEJS_PROJECT;
    delete process.env.PULUMI_NODEJS_STACK;
    expect(declaredIdentity({ __logicalName: "m" })).toBe("p2\ns2\nm");
    delete process.env.PULUMI_PROJECT;
    delete process.env.PULUMI_STACK;
    expect(declaredIdentity({})).toBe("\n\n");
  });
});

describe("what is derived from it", () => {
  const base = resource(urn("acme", "prod", "media"));

  it("is the same on every run: a sha256 hex digest of identity and scope", () => {
    const digest = identityDigest(base, "project-a");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(identityDigest({ ...base }, "project-a")).toBe(digest);
  });

  it("differs by organization, stack, parent, name and scope", () => {
    const digest = identityDigest(base, "project-a");
    for (const other of [
      resource(urn("other-org", "prod", "media")),
      resource(urn("acme", "dev", "media")),
      resource(urn("acme", "prod", "media", "my:Component$")),
      resource(urn("acme", "prod", "media2")),
    ]) {
      expect(identityDigest(other, "project-a")).not.toBe(digest);
    }
    expect(identityDigest(base, "project-b")).not.toBe(digest);
    expect(identityDigest(base, undefined)).toBe(identityDigest(base, ""));
  });

  it("the ownership marker is 32 hex characters of the identity, apart from the digest itself", () => {
    const marker = ownershipMarker(base);
    expect(marker).toMatch(/^[0-9a-f]{32}$/);
    expect(marker).toBe(identityDigest(base, "owner").slice(0, 32));
    expect(ownershipMarker(resource(urn("acme", "dev", "media")))).not.toBe(marker);
  });

  it("the stack identity is the URN's organization, stack and project, shared by the stack's resources", () => {
    expect(stackIdentity(base)).toBe("acme::urn:pulumi:prod::media");
    expect(stackIdentity(resource(urn("acme", "prod", "other")))).toBe(stackIdentity(base));
    expect(stackMarker(resource(urn("acme", "prod", "other")))).toBe(stackMarker(base));
    expect(stackMarker(resource(urn("acme", "dev", "media")))).not.toBe(stackMarker(base));
    expect(stackMarker(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("without the SDK's identity, the stack identity is the fallback without the logical name", () => {
    const legacy = { __stack: "proj\ndev", __logicalName: "media" };
    expect(stackIdentity(legacy)).toBe("proj\ndev");
    expect(stackMarker(legacy)).toBe(stackMarker({ __stack: "proj\ndev", __logicalName: "other" }));
  });
});

describe("the recovery window", () => {
  it("defaults to a day and follows the environment when it holds a non-negative number", () => {
    expect(DEFAULT_RECOVERY_WINDOW_SECONDS).toBe(86_400);
    expect(recoveryWindowMs({})).toBe(86_400_000);
    expect(recoveryWindowMs({ [RECOVERY_WINDOW_ENV]: "60" })).toBe(60_000);
    expect(recoveryWindowMs({ [RECOVERY_WINDOW_ENV]: "0" })).toBe(0);
    for (const bad of ["-1", "soon", "Infinity"]) {
      expect(recoveryWindowMs({ [RECOVERY_WINDOW_ENV]: bad })).toBe(86_400_000);
    }
  });
});

describe("taking over an object found under a derived key", () => {
  const now = Date.parse("2026-12-02T12:00:00Z");
  const candidate = (over: Partial<Candidate>): Candidate => ({
    type: "imm:Project",
    object: "project media-1a2b",
    marked: true,
    createTime: "2026-12-02T11:00:00Z",
    ...over,
  });

  it("takes over its own recent create, whatever form the service's time has", () => {
    for (const createTime of [
      "2026-12-02T11:00:00Z",
      "2026-12-02T11:00:00.123456789Z",
      now - 1000,
      String(now - 1000),
      now,
    ]) {
      expect(() => assertOwnInterruptedCreate(candidate({ createTime }), now)).not.toThrow();
    }
  });

  it("refuses an object without the marker, naming it, the reason and adopt: true", () => {
    expect(() => assertOwnInterruptedCreate(candidate({ marked: false }), now)).toThrow(
      "imm:Project: project media-1a2b already exists and is not taken over: it does not carry this " +
        "resource's ownership marker. If it is this resource's object, set `adopt: true`",
    );
    expect(() =>
      assertOwnInterruptedCreate(candidate({ marked: false, unmarked: "its tag names another stack" }), now),
    ).toThrow("not taken over: its tag names another stack.");
  });

  it("refuses a marked object created outside the window, or at an unknown time", () => {
    const old = candidate({ createTime: "2026-11-30T12:00:00Z" });
    expect(() => assertOwnInterruptedCreate(old, now)).toThrow(TakeoverRefused);
    expect(() => assertOwnInterruptedCreate(old, now)).toThrow(
      "was created 2026-11-30T12:00:00.000Z, outside the 24-hour recovery window of an interrupted create " +
        `(${RECOVERY_WINDOW_ENV} sets the window in seconds)`,
    );
    for (const createTime of [undefined, "", "yesterday", {}]) {
      expect(() => assertOwnInterruptedCreate(candidate({ createTime }), now)).toThrow("at an unknown time");
    }
  });

  it("the window's edge: exactly the window is still within, one millisecond more is not", () => {
    const window = 86_400_000;
    expect(() => assertOwnInterruptedCreate(candidate({ createTime: now - window }), now)).not.toThrow();
    expect(() => assertOwnInterruptedCreate(candidate({ createTime: now - window - 1 }), now)).toThrow(
      TakeoverRefused,
    );
    process.env[RECOVERY_WINDOW_ENV] = "7200";
    expect(() => assertOwnInterruptedCreate(candidate({ createTime: now - 3 * 3_600_000 }), now)).toThrow(
      "outside the 2-hour recovery window",
    );
  });

  it("the refusal is a TakeoverRefused error", () => {
    try {
      assertOwnInterruptedCreate(candidate({ marked: false }), now);
      throw new Error("not refused");
    } catch (error) {
      expect(error).toBeInstanceOf(TakeoverRefused);
      expect((error as Error).name).toBe("TakeoverRefused");
    }
  });
});
