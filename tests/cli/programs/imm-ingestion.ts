/**
 * An IMM project whose trigger runs `doc/convert` on new uploads. `suspended` (stack config) suspends
 * the trigger in place.
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
  return {
    projectName: project.projectName,
    triggerId: trigger.triggerId,
    triggerState: trigger.triggerState,
  };
};
