/**
 * One program, one stack per environment. Everything that differs between dev, staging and prod is
 * stack config (Pulumi.<stack>.yaml), never a branch on the stack name:
 *
 * | config key                            | dev                   | staging                    | prod              |
 * |---------------------------------------|-----------------------|----------------------------|-------------------|
 * | alicloud-media:region                 | cn-shanghai           | cn-hangzhou                | cn-beijing        |
 * | alicloud-media:imm/iceEndpoint        | local emulator        | regional, explicit         | from the region   |
 * | credentials                           | emulator keys         | CI secrets (env)           | CI secrets (env)  |
 * | media-pipeline:namePrefix             | dev                   | stg                        | prod              |
 * | media-pipeline:datasetMax* / project… | small                 | medium                     | large             |
 * | media-pipeline:protectData            | false                 | false                      | true              |
 * | media-pipeline:forceDestroy           | true                  | true                       | false             |
 *
 * Physical names are explicit (`<prefix>-media`, `<prefix>-assets`), so each environment's objects are
 * recognisable in the console; the provider replaces name-keyed objects delete-first when a name changes.
 * With `protectData`, the project and the dataset (the production data) carry Pulumi's `protect`
 * option: `pulumi destroy`, or an edit that would replace them, fails until it is turned off. Without
 * `forceDestroy`, a dataset that still indexes files is never deleted (IMM refuses; the provider says
 * what to do), a second guard for production data.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

const PREFIX_RULE = /^[a-z][a-z0-9-]{0,19}$/;

export = async () => {
  const config = new pulumi.Config();
  const prefix = config.require("namePrefix");
  if (!PREFIX_RULE.test(prefix)) {
    throw new Error(
      `media-pipeline:namePrefix must be 1-20 lowercase letters, digits or hyphens starting with a letter, got ${JSON.stringify(prefix)}`,
    );
  }
  const protectData = config.getBoolean("protectData") ?? false;
  const forceDestroy = config.getBoolean("forceDestroy") ?? false;
  const quotas = {
    datasetMaxBindCount: config.getNumber("datasetMaxBindCount", { min: 1, max: 10 }),
    datasetMaxFileCount: config.getNumber("datasetMaxFileCount", { min: 1 }),
    projectMaxDatasetCount: config.getNumber("projectMaxDatasetCount", { min: 1 }),
  };

  const project = new media.imm.Project(
    "media",
    {
      projectName: `${prefix}-media`,
      description: `media pipeline (${prefix})`,
      datasetMaxBindCount: quotas.datasetMaxBindCount,
      datasetMaxFileCount: quotas.datasetMaxFileCount,
      projectMaxDatasetCount: quotas.projectMaxDatasetCount,
      tags: { env: prefix, "managed-by": "pulumi" },
    },
    { protect: protectData },
  );

  const assets = new media.imm.Dataset(
    "assets",
    {
      projectName: project.projectName,
      datasetName: `${prefix}-assets`,
      description: `uploaded assets (${prefix})`,
      templateId: "Official:ImageManagement",
      datasetMaxBindCount: quotas.datasetMaxBindCount,
      datasetMaxFileCount: quotas.datasetMaxFileCount,
      // Non-production datasets may be torn down with their bindings and indexes; production ones never.
      forceDestroy,
    },
    { protect: protectData },
  );

  const uploads = new media.imm.Binding("uploads", {
    projectName: project.projectName,
    datasetName: assets.datasetName,
    uri: `oss://${config.require("bucket")}`,
    waitTimeoutSeconds: 600,
  });

  return {
    region: new pulumi.Config("alicloud-media").get("region") ?? "(from alicloud:region or the environment)",
    projectName: project.projectName,
    datasetName: assets.datasetName,
    bindingState: uploads.state,
    protected: protectData,
  };
};
