/**
 * IMM stories (IMM API reference: CreateStory and the operations below): CreateStory (asynchronous: a
 * StoryCreation task), GetStory, UpdateStory, DeleteStory, QueryStories, CreateCustomizedStory
 * (synchronous).
 *
 * CreateStory validates every parameter as IMM's CreateStory page documents, starts a task and, `storyTaskMs`
 * later, builds the story under its ObjectId from the dataset's indexed photos and videos that match
 * the criteria: time range on ProduceTime; TagMemory needs matching Labels, PeopleMemory Figures,
 * TravelMemory an address match. Fewer candidates than MinFileCount give an empty story; a story
 * holds at most MaxFileCount files and never more than 1,500 (a larger MaxFileCount "does not take
 * effect"). CreateStory on an existing ObjectId regenerates that story in place (CreateTime kept). An
 * injected task failure (`taskFailureRate`), or a dataset deleted meanwhile, ends the task Failed and
 * leaves any existing story as it was.
 */
import type { Handler, Transition } from "../../core/service";
import { STORY_GENERATE, generated } from "./generation";
import { createCustomizedStory, createStory, deleteStory, getStory, updateStory } from "./handlers";
import { queryStories } from "./query";

export { storyFiles } from "./generation";
export { STORY_FILE_CAP, type StoryRecord, stories } from "./model";

export const storyHandlers = {
  CreateStory: createStory,
  GetStory: getStory,
  UpdateStory: updateStory,
  DeleteStory: deleteStory,
  QueryStories: queryStories,
  CreateCustomizedStory: createCustomizedStory,
} satisfies Record<string, Handler>;

export const storyTransitions = {
  [STORY_GENERATE]: generated,
} satisfies Record<string, Transition>;
