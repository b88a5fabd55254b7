/** The story record (IMM's `Story` model, wire names), its table, and what a story is built from. */
import { randomBytes } from "node:crypto";
import type { WorldContext } from "../../core/service";
import type { Table } from "../../core/store";

export type File = Record<string, unknown> & { URI: string };

export const STORY_SUBTYPES: Readonly<Record<string, readonly string[]>> = {
  TimeMemory: [],
  PeopleMemory: ["Solo"],
  TagMemory: ["Food", "Pet", "PetDog", "PetCat", "Scenery"],
  TravelMemory: [],
};
/** The story algorithm's own limit on the number of photos (IMM API reference: CreateStory, MaxFileCount). */
export const STORY_FILE_CAP = 1500;
export const ADDRESS_FIELDS = ["City", "Country", "District", "Province", "Township"] as const;

export interface StoryRecord {
  ProjectName: string;
  DatasetName: string;
  ObjectId: string;
  ObjectType: "story";
  OwnerId: string;
  StoryName: string;
  StoryType: string;
  StorySubType: string;
  StoryStartTime: string;
  StoryEndTime: string;
  CustomId: string;
  CustomLabels: Record<string, unknown>;
  Addresses: Record<string, unknown>[];
  Cover?: File;
  Files: File[];
  FigureClusterIds: string[];
  CreateTime: string;
  UpdateTime: string;
}

/** What a StoryCreation task builds from: the validated CreateStory parameters. */
export type Criteria = {
  StoryType: string;
  StorySubType: string;
  StoryName?: string;
  CustomId?: string;
  CustomLabels?: Record<string, unknown>;
  start?: number;
  end?: number;
  minFiles?: number;
  maxFiles?: number;
  address?: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;
};

export const stories = (ctx: WorldContext): Table<StoryRecord> => ctx.store.table("imm.stories");

export const OWNER_ID = "1023210024677934";

export function newObjectId(): string {
  return randomBytes(12).toString("hex");
}
