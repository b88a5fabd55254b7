/**
 * IMM story and task operations (IMM API reference: CreateStory, GetStory, UpdateStory, DeleteStory,
 * QueryStories, CreateCustomizedStory, GetTask, ListTasks), part of the `imm` operation table.
 */
import { z } from "zod";
import { body, defineOperation, query } from "./define";
import type { AddressParam, NotificationParam, TimeRangeParam } from "./imm";
import * as m from "./models";

const rid = m.withRequestId;

// ---- Stories
export const CreateStory = defineOperation(
  "imm",
  "CreateStory",
  // The provider always passes its own ObjectId, and CreateStory on an existing ObjectId rewrites
  // that story, so a repeat cannot produce a second one.
  "idempotent",
  {
    Address: body.json<AddressParam>().optional(),
    CustomId: body.string.optional(),
    CustomLabels: body.json<Record<string, unknown>>().optional(),
    DatasetName: body.string.required(),
    MaxFileCount: body.integer.optional(),
    MinFileCount: body.integer.optional(),
    Notification: query.json<NotificationParam>().optional(),
    NotifyTopicName: body.string.optional(),
    ObjectId: body.string.optional(),
    ProjectName: body.string.required(),
    StoryEndTime: body.string.optional(),
    StoryName: body.string.optional(),
    StoryStartTime: body.string.optional(),
    StorySubType: body.string.optional(),
    StoryType: body.string.required(),
    Tags: query.json<Record<string, unknown>>().optional(),
    UserData: query.string.optional(),
  },
  z.looseObject({ ...rid, TaskId: z.string(), EventId: z.string().optional() }),
);
export const GetStory = defineOperation(
  "imm",
  "GetStory",
  "idempotent",
  {
    DatasetName: query.string.required(),
    ObjectId: query.string.required(),
    ProjectName: query.string.required(),
  },
  z.looseObject({ ...rid, Story: m.story }),
);
export const UpdateStory = defineOperation(
  "imm",
  "UpdateStory",
  "idempotent",
  {
    Cover: body.json<{ URI: string }>().optional(),
    CustomId: body.string.optional(),
    CustomLabels: body.json<Record<string, unknown>>().optional(),
    DatasetName: body.string.required(),
    ObjectId: body.string.required(),
    ProjectName: body.string.required(),
    StoryName: body.string.optional(),
  },
  z.looseObject({ ...rid }),
);
export const DeleteStory = defineOperation(
  "imm",
  "DeleteStory",
  "idempotent",
  {
    DatasetName: query.string.required(),
    ObjectId: query.string.required(),
    ProjectName: query.string.required(),
  },
  z.looseObject({ ...rid }),
);
export const QueryStories = defineOperation(
  "imm",
  "QueryStories",
  "idempotent",
  {
    CreateTimeRange: query.json<TimeRangeParam>().optional(),
    // A plain `key=value` string here, unlike CreateStory's JSON map (the SDK types it as a string).
    CustomLabels: query.string.optional(),
    DatasetName: query.string.required(),
    FigureClusterIds: query.json<string[]>().optional(),
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    ObjectId: query.string.optional(),
    Order: query.string.optional(),
    ProjectName: query.string.required(),
    Sort: query.string.optional(),
    StoryEndTimeRange: query.json<TimeRangeParam>().optional(),
    StoryName: query.string.optional(),
    StoryStartTimeRange: query.json<TimeRangeParam>().optional(),
    StorySubType: query.string.optional(),
    StoryType: query.string.optional(),
    WithEmptyStories: query.boolean.optional(),
  },
  z.looseObject({ ...rid, Stories: z.array(m.story).optional(), NextToken: z.string().optional() }),
);
export const CreateCustomizedStory = defineOperation(
  "imm",
  "CreateCustomizedStory",
  "not-idempotent",
  {
    Cover: body.json<{ URI: string }>().required(),
    CustomLabels: body.json<Record<string, unknown>>().optional(),
    DatasetName: body.string.required(),
    Files: body.json<{ URI: string }[]>().required(),
    ProjectName: body.string.required(),
    StoryName: body.string.required(),
    StorySubType: body.string.required(),
    StoryType: body.string.required(),
  },
  z.looseObject({ ...rid, ObjectId: z.string() }),
);

// ---- Tasks
export const GetTask = defineOperation(
  "imm",
  "GetTask",
  "idempotent",
  {
    ProjectName: query.string.required(),
    RequestDefinition: query.boolean.optional(),
    TaskId: query.string.required(),
    TaskType: query.string.required(),
  },
  // GetTask returns the task's fields at the top level, not wrapped.
  m.taskInfo.extend({ ...rid, ProjectName: z.string().optional(), EventId: z.string().optional() }),
);
export const ListTasks = defineOperation(
  "imm",
  "ListTasks",
  "idempotent",
  {
    EndTimeRange: query.json<TimeRangeParam>().optional(),
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    Order: query.string.optional(),
    ProjectName: query.string.required(),
    RequestDefinition: query.boolean.optional(),
    Sort: query.string.optional(),
    StartTimeRange: query.json<TimeRangeParam>().optional(),
    Status: query.string.optional(),
    TagSelector: query.string.optional(),
    TaskTypes: query.json<string[]>().optional(),
  },
  z.looseObject({
    ...rid,
    ProjectName: z.string().optional(),
    // Typed as a string by the SDK.
    MaxResults: z.string().optional(),
    NextToken: z.string().optional(),
    Tasks: z.array(m.taskInfo).optional(),
  }),
);
