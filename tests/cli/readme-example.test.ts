/**
 * The README's install example, exactly as printed, deploys against the emulator and is destroyed
 * again, leaving nothing behind (an example that cannot be torn down is a wall in a user's first
 * hour: a dataset whose bindings indexed files is kept by IMM unless `forceDestroy` is set).
 */
import fs from "node:fs";
import path from "node:path";
import { imm } from "../../provider/operations";
import { describeWithCli, REPO_ROOT, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

function readmeExample(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const install = readme.slice(readme.indexOf("## Install into your Pulumi project"));
  const block = /```ts\n([\s\S]*?)```/.exec(install)?.[1];
  if (!block) throw new Error("README: no ts example under 'Install into your Pulumi project'");
  return block;
}

describeWithCli("the README's install example through the real CLI", (tools) => {
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = await startScenario(tools, { bindingScanMs: 100 });
  });
  afterAll(() => scenario?.close());

  it("deploys, changes nothing the second time, and is destroyed without leftovers", async () => {
    const project = scenario.newProject("readme", readmeExample());
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", ...STACK]);
    // The binding's scan indexes the bucket's files soon after it starts (the emulator applies due
    // work when a request arrives): the dataset then holds indexed files, which IMM keeps past the
    // binding's deletion.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await scenario.outOfBand("imm").call(imm.ListProjects, {});
    expect(Object.keys(scenario.emulator.resources()["imm.files"] ?? {}).length).toBeGreaterThan(0);
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
