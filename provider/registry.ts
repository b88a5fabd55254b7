/** Every resource spec by type, and its lifecycle. Adding a resource = adding its spec here. */
import { ResourceLifecycle } from "./framework/lifecycle";
import type { ResourceSpec } from "./framework/spec";
import { resourceContext } from "./context";
import { editingProjectSpec } from "./ice/editing-project";
import { mediaProducingJobSpec } from "./ice/media-producing-job";
import { pipelineSpec } from "./ice/pipeline";
import { storyboardJobSpec } from "./ice/storyboard-job";
import { templateSpec } from "./ice/template";
import { customTemplateSpec } from "./ice/custom-template";
import { batchSpec } from "./imm/batch";
import { bindingSpec } from "./imm/binding";
import { datasetSpec } from "./imm/dataset";
import { projectSpec } from "./imm/project";
import { storySpec } from "./imm/story";
import { triggerSpec } from "./imm/trigger";
import { ossBucketAttachmentSpec } from "./imm/oss-bucket-attachment";

const specs: ResourceSpec[] = [
  projectSpec,
  datasetSpec,
  bindingSpec,
  storySpec,
  batchSpec,
  triggerSpec,
  ossBucketAttachmentSpec,
  editingProjectSpec,
  storyboardJobSpec,
  mediaProducingJobSpec,
  pipelineSpec,
  templateSpec,
  customTemplateSpec,
];

const lifecycles = new Map(specs.map((spec) => [spec.type, new ResourceLifecycle(spec, resourceContext)]));

export function lifecycle(type: string): ResourceLifecycle {
  const found = lifecycles.get(type);
  if (!found) {
    throw new Error(
      `pulumi-alicloud-media has no resource type ${type}; the state was written by another version of the package ` +
        `(known: ${[...lifecycles.keys()].join(", ")})`,
    );
  }
  return found;
}

export function resourceTypes(): string[] {
  return [...lifecycles.keys()];
}
