/** The README's picture is generated (npm run docs:diagram); the committed file must be current. */
import fs from "node:fs";
import { architectureSvg, DIAGRAM_FILE } from "../../scripts/architecture-diagram";

it("docs/architecture.svg is what scripts/architecture-diagram.ts generates", () => {
  expect(fs.readFileSync(DIAGRAM_FILE, "utf8")).toBe(architectureSvg());
});
