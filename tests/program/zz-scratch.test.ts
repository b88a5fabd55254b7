import { startEmulator } from "../../emulator";
import { runProgram } from "../harness/program";
import { openStack, stackConfigFor, objectsLeft } from "./program-fixtures";
import * as media from "pulumi-alicloud-media";
it("forceDestroy toggle", async () => {
  const emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 50 } });
  const config = stackConfigFor("Pulumi.dev.yaml", emulator);
  const stack = await openStack("p", "dev", config);
  const prog = (force: boolean, desc: string) => () => {
    const p = new media.imm.Project("p", {});
    const d = new media.imm.Dataset("d", { projectName: p.projectName, forceDestroy: force, description: desc });
    new media.imm.Binding("b", { projectName: p.projectName, datasetName: d.datasetName, uri: "oss://x" });
    return {};
  };
  await runProgram(prog(false, "a"), stack.deployment, { project: "p", stack: "dev" });
  const r = await runProgram(prog(true, "a"), stack.deployment, { project: "p", stack: "dev" });
  console.log("toggle only:", r.result.changes, stack.deployment.resource("d")?.outputs.forceDestroy);
  const r2 = await runProgram(prog(true, "b"), stack.deployment, { project: "p", stack: "dev" });
  console.log("with update:", r2.result.changes, stack.deployment.resource("d")?.outputs.forceDestroy);
  await stack.deployment.destroy();
  console.log("left", objectsLeft(emulator));
  await stack.close(); await emulator.close();
});
