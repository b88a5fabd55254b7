/** The ICE 2020-11-09 service: editing projects and Yike storyboard jobs. */
import type { ServiceDefinition } from "../core/service";
import { editingProjectHandlers, editingProjectTransitions } from "./editing-projects";
import { yikeJobHandlers, yikeJobTransitions } from "./yike-jobs";

export const iceService: ServiceDefinition = {
  product: "ice",
  version: "2020-11-09",
  handlers: {
    ...editingProjectHandlers,
    ...yikeJobHandlers,
  },
  transitions: {
    ...editingProjectTransitions,
    ...yikeJobTransitions,
  },
};
