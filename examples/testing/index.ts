/**
 * A small program to test offline: an IMM project and a dataset in it. `index.test.ts` beside it
 * deploys it against the local emulator with `pulumi-alicloud-media/testing`.
 *
 * The program is an exported function, as an Automation API inline program is: the test passes it to
 * `startTestStack` as is, and `pulumi up` with this folder as a project would run it the same way.
 */
import * as media from "pulumi-alicloud-media";

export = async () => {
  const project = new media.imm.Project("media", { description: "tested offline" });
  const dataset = new media.imm.Dataset("photos", {
    projectName: project.projectName,
    templateId: "Official:ImageManagement",
    // A test stack is torn down after every run: remove whatever the dataset indexed with it.
    forceDestroy: true,
  });
  return { projectName: project.projectName, datasetName: dataset.datasetName };
};
