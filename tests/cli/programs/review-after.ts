/**
 * review-before.ts after review: the project's description changes (IMM updates it in place), the
 * dataset is renamed (a name-keyed object: replaced, the old one deleted first), and the timeline is
 * the same JSON written as a string with other spacing and key order (no change).
 */
import * as media from "pulumi-alicloud-media";

export = async () => {
  const project = new media.imm.Project("media", {
    projectName: "review-media",
    description: "media for the review, reviewed",
    datasetMaxBindCount: 3,
  });
  const dataset = new media.imm.Dataset("assets", {
    projectName: project.projectName,
    datasetName: "assets-v2",
    description: "raw footage",
    forceDestroy: true,
  });
  const edit = new media.ice.EditingProject("edit", {
    title: "review edit",
    timeline:
      '{ "VideoTracks": [ { "VideoTrackClips": [ { "Out": 5, "In": 0, "MediaURL": "https://example.com/a.mp4" } ] } ] }',
  });
  return { projectName: project.projectName, datasetName: dataset.datasetName, projectId: edit.projectId };
};
