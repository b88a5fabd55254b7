/**
 * An IMM project whose trigger runs `doc/convert` on new uploads, and the bucket attached to the
 * project. `suspended` (stack config) suspends the trigger in place; `note` (stack config) replaces
 * the attachment.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

export = async () => {
  const config = new pulumi.Config();
  const project = new media.imm.Project("media", { description: "ingestion" });
  const trigger = new media.imm.Trigger("on-upload", {
    projectName: project.projectName,
    input: { oss: { bucket: "uploads", prefix: "in/", matchExpressions: ["\\.docx$"] } },
    actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
    tags: { team: "media" },
    state: config.getBoolean("suspended") ? "Suspended" : "Running",
  });
  const attachment = new media.imm.OssBucketAttachment("uploads", {
    projectName: project.projectName,
    ossBucket: "uploads",
    description: config.get("note") ?? "ingestion",
  });
  return {
    attachedTo: attachment.projectName,
    projectName: project.projectName,
    triggerId: trigger.triggerId,
    triggerState: trigger.triggerState,
  };
};
