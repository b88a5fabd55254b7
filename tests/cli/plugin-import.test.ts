/**
 * `pulumi import` of an object made outside Pulumi, through the provider plugin: the engine reads
 * the object by its ID alone, records it, and the YAML host writes the code that declares it. Dynamic
 * resources cannot do this (pulumi/pulumi#16175; tests/cli/import.test.ts); the plugin can, because
 * the engine reaches the plugin's Read without any serialized provider. The plugin is found on PATH
 * here (the other plugin tests name its folder in Pulumi.yaml).
 */
import { imm } from "../../provider/operations";
import { describeWithCli, startScenario, type Scenario } from "./support/scenario";
import { YamlProject, yamlProgram } from "./programs/plugin-yaml/project";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("pulumi import through the provider plugin and the real CLI", (tools) => {
  let scenario: Scenario;
  let project: YamlProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    const byHand = scenario.outOfBand("imm");
    await byHand.call(imm.CreateProject, { ProjectName: "import-media" });
    await byHand.call(imm.CreateDataset, {
      ProjectName: "import-media",
      DatasetName: "made_by_hand",
      Description: "created in the console",
    });
    project = new YamlProject(
      tools,
      "plugin-import",
      scenario.installDir,
      yamlProgram("../plugin-import/Pulumi.yaml"),
    );
    project.pluginOnPath = true;
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(async () => {
    project?.remove();
    await scenario?.close();
  });

  it("imports a dataset by its ID, writes its declaration, and the next up changes nothing", async () => {
    const before = { ...scenario.emulator.stats().requests };
    const imported = await project.ok([
      "import",
      "alicloud-media:imm:Dataset",
      "photos",
      "import-media/made_by_hand",
      "--yes",
      ...STACK,
    ]);
    expect(scenario.writesSince(before)).toEqual([]);
    expect(imported.stdout).toMatch(/=\s+alicloud-media:imm:Dataset\s+photos\s+import/);

    const state = await project.exportStack("dev");
    const dataset = state.deployment.resources?.find((r) => r.type === "alicloud-media:imm:Dataset");
    expect(dataset?.id).toBe("import-media/made_by_hand");
    expect(dataset?.outputs).toMatchObject({
      description: "created in the console",
      datasetName: "made_by_hand",
    });

    // The code the YAML host generated from the plugin's schema and the read inputs.
    const code = /resources:\n[\s\S]*/.exec(imported.stdout)?.[0] ?? "";
    expect(code).toContain("type: alicloud-media:imm:Dataset");
    expect(code).toContain("description: created in the console");
    expect(code).toContain("projectName: import-media");
    expect(code).toContain("protect: true");

    project.setYaml(
      yamlProgram("../plugin-import/Pulumi.yaml").replace("resources: {}\n", code.trimEnd() + "\n"),
    );
    const again = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(again)).toEqual([]);
  });
});
