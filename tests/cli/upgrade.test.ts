/**
 * Upgrading the package under a deployed stack: the quickstart deployed with the previous release
 * (packed from its commit), then the current package installed in its place. The next preview and
 * up must show no change at all: no `__provider` diff (it holds only `require("pulumi-alicloud-media/
 * provider")` calls), no new bookkeeping input forcing an update, no replacement.
 */
import fs from "node:fs";
import path from "node:path";
import type { CliProject } from "./support/cli-project";
import { previousPackage } from "./support/previous-package";
import { describeWithCli, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(600_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("upgrading the package under a deployed stack", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    const previous = previousPackage();
    const program = fs.readFileSync(path.join(previous.source, "examples/quickstart/index.ts"), "utf8");
    project = scenario.newProject("upgrade", program, previous.dir);
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", ...STACK]);
    project.useInstall(scenario.installDir);
  });
  afterAll(() => scenario?.close());

  it("previews no change with the new version", async () => {
    const { stdout } = await project.ok(["preview", "--diff", ...STACK]);
    expect(stdout).not.toContain("__provider");
    expect(stdout).toMatch(/8 unchanged/);
  });

  it("applies no change and writes nothing, then destroys with the new version", async () => {
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
