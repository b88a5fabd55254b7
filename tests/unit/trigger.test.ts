/**
 * imm.Trigger at check and diff: the batch's rules with the trigger's names (field-named failures,
 * no waitForCompletion), the classification of every field, IMM's update rule read from the
 * recorded `triggerState`, and GetTrigger's answer for a declaration showing no diff against it.
 * No API client exists here, so nothing can be called.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { CLIENT_TOKEN_TAG } from "../../provider/imm/batch-model";
import { observeTrigger, triggerSpec } from "../../provider/imm/trigger";

const spec = triggerSpec as ResourceSpec;
const lifecycle = new ResourceLifecycle(spec, () => {
  throw new Error("check and diff must not need API clients");
});

const SAMPLE = {
  projectName: "p1",
  input: { oss: { bucket: "bucket-a", prefix: "in/" } },
  actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
  notification: { mns: { topicName: "t1" } },
  serviceRole: "AliyunIMMBatchTriggerRole",
  tags: { a: "1" },
  state: "Running",
  waitTimeoutSeconds: 60,
  clientToken: "proj/dev/t",
  adopt: false,
};
const CHANGED: Record<string, unknown> = {
  projectName: "p2",
  input: { oss: { bucket: "bucket-b" } },
  actions: [{ name: "image/resize" }],
  notification: { mns: { topicName: "t2" } },
  serviceRole: "OtherRole",
  tags: { a: "2" },
  state: "Suspended",
  waitTimeoutSeconds: 600,
  clientToken: "proj/prod/t",
  adopt: true,
};
const DOCUMENTED: Record<string, "replace" | "update" | "ignore"> = {
  projectName: "replace",
  input: "update",
  actions: "update",
  notification: "replace",
  serviceRole: "replace",
  tags: "update",
  state: "update",
  waitTimeoutSeconds: "ignore",
  clientToken: "ignore",
  adopt: "ignore",
};

describe("imm.Trigger check", () => {
  it.each([
    [{ projectName: "9bad name" }, "projectName", /letters, digits/],
    [{ input: { oss: { bucket: "Bad_Bucket" } } }, "input.oss.bucket", /OSS bucket name/],
    [
      { input: { oss: { bucket: "abc", matchExpressions: ["(?=x)"] } } },
      "input.oss.matchExpressions[0]",
      /RE2/,
    ],
    [{ actions: [] }, "actions", /at least one action/],
    [
      { actions: [{ name: "a", fastFailPolicy: { action: "stop" } }] },
      "actions[0].fastFailPolicy.action",
      /abort/,
    ],
    [{ tags: { "alicloud-media:x": "1" } }, "tags", /reserved/],
    [{ state: "Paused" }, "state", /Running/],
    [{ waitTimeoutSeconds: -1 }, "waitTimeoutSeconds", /0/],
  ])("refuses %j at its field", async (change, property, reason) => {
    const { failures } = await lifecycle.check({}, { ...SAMPLE, ...change });
    expect(failures).toEqual([expect.objectContaining({ property })]);
    expect(failures[0]!.reason).toMatch(reason);
  });

  it("has no waitForCompletion (a trigger never finishes) and derives the client token", async () => {
    expect(Object.keys(spec.schema.shape)).not.toContain("waitForCompletion");
    const { clientToken: _token, ...rest } = SAMPLE;
    const { inputs, failures } = await lifecycle.check({}, { ...rest, __logicalName: "ingest" });
    expect(failures).toEqual([]);
    expect(inputs.clientToken).toMatch(/^ingest-[0-9a-f]{32}$/);
  });
});

describe("imm.Trigger diff", () => {
  it("declares a trait for every schema field, as documented", () => {
    expect(Object.keys(spec.fields).sort()).toEqual(Object.keys(spec.schema.shape).sort());
    expect(Object.fromEntries(Object.entries(spec.fields).map(([k, t]) => [k, t.mode]))).toEqual(DOCUMENTED);
  });

  it.each(Object.keys(DOCUMENTED))("classifies a change of %s as its documented mode", async (field) => {
    const mode = DOCUMENTED[field];
    const result = await lifecycle.diff("p1/t", SAMPLE, { ...SAMPLE, [field]: CHANGED[field] });
    expect(result.changes).toBe(mode !== "ignore");
    expect(result.replaces).toEqual(mode === "replace" ? [field] : []);
    expect(result.deleteBeforeReplace).toBe(mode === "replace");
  });

  it.each([
    ["Ready", false],
    ["Failed", false],
    ["Running", true],
    ["Suspended", true],
  ])(
    "plans input/actions/tags changes of a %s trigger as a replacement: %s",
    async (triggerState, replaces) => {
      const state = { ...SAMPLE, triggerState };
      for (const field of ["input", "actions", "tags"]) {
        const result = await lifecycle.diff("p1/t", state, { ...SAMPLE, [field]: CHANGED[field] });
        expect(result).toMatchObject({ changes: true, replaces: replaces ? [field] : [] });
      }
      expect(await lifecycle.diff("p1/t", state, { ...SAMPLE, state: "Suspended" })).toMatchObject({
        changes: true,
        replaces: [],
      });
    },
  );

  it("GetTrigger's answer for the declaration, observed, shows no diff", async () => {
    const { inputs } = await lifecycle.check({}, SAMPLE);
    const observed = observeTrigger(
      "p1",
      {
        Id: "trigger-1",
        State: "Running",
        Input: { OSS: { Bucket: "bucket-a", Prefix: "in/" } },
        Actions: [{ Name: "doc/convert", Parameters: ["target=pdf"] }],
        Notification: { MNS: { TopicName: "t1" } },
        ServiceRole: SAMPLE.serviceRole,
        Tags: { a: "1", [CLIENT_TOKEN_TAG]: "f".repeat(32) },
      },
      "Running",
    );
    expect(observed.id).toBe("p1/trigger-1");
    expect(observed.outputs).toMatchObject({
      triggerId: "trigger-1",
      triggerState: "Running",
      tags: { a: "1" },
    });
    const state = { ...inputs, ...observed.outputs };
    expect((await lifecycle.diff(observed.id, state, inputs)).changes).toBe(false);
  });
});
