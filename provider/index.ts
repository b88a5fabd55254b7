/**
 * `pulumi-alicloud-media/provider`: the engine side. Serialized providers in Pulumi state call only
 * `dispatch(type, method, args)` from here, so that name, its method names and this subpath are a
 * compatibility contract with every stack's existing state.
 */
import type { ConfigSource } from "./runtime/settings";
import { configure as configureSettings } from "./context";
import type { ResourceLifecycle } from "./framework/lifecycle";
import { lifecycle } from "./registry";
import { installStopHandlers, tracked } from "./shutdown";

export { lifecycle, resourceTypes } from "./registry";
export * as operations from "./operations";
export * as runtime from "./runtime";

export function configure(request: { config: ConfigSource }): void {
  configureSettings(request.config);
}

type Inputs = Record<string, unknown>;
const input = (value: unknown): Inputs => (value ?? {}) as Inputs;

/** The lifecycle methods by name, with the host's arguments in the engine's order. */
const METHODS: Readonly<Record<string, (target: ResourceLifecycle, args: unknown[]) => Promise<unknown>>> = {
  check: (target, [olds, news]) => target.check(input(olds), input(news)),
  diff: (target, [id, olds, news]) => target.diff(String(id), input(olds), input(news)),
  create: (target, [inputs]) => target.create(input(inputs)),
  read: (target, [id, props]) => target.read(String(id), input(props)),
  update: (target, [id, olds, news]) => target.update(String(id), input(olds), input(news)),
  delete: (target, [id, props]) => target.delete(String(id), input(props)),
};

/**
 * The single entry point of every serialized provider: `configure`, or a lifecycle method of the
 * resource type. One entry keeps `__provider` small (one forwarding closure per method).
 */
export function dispatch(type: string, method: string, args: unknown[]): Promise<unknown> {
  installStopHandlers();
  if (method === "configure") {
    configure(args[0] as { config: ConfigSource });
    return Promise.resolve();
  }
  const run = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!run) return Promise.reject(new Error(`unknown provider method ${method}`));
  return tracked(run(lifecycle(type), args));
}
