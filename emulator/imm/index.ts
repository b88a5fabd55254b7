/** The IMM 2020-09-30 service: every handler and async transition, and the per-project query rate. */
import type { ServiceDefinition } from "../core/service";
import { attachmentHandlers } from "./attachments";
import { batchHandlers, batchTransitions } from "./batches";
import { bindingHandlers, bindingTransitions } from "./bindings";
import { datasetHandlers } from "./datasets";
import { fileHandlers, fileTransitions } from "./files";
import { projectHandlers } from "./projects";
import { storyHandlers, storyTransitions } from "./stories";
import { projects } from "./tables";
import { taskHandlers } from "./tasks";
import { triggerHandlers, triggerTransitions } from "./triggers";

export const immService: ServiceDefinition = {
  product: "imm",
  version: "2020-09-30",
  handlers: {
    ...projectHandlers,
    ...datasetHandlers,
    ...bindingHandlers,
    ...fileHandlers,
    ...storyHandlers,
    ...taskHandlers,
    ...batchHandlers,
    ...triggerHandlers,
    ...attachmentHandlers,
  },
  transitions: {
    ...bindingTransitions,
    ...fileTransitions,
    ...storyTransitions,
    ...batchTransitions,
    ...triggerTransitions,
  },
  rateLimit(ctx) {
    const name = ctx.params.raw("ProjectName");
    const project = name ? projects(ctx).get(name) : undefined;
    return project
      ? { bucket: `imm:${name}`, limit: project.ProjectQueriesPerSecond, perProject: true }
      : undefined;
  },
};
