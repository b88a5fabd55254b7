/**
 * A pull request's "before": a project, a dataset and an editing project with explicit names, so
 * the rendered preview is the same on every run. review-after.ts is the same program after review.
 */
import * as media from "pulumi-alicloud-media";

export = async () => {
  const project = new media.imm.Project("media", {
    projectName: "review-media",
    description: "media for the review",
    datasetMaxBindCount: 3,
  });
  const dataset = new media.imm.Dataset("assets", {
    projectName: project.projectName,
    datasetName: "assets",
    description: "raw footage",
    forceDestroy: true,
  });
  const edit = new media.ice.EditingProject("edit", {
    title: "review edit",
    timeline: {
      VideoTracks: [{ VideoTrackClips: [{ MediaURL: "https://example.com/a.mp4", In: 0, Out: 5 }] }],
    },
  });
  return { projectName: project.projectName, datasetName: dataset.datasetName, projectId: edit.projectId };
};
