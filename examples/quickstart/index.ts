/**
 * The quickstart: a small media pipeline on Alibaba Cloud, every resource wired to the next through
 * outputs, so `pulumi up` creates them in dependency order and a change flows down the chain.
 *
 *   imm.Project ─▶ imm.Dataset ─▶ imm.Binding (indexes an OSS bucket) ─▶ imm.Story (a "memory" of it)
 *        └────────▶ imm.Batch (converts the bucket's documents)
 *   imm.Story ─▶ ice.EditingProject (an edit titled after the story) ─▶ ice.StoryboardJob (a storyboard)
 *                      └──────────────▶ ice.MediaProducingJob (renders the edit to a video in the bucket)
 *   ice.Pipeline (the queue the stack's media jobs run in), ice.CustomTemplate (a transcoding preset)
 *   imm.Project ─▶ imm.Trigger (converts new documents as they arrive), imm.OssBucketAttachment
 *
 * `npm run quickstart` deploys it against the local emulator; with the Pulumi CLI, `pulumi up` on the
 * `dev` stack does the same (Pulumi.dev.yaml at the repository root points both endpoints at the
 * emulator).
 *
 * The program is an exported function (Pulumi calls it and exports what it returns as stack outputs),
 * which also lets the offline runner and the tests run it once per `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

export = async () => {
  // Optional stack config (namespace = the project name): the OSS bucket to index and an owner tag.
  const config = new pulumi.Config();
  const bucketName = config.get("bucket") ?? "quickstart-photos";
  const owner = config.get("owner") ?? "quickstart";
  const region = new pulumi.Config("alicloud-media").get("region") ?? "cn-shanghai";
  const objectUrl = (key: string) => `https://${bucketName}.oss-${region}.aliyuncs.com/${key}`;

  // ── IMM: where the media lives and how it is indexed ─────────────────────────────────────────────
  const project = new media.imm.Project("media", {
    description: "quickstart media project",
    datasetMaxBindCount: 5,
    tags: { owner },
  });

  const photos = new media.imm.Dataset("photos", {
    projectName: project.projectName,
    description: "family photos",
    templateId: "Official:ImageManagement",
    // The quickstart is meant to be torn down: its bindings and indexes are removed with the dataset.
    forceDestroy: true,
  });

  const bucket = new media.imm.Binding("photos-bucket", {
    projectName: project.projectName,
    datasetName: photos.datasetName,
    uri: `oss://${bucketName}`,
    waitTimeoutSeconds: 60,
  });

  // Taking the dataset from the binding's outputs orders the story after the bucket is being indexed.
  const highlights = new media.imm.Story("highlights", {
    projectName: bucket.projectName,
    datasetName: bucket.datasetName,
    storyType: "TimeMemory",
    storyName: "Quickstart highlights",
    customLabels: { source: "quickstart" },
    waitTimeoutSeconds: 120,
  });

  // A one-off conversion of the bucket's documents. Waiting for completion records a finished batch,
  // which IMM cannot update: a later change to its input, actions or tags then previews (and applies)
  // as a replacement, a new batch, instead of an update that would fail.
  const documents = new media.imm.Batch("documents", {
    projectName: project.projectName,
    input: { oss: { bucket: bucketName, prefix: "docs/" } },
    actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
    tags: { owner },
    waitForCompletion: true,
    waitTimeoutSeconds: 300,
  });

  // ── ICE: an edit and a storyboard made from what IMM found ───────────────────────────────────────
  const edit = new media.ice.EditingProject("highlights-edit", {
    title: pulumi.interpolate`${highlights.storyName} (edit)`,
    description: pulumi.interpolate`cut from story ${highlights.objectId}`,
    timeline: {
      VideoTracks: [{ VideoTrackClips: [{ MediaURL: objectUrl("videos/intro.mp4"), In: 0, Out: 5 }] }],
    },
  });

  const storyboard = new media.ice.StoryboardJob("highlights-storyboard", {
    fileUrl: objectUrl("scripts/highlights.txt"),
    title: edit.title,
    sourceType: "Novel",
    modelParams: { AudioEnable: false },
    // Change this value to order a new storyboard with the same inputs.
    triggers: ["v1"],
    waitTimeoutSeconds: 120,
  });

  // ── ICE: the edit rendered to a video ───────────────────────────────────────────────────────────
  // A queue for the stack's media jobs: its priority and status change in place.
  const queue = new media.ice.Pipeline("render-queue", { priority: 6, speed: "Standard" });

  // A transcoding preset for the team's deliveries: its settings update in place.
  const preset = new media.ice.CustomTemplate("delivery-preset", {
    type: 1,
    templateConfig: { Container: { Format: "mp4" }, Video: { Codec: "H.264", Bitrate: 2000 } },
  });

  // Documents that land in the bucket later are converted as they arrive, and the bucket's
  // x-oss-process may use the project.
  const arrivals = new media.imm.Trigger("new-documents", {
    projectName: project.projectName,
    input: { oss: { bucket: bucketName, prefix: "docs/" } },
    actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
  });
  new media.imm.OssBucketAttachment("bucket-processing", {
    projectName: project.projectName,
    ossBucket: bucketName,
  });

  // Rendering is billed per job: any change to these inputs (a new output file, say) is a new render,
  // and the client token derived from the stack and the inputs makes a retried submit the same job.
  const video = new media.ice.MediaProducingJob("highlights-video", {
    projectId: edit.projectId,
    outputMediaConfig: { mediaUrl: objectUrl("renders/highlights.mp4"), width: 1280, height: 720 },
    waitTimeoutSeconds: 300,
  });

  return {
    pipelineId: queue.pipelineId,
    presetId: preset.templateId,
    triggerState: arrivals.state,
    videoUrl: video.mediaUrl,
    videoDuration: video.duration,
    projectName: project.projectName,
    datasetName: photos.datasetName,
    bindingState: bucket.state,
    storyId: highlights.objectId,
    storyFileCount: highlights.fileCount,
    batchId: documents.batchId,
    batchState: documents.batchState,
    editingProjectId: edit.projectId,
    storyboardJobStatus: storyboard.jobStatus,
    storyboardOutputUrl: storyboard.outputUrl,
  };
};
