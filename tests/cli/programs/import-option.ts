/**
 * A dataset created outside Pulumi, brought in with the `import` resource option (IMPORT_ID), or with
 * `adopt: true` (ADOPT=1), which the provider offers because dynamic providers cannot be imported.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

export = async () => {
  const config = new pulumi.Config();
  const importId = config.get("importId");
  const adopt = config.getBoolean("adopt");
  const dataset = new media.imm.Dataset(
    "imported",
    {
      projectName: "import-media",
      datasetName: "made-by-hand",
      description: "created in the console",
      ...(adopt ? { adopt } : {}),
    },
    importId ? { import: importId } : {},
  );
  return { datasetName: dataset.datasetName };
};
