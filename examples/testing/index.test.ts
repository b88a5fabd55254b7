/**
 * Tests the program in index.ts without an Alibaba Cloud account: `startTestStack` starts the local
 * emulator in this process and creates a stack for the program (the Automation API, a local state
 * backend in a temporary folder, stack config pointing at the emulator). The real Pulumi CLI deploys
 * it: `pulumi` on PATH, or pass `pulumiCommand: await PulumiCommand.get({ root })`.
 *
 * Run with Jest from the project folder (its node_modules holds pulumi-alicloud-media and
 * @pulumi/pulumi), e.g. `npx jest` with ts-jest.
 */
import { afterAll, beforeAll, expect, it, jest } from "@jest/globals";
import { objectsLeft, startTestStack, type TestStack } from "pulumi-alicloud-media/testing";
import program = require("./index");

// Each step runs the CLI, which starts the dynamic-provider host: seconds, not milliseconds.
jest.setTimeout(180_000);

let test: TestStack;
beforeAll(async () => {
  test = await startTestStack({ program });
});
afterAll(() => test?.close());

it("deploys the project and the dataset to the emulator", async () => {
  const up = await test.stack.up();
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges).toEqual({ create: 3 }); // the stack and the two resources
  expect(up.outputs.projectName?.value).toMatch(/^media-[0-9a-f]{8}$/);
  // The calls reached the emulator, not Alibaba Cloud.
  const requests = test.emulator.stats().requests;
  expect(requests.CreateProject).toBe(1);
  expect(requests.CreateDataset).toBe(1);
  expect(Object.keys(test.emulator.resources()["imm.projects"] ?? {})).toEqual([
    up.outputs.projectName?.value,
  ]);
});

it("changes nothing when deployed again", async () => {
  const up = await test.stack.up();
  expect(up.summary.resourceChanges).toEqual({ same: 3 });
});

it("destroys everything it created", async () => {
  const destroy = await test.stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
  expect(objectsLeft(test.emulator)).toEqual([]);
});
