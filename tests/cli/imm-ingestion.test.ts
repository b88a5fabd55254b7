/**
 * imm.Trigger through the real CLI: a project with a trigger on new uploads; a second up changes and
 * writes nothing; the trigger is suspended in place (SuspendTrigger only); refresh finds no drift;
 * destroy leaves the emulator empty.
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
    expect(triggers()).toHaveLength(1);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("suspends the trigger in place", async () => {
    const { triggerId } = await project.outputs("dev");
    await project.ok(["config", "set", "--stack", "dev", "ingest:suspended", "true"]);
    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).toMatch(/~ state\s*: "Running" => "Suspended"/);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual(["SuspendTrigger"]);
    expect(await project.outputs("dev")).toMatchObject({ triggerId, triggerState: "Suspended" });
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });

  it("refresh finds nothing; destroy leaves the emulator empty", async () => {
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["refresh", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(triggers()).toEqual([]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
