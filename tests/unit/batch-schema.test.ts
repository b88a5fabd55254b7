/**
 * imm.Batch at check: every schema rule, reported against its property path with the value and the
 * rule, all failures at once, unknowns deferred, the cross-field rule, and the client token kept
 * across checks. No API client exists here, so nothing can be called.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { batchSpec } from "../../provider/imm/batch";

const lifecycle = new ResourceLifecycle(batchSpec as unknown as ResourceSpec, () => {
  throw new Error("check must not need API clients");
});

const VALID = {
  projectName: "media-project",
  input: { oss: { bucket: "my-bucket", prefix: "docs/", matchExpressions: ["\\.docx$"] } },
  actions: [{ name: "doc/convert", parameters: ["target=pdf"], fastFailPolicy: { action: "abort" } }],
  notification: { mns: { topicName: "topic1" } },
  serviceRole: "AliyunIMMBatchTriggerRole",
  tags: { team: "media" },
  state: "Running",
  waitForCompletion: true,
  waitTimeoutSeconds: 120,
  clientToken: "proj/dev/convert",
  adopt: false,
};

async function failures(change: Record<string, unknown>) {
  return (await lifecycle.check({}, { ...VALID, ...change })).failures;
}

describe("imm.Batch check", () => {
  it("accepts a declaration using every field, and the minimal one", async () => {
    expect(await failures({})).toEqual([]);
    const minimal = await lifecycle.check(
      {},
      { projectName: "p", input: { oss: { bucket: "abc" } }, actions: [{ name: "a" }], __logicalName: "b" },
    );
    expect(minimal.failures).toEqual([]);
  });

  const rules: [string, Record<string, unknown>, string, RegExp][] = [
    ["projectName required", { projectName: undefined }, "projectName", /expected string/],
    ["projectName charset", { projectName: "9bad name" }, "projectName", /letters, digits/],
    ["input required", { input: undefined }, "input", /expected object/],
    ["input.oss required", { input: {} }, "input.oss", /expected object/],
    ["input unknown key", { input: { oss: { bucket: "abc" }, uri: "x" } }, "input", /Unrecognized key/],
    ["bucket required", { input: { oss: {} } }, "input.oss.bucket", /expected string/],
    ["bucket naming", { input: { oss: { bucket: "Bad_Bucket" } } }, "input.oss.bucket", /OSS bucket name/],
    ["bucket too short", { input: { oss: { bucket: "ab" } } }, "input.oss.bucket", /3-63/],
    ["bucket typo'd key", { input: { oss: { bukket: "abc" } } }, "input.oss", /Unrecognized key/],
    [
      "prefix length",
      { input: { oss: { bucket: "abc", prefix: "p".repeat(1024) } } },
      "input.oss.prefix",
      /at most 1023/,
    ],
    [
      "matchExpressions are regular expressions",
      { input: { oss: { bucket: "abc", matchExpressions: ["ok", "(bad"] } } },
      "input.oss.matchExpressions[1]",
      /not a valid regular expression/,
    ],
    [
      "matchExpressions not empty",
      { input: { oss: { bucket: "abc", matchExpressions: [""] } } },
      "input.oss.matchExpressions[0]",
      /must not be empty/,
    ],
    ["actions required", { actions: undefined }, "actions", /expected array/],
    ["at least one action", { actions: [] }, "actions", /at least one action/],
    ["action name required", { actions: [{ parameters: ["a"] }] }, "actions[0].name", /expected string/],
    ["action name not empty", { actions: [{ name: "" }] }, "actions[0].name", /must not be empty/],
    ["action name length", { actions: [{ name: "n".repeat(129) }] }, "actions[0].name", /at most 128/],
    [
      "parameters are non-empty strings",
      { actions: [{ name: "a", parameters: ["x", ""] }] },
      "actions[0].parameters[1]",
      /must not be empty/,
    ],
    [
      "fast-fail policy values",
      { actions: [{ name: "a" }, { name: "b", fastFailPolicy: { action: "retry" } }] },
      "actions[1].fastFailPolicy.action",
      /"abort"\|"ignore"/,
    ],
    ["action unknown key", { actions: [{ name: "a", params: [] }] }, "actions[0]", /Unrecognized key/],
    ["notification.mns required", { notification: {} }, "notification.mns", /expected object/],
    [
      "topic name required",
      { notification: { mns: { topicName: "" } } },
      "notification.mns.topicName",
      /must not be empty/,
    ],
    [
      "notification only MNS",
      { notification: { mns: { topicName: "t" }, rocketMq: {} } },
      "notification",
      /Unrecognized key/,
    ],
    ["serviceRole not empty", { serviceRole: "" }, "serviceRole", /must not be empty/],
    ["tag values are strings", { tags: { a: 1 } }, "tags.a", /expected string/],
    ["tag keys not empty", { tags: { "": "x" } }, "tags", /tag keys must not be empty/],
    [
      "reserved tag keys",
      { tags: { "alicloud-media:client-token": "x" } },
      "tags",
      /alicloud-media: are reserved/,
    ],
    ["state values", { state: "Stopped" }, "state", /"Running"\|"Suspended"/],
    ["waitForCompletion boolean", { waitForCompletion: "yes" }, "waitForCompletion", /expected boolean/],
    ["waitTimeoutSeconds integer", { waitTimeoutSeconds: 1.5 }, "waitTimeoutSeconds", /expected int/],
    ["waitTimeoutSeconds range", { waitTimeoutSeconds: 86_401 }, "waitTimeoutSeconds", /86400/],
    ["clientToken not empty", { clientToken: "" }, "clientToken", /must not be empty/],
    ["adopt boolean", { adopt: "true" }, "adopt", /expected boolean/],
    ["unknown property", { fastFail: true }, "fastFail", /not a property of imm:Batch/],
  ];

  it.each(rules)("rule: %s", async (_name, change, property, reason) => {
    const found = await failures(change);
    const failure = found.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
    // The engine prints the property; the reason does not repeat it.
    expect(failure!.reason.startsWith(`${property}:`)).toBe(false);
  });

  it("reports every failure at once, each with the value it got", async () => {
    const found = await failures({ projectName: "-x", state: "Paused", actions: [] });
    expect(found.map((f) => f.property).sort()).toEqual(["actions", "projectName", "state"]);
    expect(found.find((f) => f.property === "state")!.reason).toContain('(got "Paused")');
  });

  it("refuses waitForCompletion for a batch declared Suspended", async () => {
    const found = await failures({ state: "Suspended", waitForCompletion: true });
    expect(found).toEqual([
      { property: "waitForCompletion", reason: expect.stringMatching(/never completes/) },
    ]);
    expect(await failures({ state: "Suspended", waitForCompletion: false })).toEqual([]);
  });

  it("defers unknown values (preview) and skips the cross-field rule while any is unknown", async () => {
    expect(await failures({ actions: UNKNOWN, state: "Suspended", waitForCompletion: true })).toEqual([]);
    expect(await failures({ input: { oss: { bucket: UNKNOWN } } })).toEqual([]);
  });

  it("derives a client token from the logical name when none is given, and keeps it across checks", async () => {
    const { clientToken: _omitted, ...rest } = VALID;
    const first = await lifecycle.check({}, { ...rest, __logicalName: "convert" });
    expect(first.failures).toEqual([]);
    // Derived from the identity, not drawn: a fresh check (an interrupted apply) derives it again.
    expect(first.inputs.clientToken).toMatch(/^convert-[0-9a-f]{32}$/);
    expect((await lifecycle.check({}, { ...rest, __logicalName: "convert" })).inputs.clientToken).toBe(
      first.inputs.clientToken,
    );
    const second = await lifecycle.check(first.inputs, {
      ...rest,
      __logicalName: "convert",
      tags: { b: "2" },
    });
    expect(second.inputs.clientToken).toBe(first.inputs.clientToken);
    // A declared token is used as is.
    expect((await lifecycle.check({}, { ...VALID, __logicalName: "convert" })).inputs.clientToken).toBe(
      "proj/dev/convert",
    );
  });
});
