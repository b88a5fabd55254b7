export * from "./define";
export * as imm from "./imm";
export * as ice from "./ice";
export * as models from "./models";
