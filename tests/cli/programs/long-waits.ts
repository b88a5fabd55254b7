/**
 * Three resources whose create waits on asynchronous work: a story (IMM StoryCreation task), a batch
 * waiting for completion, and a storyboard job. With the emulator's timings stretched, an apply can
 * be interrupted while all three wait.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

export = async () => {
  const config = new pulumi.Config();
  const only = config.get("only");
  // After a hard kill, the storyboard job the killed run submitted (its ID is in that run's output).
  const adoptJobId = config.get("adoptJobId");
  const project = new media.imm.Project("media", { projectName: "waits-media" });
  const dataset = new media.imm.Dataset("assets", {
    projectName: project.projectName,
    datasetName: "assets",
    forceDestroy: true,
  });
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  if (!only || only === "story") {
    const story = new media.imm.Story("highlights", {
      projectName: project.projectName,
      datasetName: dataset.datasetName,
      storyType: "TimeMemory",
      storyName: "highlights",
      waitTimeoutSeconds: 600,
    });
    outputs.storyId = story.objectId;
  }
  if (!only || only === "batch") {
    const batch = new media.imm.Batch("convert", {
      projectName: project.projectName,
      input: { oss: { bucket: "waits-bucket", prefix: "docs/" } },
      actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
      waitForCompletion: true,
      waitTimeoutSeconds: 600,
    });
    outputs.batchId = batch.batchId;
  }
  if (!only || only === "storyboard") {
    const job = new media.ice.StoryboardJob("storyboard", {
      fileUrl: "https://waits-bucket.oss-cn-shanghai.aliyuncs.com/scripts/source.txt",
      sourceType: "Novel",
      waitTimeoutSeconds: 600,
      ...(adoptJobId ? { adoptJobId } : {}),
    });
    outputs.jobId = job.jobId;
  }
  return outputs;
};
