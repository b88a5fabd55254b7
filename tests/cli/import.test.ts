/**
 * Bringing an object made outside Pulumi under a stack. Dynamic providers cannot be imported
 * (pulumi/pulumi#16175): with the `import` resource option the engine reads the object without the
 * serialized provider and the host fails with "code must be a string, not undefined". The program-side
 * classes therefore refuse the option with a message that leads to `adopt: true`, which takes the
 * object over by its name on the next `pulumi up`.
 *
 * `pulumi import <type> <name> <id>` needs the Node.js language plugin even with
 * `--generate-code=false`, which cannot be built here (scripts/pulumi-install.sh), so it is not
 * exercised; it fails in the host the same way (docs/troubleshooting.md).
 */
import { imm } from "../../provider/operations";
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("taking over an object made outside Pulumi, through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    const byHand = scenario.outOfBand("imm");
    await byHand.call(imm.CreateProject, { ProjectName: "import-media" });
    await byHand.call(imm.CreateDataset, {
      ProjectName: "import-media",
      DatasetName: "made-by-hand",
      Description: "created in the console",
    });
    project = scenario.newProject("importer", exampleProgram("tests/cli/programs/import-option.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(() => scenario?.close());

  it("refuses the import option with a message that leads to adopt: true, before any call", async () => {
    await project.ok(["config", "set", "--stack", "dev", "importer:importId", "import-media/made-by-hand"]);
    const before = { ...scenario.emulator.stats().requests };
    const result = await project.run(["preview", ...STACK]);
    expect(result.code).not.toBe(0);
    const said = result.stdout + result.stderr;
    expect(said).toContain('imm:Dataset "imported": the `import` resource option cannot be used');
    expect(said).toContain("set `adopt: true`");
    expect(said).not.toContain("code must be a string");
    expect(scenario.emulator.stats().requests).toEqual(before);
    await project.ok(["config", "rm", "--stack", "dev", "importer:importId"]);
  });

  it("adopts the object with adopt: true, then changes nothing", async () => {
    await project.ok(["config", "set", "--stack", "dev", "importer:adopt", "true"]);
    const before = { ...scenario.emulator.stats().requests };
    const { stdout } = await project.ok(["up", "--yes", ...STACK]);
    expect(stdout).toContain("adopting existing imm:Dataset import-media/made-by-hand");
    expect(scenario.writesSince(before)).not.toContain("CreateDataset");
    const state = await project.exportStack("dev");
    expect(state.deployment.resources?.find((r) => r.urn.endsWith("::imported"))?.id).toBe(
      "import-media/made-by-hand",
    );
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });
});
