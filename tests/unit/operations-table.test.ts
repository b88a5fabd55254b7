/**
 * The operation table must say exactly what the official SDKs send, as recorded in
 * tests/fixtures/wire-reference.json: every parameter, in the same place (query or body), with the same
 * encoding, and required where the SDK model says so.
 */
import * as operations from "../../provider/operations";
import type { Operation } from "../../provider/operations";
import { loadReferenceOperations } from "../support/reference";

const reference = loadReferenceOperations();

const table = [...Object.values(operations.imm), ...Object.values(operations.ice)].filter(
  (value: unknown): value is Operation =>
    typeof value === "object" && value !== null && "action" in value && "params" in value,
);

/** Parameters the provider deliberately requires although the SDK model does not mark them. */
const DELIBERATELY_REQUIRED = new Set([
  "ice:GetYikeStoryboardJob.JobId", // a Get without the ID has no meaning
  "ice:ResumeYikeStoryboardJob.JobId",
]);

describe("operation table vs the wire-protocol reference", () => {
  it("reads the reference", () => {
    expect(reference.size).toBeGreaterThan(40);
  });

  it("covers every operation the resources and the emulator tests need", () => {
    const names = new Set(table.map((op) => `${op.product}:${op.action}`));
    const needed = [
      ...["Create", "Get", "Update", "Delete", "List"].flatMap((verb) =>
        ["Project", "Dataset"].map((noun) => `imm:${verb}${noun}${verb === "List" ? "s" : ""}`),
      ),
      "imm:CreateBinding",
      "imm:GetBinding",
      "imm:ListBindings",
      "imm:DeleteBinding",
      "imm:CreateStory",
      "imm:GetStory",
      "imm:UpdateStory",
      "imm:DeleteStory",
      "imm:QueryStories",
      "imm:GetTask",
      "imm:ListTasks",
      "imm:IndexFileMeta",
      "imm:BatchIndexFileMeta",
      "imm:GetFileMeta",
      "imm:CreateBatch",
      "imm:GetBatch",
      "imm:UpdateBatch",
      "imm:DeleteBatch",
      "imm:ListBatches",
      "imm:SuspendBatch",
      "imm:ResumeBatch",
      "ice:CreateEditingProject",
      "ice:GetEditingProject",
      "ice:UpdateEditingProject",
      "ice:DeleteEditingProjects",
      "ice:SearchEditingProject",
      "ice:SubmitYikeStoryboardJob",
      "ice:GetYikeStoryboardJob",
      "ice:ResumeYikeStoryboardJob",
    ];
    expect(needed.filter((name) => !names.has(name))).toEqual([]);
  });

  describe.each(table.map((op) => [`${op.product}:${op.action}`, op] as const))("%s", (key, op) => {
    const documented = reference.get(key);

    it("is documented with the same parameters", () => {
      expect(documented).toBeDefined();
      expect(Object.keys(op.params).sort()).toEqual([...documented!.params.keys()].sort());
    });

    it("places, encodes and requires each parameter as the SDK does", () => {
      for (const [wireName, spec] of Object.entries(op.params)) {
        const doc = documented!.params.get(wireName)!;
        expect({ wireName, in: spec.in, encoding: spec.encoding }).toEqual({
          wireName,
          in: doc.placement,
          encoding: doc.encoding,
        });
        if (doc.required) expect({ wireName, required: spec.required }).toEqual({ wireName, required: true });
        if (spec.required && !doc.required) expect(DELIBERATELY_REQUIRED).toContain(`${key}.${wireName}`);
      }
    });

    it("uses the product's API version", () => {
      expect(op.version).toBe(op.product === "imm" ? "2020-09-30" : "2020-11-09");
      expect(op.version).toBe(documented!.version);
    });
  });
});
