/**
 * The quickstart through the real Pulumi CLI, as a new user runs it: preview, up, an up that must
 * change nothing and send no write call, and a destroy that leaves the emulator empty.
 */
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";
import type { CliProject } from "./support/cli-project";

jest.setTimeout(300_000);

describeWithCli("quickstart through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    project = scenario.newProject("quickstart", exampleProgram("examples/quickstart/index.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(() => scenario?.close());

  it("previews, deploys, changes nothing the second time and destroys everything", async () => {
    const preview = await project.ok(["preview", "--non-interactive", "--stack", "dev"]);
    console.log(preview.stdout);
    expect(scenario.emulator.stats().requests).toEqual({});

    const up = await project.ok(["up", "--yes", "--non-interactive", "--stack", "dev"]);
    console.log(up.stdout);

    const before = { ...scenario.emulator.stats().requests };
    const again = await project.ok([
      "up",
      "--yes",
      "--non-interactive",
      "--expect-no-changes",
      "--stack",
      "dev",
    ]);
    console.log(again.stdout);
    expect(scenario.writesSince(before)).toEqual([]);

    const destroy = await project.ok(["destroy", "--yes", "--non-interactive", "--stack", "dev"]);
    console.log(destroy.stdout);
    expect(scenario.leftovers()).toEqual([]);
  });
});
