/**
 * imm.Batch diff: the classification of every field (the table in provider/imm/batch.ts), unknowns,
 * defaults and normalisation, the `state` vocabulary (what each IMM State means against each
 * declaration), and the property that matters to users: whatever valid batch is declared, what
 * GetBatch answers for it, observed, shows no diff against the declaration.
 */
import fc from "fast-check";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { batchSpec } from "../../provider/imm/batch";
import {
  CLIENT_TOKEN_TAG,
  actionsToWire,
  inputToWire,
  observeBatch,
  reconciledState,
  type BatchInputs,
} from "../../provider/imm/batch-model";
import type { DataIngestion } from "../../provider/operations/models";

const spec = batchSpec as unknown as ResourceSpec;
const lifecycle = new ResourceLifecycle(spec, () => {
  throw new Error("diff must not need API clients");
});

const SAMPLE = {
  projectName: "p1",
  input: { oss: { bucket: "bucket-a", prefix: "in/" } },
  actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
  notification: { mns: { topicName: "t1" } },
  serviceRole: "AliyunIMMBatchTriggerRole",
  tags: { a: "1" },
  state: "Running",
  waitForCompletion: false,
  waitTimeoutSeconds: 60,
  clientToken: "proj/dev/b",
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
  waitForCompletion: true,
  waitTimeoutSeconds: 600,
  clientToken: "proj/prod/b",
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
  waitForCompletion: "ignore",
  waitTimeoutSeconds: "ignore",
  clientToken: "ignore",
  adopt: "ignore",
};

