/**
 * The program before the move: dynamic resources from TypeScript. Pulumi.yaml beside it declares the
 * same resources, under the same names, on the provider plugin.
 */
import * as media from "pulumi-alicloud-media";

export = async () => {
  const project = new media.imm.Project("media", {
    description: "moving to the plugin",
    tags: { owner: "ts" },
  });
  const dataset = new media.imm.Dataset("photos", {
    projectName: project.projectName,
    description: "photos",
    forceDestroy: true,
  });
  const edit = new media.ice.EditingProject("edit", { title: "moving edit", description: "an edit" });
  return { projectName: project.projectName, datasetId: dataset.id, editId: edit.id };
};
