/**
 * pulumi-alicloud-media: Pulumi resources for Alibaba Cloud IMM (2020-09-30) and ICE (2020-11-09).
 *   import * as media from "pulumi-alicloud-media";
 *   new media.imm.Project("photos", { description: "family photos" });
 */
export * as imm from "./imm";
export * as ice from "./ice";
