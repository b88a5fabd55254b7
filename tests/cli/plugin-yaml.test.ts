/**
 * The provider plugin under the real CLI, from a YAML program (project, dataset, story, editing
 * project): the engine starts `pulumi-resource-alicloud-media` from the installed package, asks it
 * for the schema the YAML host checks the program against, and drives the same specs the dynamic
 * resources run. Preview calls no API; up creates; a second up writes nothing; `preview --diff` shows
 * per property whether it updates or replaces; refresh finds drift that the next up repairs; destroy
 * leaves the emulator empty.
 */
import { imm } from "../../provider/operations";
import type { StackExport } from "./support/cli-project";
import { describeWithCli, startScenario, type Scenario } from "./support/scenario";
import { YamlProject, yamlProgram } from "./programs/plugin-yaml/project";

jest.setTimeout(300_000);

const STACK = ["--non-interactive", "--stack", "dev"];
/** A secret input: the plugin wraps its output as a secret again, so the state holds it encrypted. */
const EDIT_NOTE = "cut from the story, secretly";

function ofType(state: StackExport, token: string) {
  return (state.deployment.resources ?? []).filter((resource) => resource.type === token);
}

interface PreviewStep {
  op: string;
  urn: string;
  detailedDiff?: Record<string, { kind: string }>;
}

describeWithCli("the provider plugin from a YAML program, through the real CLI", (tools) => {
  let scenario: Scenario;
  let project: YamlProject;
  const remoteDataset = async () => {
    const state = await project.exportStack("dev");
    const id = ofType(state, "alicloud-media:imm:Dataset")[0]!.id!;
    const [projectName, datasetName] = id.split("/");
    const answer = await scenario.outOfBand("imm").call(imm.GetDataset, {
      ProjectName: projectName!,
      DatasetName: datasetName!,
    });
    return answer.Dataset;
  };

  beforeAll(async () => {
    scenario = await startScenario(tools);
    project = new YamlProject(tools, "plugin-yaml", scenario.installDir, yamlProgram());
    await project.initStack("dev", scenario.config, {
      ...scenario.secrets,
      "plugin-yaml:editNote": EDIT_NOTE,
    });
  });
  afterAll(async () => {
    project?.remove();
    await scenario?.close();
  });

  it("previews the four creates without calling the service", async () => {
    const before = { ...scenario.emulator.stats().requests };
    const { stdout } = await project.ok(["preview", ...STACK]);
    expect(stdout).toMatch(/\+\s+alicloud-media:imm:Project\s+media\s+create/);
    expect(stdout).toMatch(/\+\s+alicloud-media:ice:EditingProject\s+edit\s+create/);
    expect(stdout).toMatch(/\+\s+5 to create/); // the four and the stack
    expect(scenario.emulator.stats().requests).toEqual(before);
  });

  it("creates them, and a second up writes nothing", async () => {
    await project.ok(["up", "--yes", ...STACK]);
    const state = await project.exportStack("dev");
    for (const token of [
      "alicloud-media:imm:Project",
      "alicloud-media:imm:Dataset",
      "alicloud-media:imm:Story",
      "alicloud-media:ice:EditingProject",
    ])
      expect(ofType(state, token)).toHaveLength(1);
    // The secret access key never reaches the state; a secret input stays a secret in the outputs.
    expect(JSON.stringify(state)).not.toContain(scenario.secrets["alicloud-media:accessKeySecret"]);
    expect(JSON.stringify(state)).not.toContain(EDIT_NOTE);
    const edit = ofType(state, "alicloud-media:ice:EditingProject")[0]!;
    expect(edit.outputs?.description).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
    expect((await remoteDataset()).Description).toBe("plugin photos");

    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual([]);
  });

  it("names the property a check failure is about", async () => {
    await project.ok(["config", "set", "--stack", "dev", "datasetName", "9 photos"]);
    const result = await project.run(["preview", ...STACK]);
    await project.ok(["config", "set", "--stack", "dev", "datasetName", "photos"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(
      /alicloud-media:imm:Dataset resource 'photos': property datasetName value \{9 photos\} has a problem/,
    );
  });

  it("shows per property which change updates in place and which replaces", async () => {
    await project.ok(["config", "set", "--stack", "dev", "description", "renamed photos"]);
    await project.ok(["config", "set", "--stack", "dev", "datasetName", "pictures"]);
    const rendered = await project.ok(["preview", "--diff", ...STACK]);
    expect(rendered.stdout).toMatch(/\+-alicloud-media:imm:Dataset: \(replace\)/);
    expect(rendered.stdout).toMatch(/~ datasetName\s*: "photos" => "pictures"/);
    expect(rendered.stdout).toMatch(/~ description\s*: "plugin photos" => "renamed photos"/);

    const { stdout } = await project.ok(["preview", "--json", ...STACK]);
    const steps = (JSON.parse(stdout) as { steps: PreviewStep[] }).steps;
    const dataset = steps.find((step) => step.urn.endsWith("::photos") && step.op === "replace");
    expect(dataset?.detailedDiff).toEqual({
      datasetName: expect.objectContaining({ kind: "update-replace" }),
      description: expect.objectContaining({ kind: "update" }),
    });

    // Only the description: an update in place, nothing replaced.
    await project.ok(["config", "set", "--stack", "dev", "datasetName", "photos"]);
    const update = await project.ok(["preview", "--json", ...STACK]);
    const only = (JSON.parse(update.stdout) as { steps: PreviewStep[] }).steps.filter((s) => s.op !== "same");
    expect(only.map((step) => [step.op, step.urn.split("::").pop()])).toEqual([["update", "photos"]]);
    const before = { ...scenario.emulator.stats().requests };
    await project.ok(["up", "--yes", ...STACK]);
    expect(scenario.writesSince(before)).toEqual(["UpdateDataset"]);
    expect((await remoteDataset()).Description).toBe("renamed photos");
  });

  it("finds a change made out of band on refresh, and the next up restores the declaration", async () => {
    const dataset = await remoteDataset();
    await scenario.outOfBand("imm").call(imm.UpdateDataset, {
      ProjectName: dataset.ProjectName,
      DatasetName: dataset.DatasetName,
      Description: "edited in the console",
    });
    const refresh = await project.ok(["refresh", "--yes", ...STACK]);
    expect(refresh.stdout).toMatch(/~\s+1 updated/);
    const preview = await project.ok(["preview", "--diff", ...STACK]);
    expect(preview.stdout).toMatch(/~ description\s*: "edited in the console" => "renamed photos"/);
    await project.ok(["up", "--yes", ...STACK]);
    expect((await remoteDataset()).Description).toBe("renamed photos");
    await project.ok(["up", "--yes", "--expect-no-changes", ...STACK]);
  });

  it("destroys everything it created", async () => {
    await project.ok(["destroy", "--yes", ...STACK]);
    expect(scenario.leftovers()).toEqual([]);
  });
});
