/**
 * What a reviewer sees in a pull request: `pulumi preview --diff` of a changed program, rendered and
 * as `--json` steps. An in-place update, a delete-first replacement and an equivalent timeline
 * written differently (no change) must each show as exactly that, and `pulumi up` must then do
 * exactly what the preview said. The rendered diff is kept as a golden file (shown in the README);
 * UPDATE_GOLDEN=1 rewrites it.
 */
import fs from "node:fs";
import path from "node:path";
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const GOLDEN = path.join(__dirname, "golden/review-preview-diff.txt");

interface JsonStep {
  op: string;
  urn: string;
  replaceReasons?: string[];
  oldState?: { pendingReplacement?: boolean };
}

const stepsByName = (steps: JsonStep[]) => new Map(steps.map((s) => [s.urn.split("::").pop()!, s]));

describeWithCli("pull-request review through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    project = scenario.newProject("review", exampleProgram("tests/cli/programs/review-before.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", "--non-interactive", "--stack", "dev"]);
    project.setProgram(exampleProgram("tests/cli/programs/review-after.ts"));
  });
  afterAll(() => scenario?.close());

  it("renders an update, a replacement and nothing for an equivalent timeline", async () => {
    const { stdout } = await project.ok(["preview", "--diff", "--non-interactive", "--stack", "dev"]);
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN, stdout);
    expect(stdout).toBe(fs.readFileSync(GOLDEN, "utf8"));
    expect(stdout).not.toContain("ice:EditingProject");
  });

  it("gives the same plan as --json steps, the replacement delete-first", async () => {
    const { stdout } = await project.ok(["preview", "--json", "--non-interactive", "--stack", "dev"]);
    const steps = stepsByName((JSON.parse(stdout) as { steps: JsonStep[] }).steps);
    expect(steps.get("media")?.op).toBe("update");
    expect(steps.get("assets")?.op).toBe("replace");
    expect(steps.get("assets")?.replaceReasons).toEqual(["datasetName"]);
    // The engine marks the old object for deletion before its replacement is created.
    expect(steps.get("assets")?.oldState?.pendingReplacement).toBe(true);
    expect(steps.get("edit")?.op ?? "same").toBe("same");
    expect(scenario.emulator.stats().requests.UpdateProject ?? 0).toBe(0);
  });

  it("applies exactly the plan: one in-place update, the old dataset deleted before the new one", async () => {
    const before = { ...scenario.emulator.stats().requests };
    const { stdout } = await project.ok(["up", "--yes", "--non-interactive", "--stack", "dev"]);
    const after = scenario.emulator.stats().requests;
    const delta = (action: string) => (after[action] ?? 0) - (before[action] ?? 0);
    expect(delta("UpdateProject")).toBe(1);
    expect(delta("DeleteDataset")).toBe(1);
    expect(delta("CreateDataset")).toBe(1);
    expect(delta("UpdateEditingProject")).toBe(0);
    expect(stdout.indexOf("deleting original")).toBeGreaterThan(-1);
    expect(stdout.indexOf("deleting original")).toBeLessThan(stdout.indexOf("creating replacement"));
    const datasets = Object.keys(scenario.emulator.resources()["imm.datasets"] ?? {});
    expect(datasets.join(" ")).toContain("assets-v2");
    expect(datasets.some((key) => key.endsWith("/assets"))).toBe(false);

    const again = await project.ok([
      "up",
      "--yes",
      "--expect-no-changes",
      "--non-interactive",
      "--stack",
      "dev",
    ]);
    expect(again.code).toBe(0);
    await project.ok(["destroy", "--yes", "--non-interactive", "--stack", "dev"]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
