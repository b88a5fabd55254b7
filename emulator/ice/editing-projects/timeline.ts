/** Timelines: their clips, their duration, and the timeline a template builds. */
import { isPlainObject } from "../../core/params";

interface Clip {
  MediaId?: unknown;
  In?: unknown;
  Out?: unknown;
  TimelineIn?: unknown;
  TimelineOut?: unknown;
  Duration?: unknown;
}

export function clipsOf(timeline: unknown): Clip[][] {
  if (!isPlainObject(timeline)) return [];
  const tracks: Clip[][] = [];
  for (const [trackKey, clipKey] of [
    ["VideoTracks", "VideoTrackClips"],
    ["AudioTracks", "AudioTrackClips"],
    ["ImageTracks", "ImageTrackClips"],
    ["SubtitleTracks", "SubtitleTrackClips"],
  ] as const) {
    const list = timeline[trackKey];
    if (!Array.isArray(list)) continue;
    for (const track of list) {
      const clips = isPlainObject(track) ? track[clipKey] : undefined;
      if (Array.isArray(clips)) tracks.push(clips.filter(isPlainObject) as Clip[]);
    }
  }
  return tracks;
}

const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

function clipDuration(clip: Clip): number {
  const timelineIn = num(clip.TimelineIn);
  const timelineOut = num(clip.TimelineOut);
  if (timelineIn !== undefined && timelineOut !== undefined) return Math.max(0, timelineOut - timelineIn);
  const out = num(clip.Out);
  if (out !== undefined) return Math.max(0, out - (num(clip.In) ?? 0));
  return Math.max(0, num(clip.Duration) ?? 0);
}

/** The longest track, in seconds (the service knows media lengths; the emulator reads clip timings). */
export function durationOf(timeline: unknown): number {
  const tracks = clipsOf(timeline).map((clips) => clips.reduce((sum, clip) => sum + clipDuration(clip), 0));
  return Math.round(Math.max(0, ...tracks) * 1000) / 1000;
}

/** A template fills its slots with the media named in ClipsParam. */
export function timelineFromTemplate(templateId: string, clipsParam: unknown): Record<string, unknown> {
  const media = isPlainObject(clipsParam)
    ? Object.values(clipsParam).filter((v): v is string => typeof v === "string" && v !== "")
    : [];
  return {
    VideoTracks: [{ VideoTrackClips: media.map((MediaId) => ({ MediaId })) }],
    TemplateSource: templateId,
  };
}
