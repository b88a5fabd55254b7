/** A project and a dataset with explicit names, for drift made out of band in the console. */
import * as media from "pulumi-alicloud-media";

export = async () => {
  const project = new media.imm.Project("media", {
    projectName: "drift-media",
    description: "declared in code",
  });
  const dataset = new media.imm.Dataset("assets", {
    projectName: project.projectName,
    datasetName: "assets",
    description: "declared in code",
    forceDestroy: true,
  });
  return { datasetName: dataset.datasetName };
};
