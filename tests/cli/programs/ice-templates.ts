/**
 * An editing template (a VETemplate, analysed by ICE before create returns) and a transcoding preset
 * made its type's default; `templates:take` and `templates:bitrate` change them in place.
 */
import * as pulumi from "@pulumi/pulumi";
import * as media from "pulumi-alicloud-media";

export = async () => {
  const config = new pulumi.Config("templates");
  const take = config.get("take") ?? "1";
  const bitrate = Number(config.get("bitrate") ?? "2000");
  const template = new media.ice.Template("promo", {
    type: "VETemplate",
    config: { Take: take, VideoTracks: [{ VideoTrackClips: [{ MediaId: "$Intro" }, { MediaId: "$Main" }] }] },
    coverUrl: "https://cdn.example.com/promo.jpg",
  });
  const preset = new media.ice.CustomTemplate("hd", {
    type: 1,
    subtype: 1,
    templateConfig: {
      Container: { Format: "mp4" },
      Video: { Codec: "H.264", Bitrate: bitrate, Width: 1280 },
    },
    isDefault: true,
  });
  return {
    templateId: template.templateId,
    templateStatus: template.status,
    clipsParam: template.clipsParam,
    presetId: preset.templateId,
    presetSubtype: preset.subtypeName,
    presetDefault: preset.isDefault,
  };
};
