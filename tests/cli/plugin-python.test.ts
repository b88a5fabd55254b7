/**
 * The provider plugin from a Python program: the Automation API runs main.py's inline program against
 * the real CLI (the Python language plugin cannot be built here; `npm run pulumi:install` installs the
 * `pulumi` Python package in a virtual environment). The same checks as the YAML program: preview
 * without API calls, up, a no-op up with zero writes, `preview --diff` with a replacement and an
 * in-place update, refresh finding drift that up repairs, destroy to an empty emulator.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { imm } from "../../provider/operations";
import { describeWithCli, REPO_ROOT, startScenario, type Scenario } from "./support/scenario";
import { YamlProject, yamlProgram } from "./programs/plugin-yaml/project";

jest.setTimeout(300_000);

/** Where `npm run pulumi:install` puts the Python SDK (scripts/pulumi-install.sh). */
const PYTHON = path.join(
  process.env.PULUMI_ALICLOUD_MEDIA_TOOLS ?? path.join(os.homedir(), ".cache", "pulumi-alicloud-media"),
  "python-3.272.0",
  "venv",
  "bin",
  "python",
);
const MAIN = path.join(REPO_ROOT, "tests/cli/programs/plugin-python/main.py");

interface Summary {
  changes: Record<string, number>;
  stdout: string;
}

describeWithCli(
  "the provider plugin from a Python program, through the Automation API and the real CLI",
  (tools) => {
    if (!fs.existsSync(PYTHON)) {
      console.warn(
        `tests/cli: the plugin's Python scenario skipped: no ${PYTHON}; run \`npm run pulumi:install\``,
      );
      it.skip("needs the Python SDK", () => undefined);
      return;
    }
    let scenario: Scenario;
    let project: YamlProject;
    let programConfig: Record<string, string> = {};

    function python(command: string, ...flags: string[]): Promise<Summary> {
      const env = project.env({
        ALICLOUD_MEDIA_STACK_CONFIG: JSON.stringify({ ...scenario.config, ...programConfig }),
        ALICLOUD_MEDIA_STACK_SECRETS: JSON.stringify(scenario.secrets),
      });
      return new Promise((resolve, reject) =>
        execFile(
          PYTHON,
          [MAIN, project.dir, command, ...flags],
          { env, timeout: 180_000 },
          (error, stdout, stderr) =>
            error
              ? reject(new Error(`main.py ${command} failed: ${error.message}\n${stdout}\n${stderr}`))
              : resolve(JSON.parse(stdout.trim().split("\n").pop()!) as Summary),
        ),
      );
    }
    const remoteDescription = async () => {
      const { projectName } = await project.outputs("dev");
      const answer = await scenario
        .outOfBand("imm")
        .call(imm.GetDataset, { ProjectName: String(projectName), DatasetName: "photos" });
      return answer.Dataset.Description;
    };

    beforeAll(async () => {
      scenario = await startScenario(tools);
      project = new YamlProject(
        tools,
        "plugin-python",
        scenario.installDir,
        yamlProgram("../plugin-python/Pulumi.yaml"),
      );
    });
    afterAll(async () => {
      project?.remove();
      await scenario?.close();
    });

    it("previews without calling the service, creates, and a second up writes nothing", async () => {
      const quiet = { ...scenario.emulator.stats().requests };
      expect((await python("preview")).changes).toEqual({ create: 5 });
      expect(scenario.emulator.stats().requests).toEqual(quiet);

      expect((await python("up")).changes).toEqual({ create: 5 });
      const state = await project.exportStack("dev");
      const types = (state.deployment.resources ?? [])
        .map((r) => r.type)
        .filter((t) => t.startsWith("alicloud-media:"));
      expect(types.sort()).toEqual([
        "alicloud-media:ice:EditingProject",
        "alicloud-media:imm:Dataset",
        "alicloud-media:imm:Project",
        "alicloud-media:imm:Story",
      ]);

      const before = { ...scenario.emulator.stats().requests };
      expect((await python("up")).changes).toEqual({ same: 5 });
      expect(scenario.writesSince(before)).toEqual([]);
    });

    it("shows a replacement and an in-place update per property", async () => {
      programConfig = {
        "plugin-python:datasetName": "pictures",
        "plugin-python:description": "renamed photos",
      };
      const { stdout } = await python("preview", "--diff");
      expect(stdout).toMatch(/\+-alicloud-media:imm:Dataset: \(replace\)/);
      expect(stdout).toMatch(/~ datasetName\s*: "photos" => "pictures"/);
      expect(stdout).toMatch(/~ description\s*: "plugin photos" => "renamed photos"/);
      // Stack config persists: back to the values the program defaults to.
      programConfig = { "plugin-python:datasetName": "photos", "plugin-python:description": "plugin photos" };
    });

    it("finds drift on refresh, repairs it on up, and destroys everything", async () => {
      const { projectName } = await project.outputs("dev");
      await scenario.outOfBand("imm").call(imm.UpdateDataset, {
        ProjectName: String(projectName),
        DatasetName: "photos",
        Description: "edited in the console",
      });
      expect((await python("refresh")).changes).toMatchObject({ update: 1 });
      expect((await python("up")).changes).toMatchObject({ update: 1 });
      expect(await remoteDescription()).toBe("plugin photos");

      await python("destroy");
      expect(scenario.leftovers()).toEqual([]);
    });
  },
);
