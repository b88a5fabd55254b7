/**
 * The ICE 2020-11-09 service: editing projects, media producing jobs, templates, custom templates,
 * pipelines and Yike storyboard jobs, and ICE's per-operation throttling thresholds.
 */
import type { ServiceDefinition } from "../core/service";
import { customTemplateHandlers } from "./custom-templates";
import { editingProjectHandlers, editingProjectTransitions } from "./editing-projects";
import { mediaProducingJobHandlers, mediaProducingJobTransitions, SUBMIT_QPS } from "./media-producing-jobs";
import { pipelineHandlers } from "./pipelines";
import { templateHandlers, templateTransitions } from "./templates";
import { yikeJobHandlers, yikeJobTransitions } from "./yike-jobs";

/** Operations whose page documents a throttling threshold (requests per second, per account). */
const THRESHOLDS: ReadonlyMap<string, number> = new Map([["SubmitMediaProducingJob", SUBMIT_QPS]]);

export const iceService: ServiceDefinition = {
  product: "ice",
  version: "2020-11-09",
  handlers: {
    ...editingProjectHandlers,
    ...mediaProducingJobHandlers,
    ...templateHandlers,
    ...customTemplateHandlers,
    ...pipelineHandlers,
    ...yikeJobHandlers,
  },
  transitions: {
    ...editingProjectTransitions,
    ...mediaProducingJobTransitions,
    ...templateTransitions,
    ...yikeJobTransitions,
  },
  rateLimit(ctx) {
    const limit = THRESHOLDS.get(ctx.action);
    return limit === undefined ? undefined : { bucket: `ice:${ctx.action}`, limit };
  },
};
