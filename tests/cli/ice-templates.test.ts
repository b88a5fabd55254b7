/**
 * ice.Template and ice.CustomTemplate through the real CLI: a VETemplate waited for until Available
 * and a default transcoding preset; a second up changes and writes nothing; a new template config and
 * a new bitrate are updated in place (no replacement, same IDs); refresh finds no drift; destroy
 * leaves the emulator empty.
 */
import type { CliProject } from "./support/cli-project";
import { describeWithCli, exampleProgram, startScenario, type Scenario } from "./support/scenario";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];

describeWithCli("ice templates through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: CliProject;
  const rows = (table: string) =>
    Object.values(scenario.emulator.resources()[table] ?? {}) as Record<string, unknown>[];

  beforeAll(async () => {
    scenario = await startScenario(tools, { templateProcessMs: 300 });
    project = scenario.newProject("templates", exampleProgram("tests/cli/programs/ice-templates.ts"));
    await project.initStack("dev", scenario.config, scenario.secrets);
  });
  afterAll(() => scenario?.close());

  it("creates an analysed template and a default preset; a second up changes and writes nothing", async () => {
    await project.ok(["up", "--yes", ...STACK]);
    const outputs = await project.outputs("dev");
    expect(outputs).toMatchObject({
      templateStatus: "Available",
      presetSubtype: "Normal",
      presetDefault: true,
    });
    expect(JSON.parse(String(outputs.clipsParam))).toEqual({ Intro: "", Main: "" });
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("updates the template's config and the preset's bitrate in place", async () => {
    const { templateId, presetId } = await project.outputs("dev");
    await project.ok(["config", "set", "--stack", "dev", "templates:take", "2"]);
    await project.ok(["config", "set", "--stack", "dev", "templates:bitrate", "3000"]);
    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/alicloud-media\/ice:Template: \(update\)/);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/alicloud-media\/ice:CustomTemplate: \(update\)/);
    expect(preview.stdout).not.toMatch(/\(replace\)/);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", ...STACK]);
    expect(scenario.writesSince(before).sort()).toEqual(["UpdateCustomTemplate", "UpdateTemplate"]);
    expect(rows("ice.templates")).toEqual([
      expect.objectContaining({
        TemplateId: templateId,
        Status: "Available",
        Config: expect.objectContaining({ Take: "2" }),
      }),
    ]);
    expect(rows("ice.customTemplates")).toEqual([
      expect.objectContaining({
        TemplateId: presetId,
        IsDefault: true,
        TemplateConfig: expect.objectContaining({ Video: expect.objectContaining({ Bitrate: 3000 }) }),
      }),
    ]);
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });

  it("refresh finds nothing; destroy leaves the emulator empty", async () => {
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["refresh", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
    const destroy = await project.ok(["destroy", "--yes", ...STACK]);
    expect(destroy.stdout).toMatch(/-\s+3 deleted/);
    expect(scenario.leftovers()).toEqual([]);
    expect(rows("ice.templates")).toEqual([]);
    expect(rows("ice.customTemplates")).toEqual([]);
  });
});
