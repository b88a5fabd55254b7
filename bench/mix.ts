/**
 * The resource mix of the scale and chaos stacks, as data: how many of each resource type a
 * realistic 500-resource stack holds, how each is declared, and where the emulator keeps the objects
 * (to count duplicates and losses). A type whose spec is not registered yet (provider/registry.ts)
 * or whose SDK class does not exist is left out, its share going to datasets and bindings, so the
 * benchmarks run at every stage of the project; RESULTS.md lists the mix actually used.
 *
 * One IMM project holds everything, as one stack per environment usually manages one project: the
 * emulator's 100 requests/s limit then applies to the whole stack, which is what the scale measure
 * is about.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { loadSdk } from "./env";

type Sdk = ReturnType<typeof loadSdk>;
type Ctor = new (
  name: string,
  args: Record<string, unknown>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;
type Outputs = Record<string, pulumi.Output<unknown>>;

/** A program-side class by module and name, if this build of the SDK has it. */
export function sdkClass(sdk: Sdk, module: "imm" | "ice", name: string): Ctor | undefined {
  const found = (sdk as unknown as Record<string, Record<string, unknown> | undefined>)[module]?.[name];
  return typeof found === "function" ? (found as Ctor) : undefined;
}

export interface ResourceKind {
  /** The spec type, e.g. `imm:Binding`. */
  type: string;
  module: "imm" | "ice";
  className: string;
  /** Count in the full 500-resource mix. */
  count: number;
  /** The emulator table holding these objects, and the provider ID of a row. */
  table: string;
  idOf(key: string, row: Record<string, unknown>): string;
}

/** The full mix; types that are not available yet are skipped (see availableMix). */
export const RESOURCE_KINDS: ResourceKind[] = [
  {
    type: "imm:Project",
    module: "imm",
    className: "Project",
    count: 1,
    table: "imm.projects",
    idOf: (key) => key,
  },
  {
    type: "imm:Dataset",
    module: "imm",
    className: "Dataset",
    count: 49,
    table: "imm.datasets",
    idOf: (key) => key,
  },
  {
    type: "imm:Binding",
    module: "imm",
    className: "Binding",
    count: 100,
    table: "imm.bindings",
    idOf: (key) => key,
  },
  {
    type: "imm:Story",
    module: "imm",
    className: "Story",
    count: 150,
    table: "imm.stories",
    idOf: (key) => key,
  },
  {
    type: "imm:Batch",
    module: "imm",
    className: "Batch",
    count: 50,
    table: "imm.batches",
    idOf: (key) => key,
  },
  {
    type: "ice:EditingProject",
    module: "ice",
    className: "EditingProject",
    count: 100,
    table: "ice.editingProjects",
    idOf: (key) => key,
  },
  {
    type: "ice:StoryboardJob",
    module: "ice",
    className: "StoryboardJob",
    count: 50,
    table: "ice.yikeJobs",
    idOf: (key) => key,
  },
];

export type Mix = Record<string, number>;

/** The mix scaled to `total` resources, restricted to the types this build provides. */
export function availableMix(sdk: Sdk, providerTypes: string[], total = 500): Mix {
  const present = RESOURCE_KINDS.filter(
    (k) => providerTypes.includes(k.type) && sdkClass(sdk, k.module, k.className) !== undefined,
  );
  const mix: Mix = Object.fromEntries(present.map((k) => [k.type, k.count]));
  const fullTotal = RESOURCE_KINDS.reduce((n, k) => n + k.count, 0);
  // Scale to the requested size, keeping one project.
  const scale = (total - 1) / (fullTotal - 1);
  for (const k of present)
    if (k.type !== "imm:Project") mix[k.type] = Math.max(1, Math.round(k.count * scale));
  mix["imm:Project"] = 1;
  // Missing types' share goes to datasets and bindings (two bindings per dataset at most on average).
  let missing = total - Object.values(mix).reduce((n, c) => n + c, 0);
  while (missing !== 0) {
    const target = (mix["imm:Binding"] ?? 0) < 2 * (mix["imm:Dataset"] ?? 0) ? "imm:Binding" : "imm:Dataset";
    mix[target] = (mix[target] ?? 0) + Math.sign(missing);
    missing -= Math.sign(missing);
  }
  return mix;
}

