/**
 * An editing project rendered by a media producing job through a pipeline. `priority` and `paused`
 * (stack config) change the pipeline in place; `take` (stack config) asks for a new render.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

export = async () => {
  const config = new pulumi.Config();
  const pipeline = new media.ice.Pipeline("queue", {
    priority: config.getNumber("priority") ?? 5,
    status: config.getBoolean("paused") ? "Paused" : "Active",
  });
  const project = new media.ice.EditingProject("cut", {
    timeline: {
      VideoTracks: [
        {
          VideoTrackClips: [
            { MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/in/a.mp4", In: 0, Out: 4 },
            { MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/in/b.mp4", In: 0, Out: 2 },
          ],
        },
      ],
    },
  });
  const render = new media.ice.MediaProducingJob("render", {
    projectId: project.projectId,
    outputMediaConfig: {
      mediaUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/out/cut.mp4",
      width: 1280,
      height: 720,
    },
    triggers: config.get("take") ?? "1",
  });
  return {
    pipelineId: pipeline.pipelineId,
    pipelineStatus: pipeline.status,
    mediaUrl: render.mediaUrl,
    duration: render.duration,
    status: render.status,
  };
};
