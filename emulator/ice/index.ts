/** The ICE 2020-11-09 service: editing projects and Yike storyboard jobs. */
import type { ServiceDefinition } from "../core/service";

export const iceService: ServiceDefinition = {
  product: "ice",
  version: "2020-11-09",
  handlers: {},
  transitions: {},
};
