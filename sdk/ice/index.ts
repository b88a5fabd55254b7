// ICE resources (EditingProject, StoryboardJob) land with their issue.
export {};