export function describeMix(mix: Mix): string {
  return Object.entries(mix)
    .map(([type, n]) => `${n} ${type}`)
    .join(", ");
}

/**
 * The stack's program: one project; datasets; bindings spread over the datasets (each binding its
 * own synthetic bucket); the other kinds referencing them. `label` changes nothing physical: it is
 * only part of descriptions, so two programs with the same label are the same declaration.
 */
export function mixProgram(sdk: Sdk, mix: Mix, label = "bench"): () => Outputs {
  const cls = (module: "imm" | "ice", name: string) => {
    const found = sdkClass(sdk, module, name);
    if (!found) throw new Error(`the SDK has no ${module}.${name}`);
    return found;
  };
  const count = (type: string) => mix[type] ?? 0;
  return () => {
    const Project = cls("imm", "Project");
    const Dataset = cls("imm", "Dataset");
    const project = new Project("media", {
      description: `${label} stack`,
      tags: { team: "media", env: "bench" },
    }) as pulumi.CustomResource & { projectName: pulumi.Output<string> };
    const datasets = Array.from(
      { length: count("imm:Dataset") },
      (_, i) =>
        new Dataset(`dataset-${i}`, {
          projectName: project.projectName,
          description: `dataset ${i} of the ${label} stack`,
          forceDestroy: true,
        }) as pulumi.CustomResource & { datasetName: pulumi.Output<string> },
    );
    const datasetOf = (i: number) => datasets[i % datasets.length]!;
    if (count("imm:Binding") > 0) {
      const Binding = cls("imm", "Binding");
      for (let i = 0; i < count("imm:Binding"); i++) {
        new Binding(`binding-${i}`, {
          projectName: project.projectName,
          datasetName: datasetOf(i).datasetName,
          uri: `oss://bench-media-${i}`,
        });
      }
    }
    for (const extra of EXTRA_DECLARATIONS) {
      const n = count(extra.type);
      if (n === 0) continue;
      const Class = cls(extra.module, extra.className);
      for (let i = 0; i < n; i++) {
        new Class(`${extra.prefix}-${i}`, extra.args({ i, project, dataset: datasetOf(i), label }));
      }
    }
    return { projectName: project.projectName };
  };
}

/** The logical names the mix program declares, for "nothing declared was lost" checks. */
export function declaredNames(mix: Mix): string[] {
  const names = ["media"];
  const add = (prefix: string, n: number) =>
    names.push(...Array.from({ length: n }, (_, i) => `${prefix}-${i}`));
  add("dataset", mix["imm:Dataset"] ?? 0);
  add("binding", mix["imm:Binding"] ?? 0);
  for (const extra of EXTRA_DECLARATIONS) add(extra.prefix, mix[extra.type] ?? 0);
  return names;
}

interface DeclarationContext {
  i: number;
  project: pulumi.CustomResource & { projectName: pulumi.Output<string> };
  dataset: pulumi.CustomResource & { datasetName: pulumi.Output<string> };
  label: string;
}

/** How the kinds beyond Project/Dataset/Binding are declared (one entry per kind). */
const EXTRA_DECLARATIONS: {
  type: string;
  module: "imm" | "ice";
  className: string;
  prefix: string;
  args(ctx: DeclarationContext): Record<string, unknown>;
}[] = [
  {
    type: "imm:Story",
    module: "imm",
    className: "Story",
    prefix: "story",
    args: ({ project, dataset, i }) => ({
      projectName: project.projectName,
      datasetName: dataset.datasetName,
      storyType: "TimeMemory",
      customLabels: { album: `album-${i}` },
    }),
  },
  {
    type: "imm:Batch",
    module: "imm",
    className: "Batch",
    prefix: "batch",
    args: ({ project, i }) => ({
      projectName: project.projectName,
      input: { oss: { bucket: `bench-docs-${i}` } },
      actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
      tags: { team: "media" },
    }),
  },
  {
    type: "ice:EditingProject",
    module: "ice",
    className: "EditingProject",
    prefix: "edit",
    args: ({ i, label }) => ({ description: `cut ${i} of the ${label} stack` }),
  },
  {
    type: "ice:StoryboardJob",
    module: "ice",
    className: "StoryboardJob",
    prefix: "storyboard",
    args: ({ i }) => ({ fileUrl: `https://bench.oss-cn-shanghai.aliyuncs.com/novels/${i}.txt` }),
  },
];
