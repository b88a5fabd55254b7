/**
 * `pulumi-alicloud-media/provider`: the engine side. Serialized providers in Pulumi state call only
 * `dispatch(type, method, args)` from here, so that name, its method names and this subpath are a
 * compatibility contract with every stack's existing state.
 */
import type { ConfigSource } from "./runtime/settings";
import { configure as configureSettings } from "./context";
import { lifecycle } from "./registry";
import { installStopHandlers, tracked } from "./shutdown";

export { lifecycle, resourceTypes } from "./registry";
export * as operations from "./operations";
export * as runtime from "./runtime";

export function configure(request: { config: ConfigSource }): void {
  configureSettings(request.config);
}

const LIFECYCLE_METHODS = new Set(["check", "diff", "create", "read", "update", "delete"]);

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
  if (!LIFECYCLE_METHODS.has(method)) return Promise.reject(new Error(`unknown provider method ${method}`));
  const target = lifecycle(type) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return tracked((target[method] as (...a: unknown[]) => Promise<unknown>).apply(target, args));
}
