/**
 * Drift: a refresh of an unchanged stack reports nothing; a change made out of band (someone in the
 * console) is found by `pulumi refresh`, previewed as the update back, and repaired by `pulumi up`;
 * an object deleted out of band leaves the state on refresh and is created again by the next up.
 */
import { imm } from "../../provider/operations";
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("drift through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  const remoteDescription = async () =>
    (await scenario.outOfBand("imm").call(imm.GetProject, { ProjectName: "drift-media" })).Project
      .Description;

  beforeAll(async () => {
    scenario = await startScenario(tools);
    project = scenario.newProject("drift", exampleProgram("tests/cli/programs/drift.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", ...STACK]);
  });
  afterAll(() => scenario?.close());

  it("a refresh of an unchanged stack changes nothing", async () => {
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["refresh", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("finds a change made out of band and the next up restores the declaration", async () => {
    await scenario.outOfBand("imm").call(imm.UpdateProject, {
      ProjectName: "drift-media",
      Description: "edited in the console",
    });
    const refresh = await project.ok(["refresh", "--yes", ...STACK]);
    expect(refresh.stdout).toMatch(/~\s+1 updated/);

    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).toMatch(/~ description\s*: "edited in the console" => "declared in code"/);
    // Only what will change: fields the program never declared are not shown as removed.
    expect(preview.stdout).not.toMatch(/^\s*- \w+\s*:/m);

    await project.ok(["up", "--yes", ...STACK]);
    expect(await remoteDescription()).toBe("declared in code");
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });

  it("forgets an object deleted out of band on refresh and creates it again on up", async () => {
    await scenario
      .outOfBand("imm")
      .call(imm.DeleteDataset, { ProjectName: "drift-media", DatasetName: "assets" });
    const refresh = await project.ok(["refresh", "--yes", ...STACK]);
    expect(refresh.stdout).toMatch(/-\s+1 deleted/);

    const before = { ...scenario.emulator.stats().requests };
    const up = await project.ok(["up", "--yes", ...STACK]);
    expect(up.stdout).toMatch(/\+\s+1 created/);
    expect(scenario.writesSince(before)).toEqual(["CreateDataset"]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