describe("imm:Batch diff", () => {
  it("declares a trait for every schema field, as documented", () => {
    expect(Object.keys(spec.fields).sort()).toEqual(Object.keys(spec.schema.shape).sort());
    expect(Object.fromEntries(Object.entries(spec.fields).map(([k, t]) => [k, t.mode]))).toEqual(DOCUMENTED);
  });

  it("reports no change for identical inputs", async () => {
    expect(await lifecycle.diff("p1/b", SAMPLE, SAMPLE)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each(Object.keys(DOCUMENTED))("classifies a change of %s as its documented mode", async (field) => {
    const mode = DOCUMENTED[field];
    const result = await lifecycle.diff("p1/b", SAMPLE, { ...SAMPLE, [field]: CHANGED[field] });
    if (mode === "ignore") {
      expect(result.changes).toBe(false);
    } else {
      expect(result.changes).toBe(true);
      expect(result.replaces).toEqual(mode === "replace" ? [field] : []);
      // The replacement shares the client token: the old batch goes first.
      expect(result.deleteBeforeReplace).toBe(mode === "replace");
    }
  });

  it.each(Object.keys(DOCUMENTED))(
    "treats an unknown %s as a possible change, replacing only if it must",
    async (field) => {
      const mode = DOCUMENTED[field];
      const result = await lifecycle.diff("p1/b", SAMPLE, { ...SAMPLE, [field]: UNKNOWN });
      expect(result.changes).toBe(mode !== "ignore");
      expect(result.replaces).toEqual(mode === "replace" ? [field] : []);
    },
  );

  it.each([
    ["Ready", false],
    ["Failed", false],
    ["Running", true],
    ["Suspended", true],
    ["Succeeded", true],
  ])("plans input/actions/tags changes of a %s batch as a replacement: %s", async (batchState, replaces) => {
    const state = { ...SAMPLE, batchState };
    for (const field of ["input", "actions", "tags"]) {
      const result = await lifecycle.diff("p1/b", state, { ...SAMPLE, [field]: CHANGED[field] });
      expect(result).toMatchObject({ changes: true, replaces: replaces ? [field] : [] });
      expect(result.deleteBeforeReplace).toBe(replaces);
    }
    // The run state is reconciled in place whatever IMM's state is.
    expect(await lifecycle.diff("p1/b", state, { ...SAMPLE, state: "Suspended" })).toMatchObject({
      replaces: [],
    });
  });

  it("treats absent optional fields as the service defaults and empty optionals as absent", async () => {
    const state = {
      ...SAMPLE,
      input: { oss: { bucket: "bucket-a" } },
      actions: [{ name: "doc/convert" }],
      tags: {},
    };
    const declared = {
      projectName: "p1",
      input: { oss: { bucket: "bucket-a", prefix: "", matchExpressions: [] } },
      actions: [{ name: "doc/convert", parameters: [] }],
      notification: { mns: { topicName: "t1" } },
    };
    expect((await lifecycle.diff("p1/b", state, declared)).changes).toBe(false);
    // Removing the notification is a replacement (UpdateBatch cannot change it).
    const { notification: _n, ...withoutNotification } = declared;
    expect(await lifecycle.diff("p1/b", state, withoutNotification)).toMatchObject({
      replaces: ["notification"],
    });
  });

  it("sees a changed fast-fail policy and a reordered action list as changes", async () => {
    const state = { ...SAMPLE, actions: [{ name: "a" }, { name: "b" }] };
    const policy = {
      ...SAMPLE,
      actions: [{ name: "a", fastFailPolicy: { action: "ignore" } }, { name: "b" }],
    };
    const reordered = { ...SAMPLE, actions: [{ name: "b" }, { name: "a" }] };
    expect(await lifecycle.diff("p1/b", state, policy)).toMatchObject({ changes: true, replaces: [] });
    expect((await lifecycle.diff("p1/b", state, reordered)).changes).toBe(true);
  });
});

describe("the state output", () => {
  const table: [string, "Running" | "Suspended", string][] = [
    ["Ready", "Running", "Running"],
    ["Running", "Running", "Running"],
    ["Succeeded", "Running", "Running"],
    ["Suspended", "Running", "Suspended"],
    ["Failed", "Running", "Failed"],
    ["Ready", "Suspended", "Running"],
    ["Running", "Suspended", "Running"],
    ["Succeeded", "Suspended", "Suspended"],
    ["Suspended", "Suspended", "Suspended"],
    ["Failed", "Suspended", "Suspended"],
  ];

  it.each(table)("IMM %s against a declared %s reads as %s", async (actual, declared, shown) => {
    expect(reconciledState(actual, declared)).toBe(shown);
    // …and is a diff exactly when it differs from the declaration.
    const result = await lifecycle.diff("p1/b", { ...SAMPLE, state: shown }, { ...SAMPLE, state: declared });
    expect(result.changes).toBe(shown !== declared);
  });
});

describe("observe → diff", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9/-]{0,15}$/);
  const declaration = fc.record(
    {
      projectName: fc.constant("p1"),
      input: fc.record(
        {
          oss: fc.record(
            {
              bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,10}[a-z0-9]$/),
              prefix: fc.constantFrom("", "docs/", "a/b/"),
              matchExpressions: fc.array(fc.constantFrom("\\.jpg$", "^x", ".*"), { maxLength: 2 }),
            },
            { requiredKeys: ["bucket"] },
          ),
        },
        { requiredKeys: ["oss"] },
      ),
      actions: fc.array(
        fc.record(
          {
            name,
            parameters: fc.array(fc.stringMatching(/^[a-z]{1,4}=[0-9]{1,2}$/), { maxLength: 3 }),
            fastFailPolicy: fc.record({ action: fc.constantFrom("abort" as const, "ignore" as const) }),
          },
          { requiredKeys: ["name"] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      notification: fc.record({ mns: fc.record({ topicName: name }) }),
      serviceRole: fc.constantFrom("AliyunIMMBatchTriggerRole", "Custom"),
      tags: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
      state: fc.constantFrom("Running" as const, "Suspended" as const),
    },
    { requiredKeys: ["projectName", "input", "actions"] },
  );
  const remoteState = fc.constantFrom("Ready", "Running", "Succeeded");

  it("for any valid declaration and any state an apply settles in, what GetBatch returns shows no diff", async () => {
    await fc.assert(
      fc.asyncProperty(declaration, remoteState, async (declared, actual) => {
        const checked = await lifecycle.check({}, { ...declared, clientToken: "t" });
        expect(checked.failures).toEqual([]);
        const inputs = checked.inputs as BatchInputs;
        // What the service holds after CreateBatch with these parameters (the emulator's echo).
        const remote: DataIngestion = {
          Id: "batch-1",
          // Where an apply leaves it: a batch declared Suspended is Suspended unless it already finished.
          State: inputs.state === "Suspended" && actual !== "Succeeded" ? "Suspended" : actual,
          Input: inputToWire(inputs.input) as DataIngestion["Input"],
          Actions: actionsToWire(inputs.actions, true) as DataIngestion["Actions"],
          ...(inputs.notification
            ? { Notification: { MNS: { TopicName: inputs.notification.mns.topicName } } }
            : {}),
          ServiceRole: inputs.serviceRole ?? "AliyunIMMBatchTriggerRole",
          Tags: { ...(inputs.tags ?? {}), [CLIENT_TOKEN_TAG]: "digest" },
          Statistic: { SubmitSuccess: 1, SubmitFailure: 0, SkipFiles: 0 },
        };
        const observed = observeBatch("p1", remote, inputs.state ?? "Running");
        const state = { ...inputs, ...observed.outputs };
        expect(await lifecycle.diff(observed.id, state, inputs)).toMatchObject({ changes: false });
        // The reserved tag never shows as a user tag.
        expect(observed.outputs.tags).toEqual(inputs.tags ?? {});
      }),
      { numRuns: 150 },
    );
  });
});
