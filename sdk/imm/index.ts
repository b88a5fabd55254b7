export { Binding, type BindingArgs } from "./binding";
export { Dataset, type DatasetArgs } from "./dataset";
export { Project, type ProjectArgs } from "./project";
