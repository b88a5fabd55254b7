/**
 * Moving a stack from the dynamic resources (TypeScript) to the provider plugin (here a YAML program
 * of the same project): the schema's type aliases match each resource to its state, the engine asks
 * the plugin's DiffConfig whether the change of provider replaces anything (it does not) and the
 * plugin's Diff, which ignores the dynamic provider's `__provider`. Nothing is replaced or written;
 * the state then holds the plugin's types with the same IDs.
 */
import fs from "node:fs";
import path from "node:path";
import { describeWithCli, REPO_ROOT, startScenario, type Scenario } from "./support/scenario";
import { YamlProject } from "./programs/plugin-yaml/project";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];
const PROGRAMS = path.join(REPO_ROOT, "tests/cli/programs/plugin-migrate");
const read = (file: string) => fs.readFileSync(path.join(PROGRAMS, file), "utf8");

describeWithCli("a stack moved from the dynamic resources to the provider plugin", (tools) => {
  let scenario: Scenario;
  let project: YamlProject;
  beforeAll(async () => {
    scenario = await startScenario(tools);
    project = new YamlProject(tools, "plugin-migrate", scenario.installDir, read("Pulumi.yaml"));
  });
  afterAll(async () => {
    project?.remove();
    await scenario?.close();
  });

  it("keeps every object: no replacement, no write, the same IDs under the plugin's types", async () => {
    project.setTypeScript(read("index.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
    await project.ok(["up", "--yes", ...STACK]);
    const ids = (await project.exportStack("dev")).deployment.resources!.filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/alicloud-media/"),
    );
    expect(ids).toHaveLength(3);

    project.setYaml(read("Pulumi.yaml"));
    const before = { ...scenario.emulator.stats().requests };
    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).not.toMatch(/\(replace\)|to replace|to create|to delete/);

    await project.ok(["up", "--yes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    const moved = (await project.exportStack("dev")).deployment.resources!;
    for (const old of ids) {
      const token = old.type.replace("pulumi-nodejs:dynamic/alicloud-media/", "alicloud-media:");
      expect(moved.find((r) => r.type === token)?.id).toBe(old.id);
    }
    expect(moved.some((r) => r.type.startsWith("pulumi-nodejs:dynamic"))).toBe(false);

    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
