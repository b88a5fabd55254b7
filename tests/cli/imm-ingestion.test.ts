/**
 * imm.Trigger and imm.OssBucketAttachment through the real CLI: a project with a trigger on new
 * uploads and the bucket attached to it; a second up changes and writes nothing; the trigger is
 * suspended in place (SuspendTrigger only) while a new note replaces the attachment (detached
 * first: the bucket is its key); refresh finds no drift; destroy leaves the emulator empty.
 */
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("imm ingestion through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  const triggers = () =>
    Object.values(scenario.emulator.resources()["imm.triggers"] ?? {}) as { view: Record<string, unknown> }[];

  const attachments = () => Object.values(scenario.emulator.resources()["imm.ossBucketAttachments"] ?? {});

  beforeAll(async () => {
    scenario = await startScenario(tools, { triggerStartMs: 300 });
    project = scenario.newProject("ingest", exampleProgram("tests/cli/programs/imm-ingestion.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(() => scenario?.close());

  it("creates a Running trigger; a second up changes and writes nothing", async () => {
    await project.ok(["up", "--yes", ...STACK]);
    const outputs = await project.outputs("dev");
    expect(outputs).toMatchObject({ triggerState: "Running", triggerId: expect.stringMatching(/^trigger-/) });
    expect(outputs.attachedTo).toBe(outputs.projectName);
    expect(triggers()).toHaveLength(1);
    expect(attachments()).toEqual([
      expect.objectContaining({ OSSBucket: "uploads", Description: "ingestion" }),
    ]);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("suspends the trigger in place; a new note replaces the attachment, detached first", async () => {
    const { triggerId } = await project.outputs("dev");
    await project.ok(["config", "set", "--stack", "dev", "ingest:suspended", "true"]);
    await project.ok(["config", "set", "--stack", "dev", "ingest:note", "renamed"]);
    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).toMatch(/~ state\s*: "Running" => "Suspended"/);
    expect(preview.stdout).toMatch(
      /\+-pulumi-nodejs:dynamic\/alicloud-media\/imm:OssBucketAttachment: \(replace\)/,
    );
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", ...STACK]);
    expect(scenario.writesSince(before).sort()).toEqual([
      "AttachOSSBucket",
      "DetachOSSBucket",
      "SuspendTrigger",
    ]);
    expect(attachments()).toEqual([
      expect.objectContaining({ OSSBucket: "uploads", Description: "renamed" }),
    ]);
    expect(await project.outputs("dev")).toMatchObject({ triggerId, triggerState: "Suspended" });
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });

  it("refresh finds nothing; destroy leaves the emulator empty", async () => {
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["refresh", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(triggers()).toEqual([]);
    expect(attachments()).toEqual([]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
