/**
 * Check failures never quote a value the program marked secret. The engine hands the dynamic-provider
 * host every input as a plain value (it accepts no secrets), so the program-side classes send the
 * names of their secret arguments (`__secretInputs`) and check describes those values without quoting
 * them. Through the REAL dynamic-provider host over gRPC, with registrations from the compiled
 * program-side classes (secret markers stripped as the engine strips them).
 */
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations, type Registration } from "../harness/registrations";
import { startEngineFixture, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

const SECRET = "s3cr3t-value-9f2c";
let fixture: EngineFixture;

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: "engine-test-id",
    accessKeySecret: "engine-test-secret",
  });
});
afterAll(() => fixture?.close());

async function register(program: () => void): Promise<Registration[]> {
  return captureRegistrations(program, { project: "enginetest", stack: "dev" });
}

it("a secret input that fails check is described, never quoted; other values still are", async () => {
  const [project, binding] = await register(() => {
    new media.imm.Project("photos", {
      description: pulumi.secret(`${SECRET} ${"x".repeat(300)}`),
      datasetMaxBindCount: 99,
    });
    new media.imm.Binding("sync", {
      projectName: "p",
      datasetName: "d",
      uri: pulumi.secret(`oss://Not_A_Bucket/${SECRET}`),
    });
  });
  expect(project!.secretKeys).toEqual(["description"]);
  expect(project!.inputs.__secretInputs).toEqual(["description"]);
  expect(binding!.inputs.__secretInputs).toEqual(["uri"]);

  const checked = await fixture.host.check(project!.urn, {}, project!.inputs);
  const reasons = Object.fromEntries(
    checked.failures.map((f: { property: string; reason: string }) => [f.property, f.reason]),
  );
  expect(reasons.description).toMatch(/must be at most 256 characters \(got a value that holds a secret\)/);
  expect(reasons.datasetMaxBindCount).toMatch(/\(got 99\)/);
  const bound = await fixture.host.check(binding!.urn, {}, binding!.inputs);
  expect(bound.failures).toHaveLength(1);
  expect(bound.failures[0]!.reason).toMatch(/\(got a value that holds a secret\)/);
  expect(JSON.stringify([checked.failures, bound.failures])).not.toContain(SECRET);
});

it("a program without secrets sends an empty list, and valid inputs check clean with it", async () => {
  const [project] = await register(() => new media.imm.Project("plain", { description: "d" }));
  expect(project!.inputs.__secretInputs).toEqual([]);
  expect((await fixture.host.check(project!.urn, {}, project!.inputs)).failures).toEqual([]);
});
