/**
 * The quickstart: an IMM project, a dataset, and an OSS binding that indexes a bucket into it, wired
 * through outputs. `npm run quickstart` deploys it against the local emulator; with the Pulumi CLI,
 * `pulumi up` on the `dev` stack does the same (see Pulumi.dev.yaml).
 */
import * as media from "pulumi-alicloud-media";

const project = new media.imm.Project("media", {
  description: "quickstart media project",
  datasetMaxBindCount: 5,
  tags: { owner: "quickstart" },
});

const photos = new media.imm.Dataset("photos", {
  projectName: project.projectName,
  description: "family photos",
  templateId: "Official:ImageManagement",
  forceDestroy: true,
});

const bucket = new media.imm.Binding("photos-bucket", {
  projectName: project.projectName,
  datasetName: photos.datasetName,
  uri: "oss://quickstart-photos",
  waitTimeoutSeconds: 60,
});

export const projectName = project.projectName;
export const datasetName = photos.datasetName;
export const bindingState = bucket.state;
export const bindingPhase = bucket.phase;
