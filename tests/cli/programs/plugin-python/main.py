"""A Python program on the provider plugin, run by the Automation API with an inline program.

The same four resources as the YAML program (project, dataset, story, editing project). Without a
generated Python SDK, each resource is a `pulumi.CustomResource` of the plugin's type token; listing
an output name with the value None makes it an attribute of the resource.

Usage: python main.py <work_dir> <preview|up|refresh|destroy> [--diff]
The work dir holds Pulumi.yaml (runtime python, the plugin's path); stack config comes as JSON in
ALICLOUD_MEDIA_STACK_CONFIG and ALICLOUD_MEDIA_STACK_SECRETS. Prints one JSON line: the summary.
"""

import json
import os
import sys

import pulumi
from pulumi import automation as auto


def resource(token, name, props, outputs=()):
    declared = {**{key: None for key in outputs}, **props}
    return pulumi.CustomResource(token, name, declared)


def program():
    config = pulumi.Config()
    media = resource(
        "alicloud-media:imm:Project",
        "media",
        {"description": "media through the plugin", "tags": {"owner": "python"}},
        outputs=["projectName"],
    )
    photos = resource(
        "alicloud-media:imm:Dataset",
        "photos",
        {
            "projectName": media.projectName,
            "datasetName": config.get("datasetName") or "photos",
            "description": config.get("description") or "plugin photos",
            "forceDestroy": True,
        },
        outputs=["datasetName"],
    )
    highlights = resource(
        "alicloud-media:imm:Story",
        "highlights",
        {
            "projectName": media.projectName,
            "datasetName": photos.datasetName,
            "storyType": "TimeMemory",
            "storyName": "highlights",
            "waitTimeoutSeconds": 120,
        },
    )
    edit = resource(
        "alicloud-media:ice:EditingProject",
        "edit",
        {"title": "highlights (edit)", "description": "cut from the story"},
    )
    pulumi.export("projectName", media.projectName)
    pulumi.export("storyId", highlights.id)
    pulumi.export("editId", edit.id)


def main():
    work_dir, command = sys.argv[1], sys.argv[2]
    stack = auto.create_or_select_stack(
        stack_name="dev",
        project_name="plugin-python",
        program=program,
        opts=auto.LocalWorkspaceOptions(work_dir=work_dir),
    )
    config = json.loads(os.environ.get("ALICLOUD_MEDIA_STACK_CONFIG", "{}"))
    secrets = json.loads(os.environ.get("ALICLOUD_MEDIA_STACK_SECRETS", "{}"))
    stack.set_all_config(
        {
            **{key: auto.ConfigValue(value) for key, value in config.items()},
            **{key: auto.ConfigValue(value, secret=True) for key, value in secrets.items()},
        }
    )
    out = lambda line: print(line, file=sys.stderr)  # noqa: E731 - progress to stderr, summary to stdout
    if command == "preview":
        result = stack.preview(diff="--diff" in sys.argv, on_output=out)
        summary = {"changes": result.change_summary, "stdout": result.stdout}
    elif command == "up":
        result = stack.up(on_output=out)
        summary = {"changes": result.summary.resource_changes, "stdout": result.stdout}
    elif command == "refresh":
        result = stack.refresh(on_output=out)
        summary = {"changes": result.summary.resource_changes, "stdout": result.stdout}
    elif command == "destroy":
        result = stack.destroy(on_output=out)
        summary = {"changes": result.summary.resource_changes, "stdout": result.stdout}
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
