/**
 * What the program-side SDK says about a resource, read with the TypeScript compiler's type checker
 * from `sdk/index.ts` (so it follows re-exports and any way the classes are declared): the class's
 * doc comment, the doc comment of every Args field (nested fields too), and the outputs, i.e. the
 * resource's `Output<T>` properties that are not inherited from Pulumi.
 */
import path from "node:path";
import ts from "typescript";

export interface SdkOutput {
  name: string;
  type: string;
  doc: string;
}

export interface SdkResource {
  /** `media.imm.Project`. */
  className: string;
  classDoc: string;
  /** Field path (`input.oss.bucket`, `actions[].name`) → doc comment. */
  argDocs: Map<string, string>;
  outputs: SdkOutput[];
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("cannot read tsconfig.build.json");
  return { ...parsed.options, noEmit: true };
}

export class SdkDocs {
  private readonly checker: ts.TypeChecker;
  private readonly modules = new Map<string, ts.Symbol>();

  constructor(private readonly root: string) {
    const entry = path.join(root, "sdk", "index.ts");
    const program = ts.createProgram({ rootNames: [entry], options: compilerOptions(root) });
    this.checker = program.getTypeChecker();
    const file = program.getSourceFile(entry);
    const moduleSymbol = file && this.checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`cannot load ${entry}`);
    for (const exported of this.checker.getExportsOfModule(moduleSymbol))
      this.modules.set(exported.name, this.resolve(exported));
  }

  private resolve(symbol: ts.Symbol): ts.Symbol {
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  private doc(symbol: ts.Symbol): string {
    return oneLine(ts.displayPartsToString(symbol.getDocumentationComment(this.checker)));
  }

  /** The SDK class of `imm:Project`, or undefined when the SDK does not export one. */
  resource(type: string): SdkResource | undefined {
    const [module, name] = type.split(":");
    const moduleSymbol = module === undefined ? undefined : this.modules.get(module);
    if (!moduleSymbol || name === undefined) return undefined;
    const exported = this.checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
    if (!exported) return undefined;
    const classSymbol = this.resolve(exported);
    const constructorType = this.checker.getTypeOfSymbol(classSymbol);
    const signature = constructorType.getConstructSignatures()[0];
    const argsParameter = signature?.getParameters()[1];
    const argDocs = new Map<string, string>();
    if (argsParameter) {
      const argsType = this.checker.getNonNullableType(this.checker.getTypeOfSymbol(argsParameter));
      this.collectDocs(argsType, "", argDocs, 0);
    }
    return {
      className: `media.${module}.${name}`,
      classDoc: this.doc(classSymbol),
      argDocs,
      outputs: this.outputs(this.checker.getDeclaredTypeOfSymbol(classSymbol)),
    };
  }

  /** The object types a field's type can hold, through Input<T>, Promise, Output and arrays. */
  private objectMembers(type: ts.Type): { type: ts.Type; array: boolean }[] {
    const members = type.isUnion() ? type.types : [type];
    const found: { type: ts.Type; array: boolean }[] = [];
    for (const member of members) {
      if (this.checker.isArrayType(member)) {
        const element = this.checker.getTypeArguments(member as ts.TypeReference)[0];
        if (element) found.push(...this.objectMembers(element).map((m) => ({ ...m, array: true })));
      } else if (
        member.flags & ts.TypeFlags.Object &&
        !member.getProperty("then") &&
        !member.getProperty("apply") &&
        member.getProperties().length > 0
      ) {
        found.push({ type: member, array: false });
      }
    }
    return found;
  }

  private collectDocs(type: ts.Type, prefix: string, docs: Map<string, string>, depth: number): void {
    for (const property of type.getProperties()) {
      const key = prefix === "" ? property.name : `${prefix}.${property.name}`;
      const doc = this.doc(property);
      if (doc !== "") docs.set(key, doc);
      if (depth >= 4) continue;
      const propertyType = this.checker.getNonNullableType(this.checker.getTypeOfSymbol(property));
      for (const member of this.objectMembers(propertyType))
        this.collectDocs(member.type, member.array ? `${key}[]` : key, docs, depth + 1);
    }
  }

  private outputs(instance: ts.Type): SdkOutput[] {
    const outputs: SdkOutput[] = [];
    for (const property of instance.getProperties()) {
      const declaration = property.declarations?.[0];
      if (!declaration || declaration.getSourceFile().fileName.includes("node_modules")) continue;
      if (!ts.isPropertyDeclaration(declaration) && !ts.isPropertySignature(declaration)) continue;
      const typeNode = declaration.type;
      // `pulumi.Output<T>` as written: T, as the author formatted it, on one line.
      const written =
        typeNode && ts.isTypeReferenceNode(typeNode) && typeNode.typeArguments?.length === 1
          ? typeNode.typeArguments[0]!.getText()
          : this.checker.typeToString(this.checker.getTypeOfSymbol(property));
      outputs.push({
        name: property.name,
        type: oneLine(written).replace(/; }/g, " }"),
        doc: this.doc(property),
      });
    }
    return outputs;
  }
}
