/** The IMM 2020-09-30 service: every handler and async transition, and the per-project query rate. */
import type { ServiceDefinition } from "../core/service";
import { bindingHandlers, bindingTransitions } from "./bindings";
import { datasetHandlers } from "./datasets";
import { fileHandlers, fileTransitions } from "./files";
import { projectHandlers } from "./projects";
import { projects } from "./tables";

export const immService: ServiceDefinition = {
  product: "imm",
  version: "2020-09-30",
  handlers: {
    ...projectHandlers,
    ...datasetHandlers,
    ...bindingHandlers,
    ...fileHandlers,
  },
  transitions: {
    ...bindingTransitions,
    ...fileTransitions,
  },
  rateLimit(ctx) {
    const name = ctx.params.raw("ProjectName");
    const project = name ? projects(ctx).get(name) : undefined;
    return project ? { bucket: `imm:${name}`, limit: project.ProjectQueriesPerSecond } : undefined;
  },
};
