/**
 * A stand-in for OSS: the objects "in" a bucket are generated from the bucket name, so the same bucket
 * (and prefix) always yields the same files: keys, sizes, capture times and places. Bindings index
 * them, batches process them, stories are built from them.
 */
import { createHash } from "node:crypto";

export interface Place {
  LatLong: string;
  Country: string;
  Province: string;
  City: string;
  District: string;
  AddressLine: string;
}

export interface SyntheticObject {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  mediaType: "image" | "video";
  /** Capture time, epoch ms. */
  produceTime: number;
  place: Place;
  width: number;
  height: number;
  /** Seconds, videos only. */
  duration?: number;
}

const PLACES: readonly Place[] = [
  {
    LatLong: "30.274084,120.155070",
    Country: "China",
    Province: "Zhejiang",
    City: "Hangzhou",
    District: "Xihu",
    AddressLine: "West Lake, Xihu, Hangzhou, Zhejiang, China",
  },
  {
    LatLong: "31.230416,121.473701",
    Country: "China",
    Province: "Shanghai",
    City: "Shanghai",
    District: "Huangpu",
    AddressLine: "The Bund, Huangpu, Shanghai, China",
  },
  {
    LatLong: "39.916345,116.397155",
    Country: "China",
    Province: "Beijing",
    City: "Beijing",
    District: "Dongcheng",
    AddressLine: "Forbidden City, Dongcheng, Beijing, China",
  },
  {
    LatLong: "22.543096,114.057865",
    Country: "China",
    Province: "Guangdong",
    City: "Shenzhen",
    District: "Futian",
    AddressLine: "Civic Center, Futian, Shenzhen, Guangdong, China",
  },
  {
    LatLong: "1.283333,103.833333",
    Country: "Singapore",
    Province: "Singapore",
    City: "Singapore",
    District: "Central",
    AddressLine: "Marina Bay, Singapore",
  },
];

/** mulberry32: tiny, fast, and deterministic for a given seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_TIME = Date.UTC(2023, 0, 1);
const DAY = 86_400_000;

/** Every object of the bucket, in key order. */
export function bucketObjects(bucket: string): SyntheticObject[] {
  const digest = createHash("sha256").update(bucket).digest();
  const random = prng(digest.readUInt32BE(0));
  const tripCount = 2 + Math.floor(random() * 3);
  const objects: SyntheticObject[] = [];
  for (let trip = 0; trip < tripCount; trip++) {
    const place = PLACES[Math.floor(random() * PLACES.length)] as Place;
    const start = BASE_TIME + Math.floor(random() * 700) * DAY;
    const folder = `${new Date(start).toISOString().slice(0, 7)}-${place.City.toLowerCase()}`;
    const count = 3 + Math.floor(random() * 6);
    for (let index = 0; index < count; index++) {
      const video = random() < 0.2;
      const key = `${video ? "videos" : "photos"}/${folder}/${video ? "VID" : "IMG"}_${String(trip * 100 + index + 1).padStart(4, "0")}.${video ? "mp4" : "jpg"}`;
      const size = video
        ? 5_000_000 + Math.floor(random() * 50_000_000)
        : 200_000 + Math.floor(random() * 4_000_000);
      objects.push({
        key,
        size,
        etag: createHash("md5").update(`${bucket}/${key}`).digest("hex").toUpperCase(),
        contentType: video ? "video/mp4" : "image/jpeg",
        mediaType: video ? "video" : "image",
        produceTime: start + Math.floor(random() * 3 * DAY),
        place,
        width: video ? 1920 : 4032,
        height: video ? 1080 : 3024,
        ...(video ? { duration: 5 + Math.floor(random() * 120) } : {}),
      });
    }
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Objects under a prefix. */
export function listObjects(bucket: string, prefix = ""): SyntheticObject[] {
  return bucketObjects(bucket).filter((object) => object.key.startsWith(prefix));
}

/** Splits `oss://bucket/key` (key may be empty). */
export function parseOssUri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^oss:\/\/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  return match ? { bucket: match[1] as string, key: match[2] ?? "" } : undefined;
}

/** Looks up one object by URI, for IndexFileMeta of a file that "exists" in the synthetic bucket. */
export function findObject(uri: string): SyntheticObject | undefined {
  const parsed = parseOssUri(uri);
  if (!parsed || parsed.key === "") return undefined;
  return bucketObjects(parsed.bucket).find((object) => object.key === parsed.key);
}
