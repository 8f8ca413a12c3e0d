#!/usr/bin/env python3
"""Translates SAM templates with the official SAM translator (aws-sam-translator) and prints, per
file, the AWS::Lambda::Function properties it generates: the reference for ldlint's SAM parity
check (scripts/sam-parity.mjs). Reads file paths from argv, writes JSON to stdout."""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from cfnlint.decode import decode_str  # noqa: E402  (YAML short forms, as CloudFormation reads them)
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader  # noqa: E402,F401


class OfflinePolicies:
    """Managed policy names resolve to AWS ARNs without calling IAM."""

    def load(self):
        return {}


LOCAL_URIS = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
    "AWS::Serverless::StateMachine": "DefinitionUri",
    "AWS::Serverless::Api": "DefinitionUri",
    "AWS::Serverless::HttpApi": "DefinitionUri",
}


def packaged(template):
    """What `sam package` does first: local artifact paths become S3 locations."""
    globals_ = template.get("Globals")
    section = globals_.get("Function") if isinstance(globals_, dict) else None
    if isinstance(section, dict) and isinstance(section.get("CodeUri"), str) and not section["CodeUri"].startswith("s3://"):
        section["CodeUri"] = "s3://bucket/key"
    resources = template.get("Resources")
    for res in resources.values() if isinstance(resources, dict) else []:
        if not isinstance(res, dict):
            continue
        props = res.get("Properties")
        key = LOCAL_URIS.get(res.get("Type"))
        if isinstance(props, dict) and key and isinstance(props.get(key), str) and not props[key].startswith("s3://"):
            props[key] = "s3://bucket/key"
        if res.get("Type") == "AWS::Serverless::Application" and isinstance(props, dict) and isinstance(props.get("Location"), str):
            props["Location"] = "https://s3.amazonaws.com/bucket/key"
    return template


def functions(path):
    try:
        return translate(path)
    except Exception as e:  # anything the translator or decoder chokes on: no reference
        return {"error": "%s: %s" % (type(e).__name__, str(e)[:300])}


def translate(path):
    with open(path, encoding="utf-8") as f:
        template, matches = decode_str(f.read())
    if template is None:
        return {"error": "cannot parse: %s" % (matches[0].message if matches else "?")}
    # YAML dates (Version: 2012-10-17) are strings to CloudFormation.
    template = packaged(json.loads(json.dumps(template, default=str)))
    try:
        out = transform(template, {}, OfflinePolicies())
    except Exception as e:  # the translator rejects the template: no reference for it
        return {"error": "%s: %s" % (type(e).__name__, str(e)[:300])}
    return {
        lid: res.get("Properties", {})
        for lid, res in out.get("Resources", {}).items()
        if res.get("Type") == "AWS::Lambda::Function"
    }


def main():
    result = {p: functions(p) for p in sys.argv[1:]}
    json.dump(result, sys.stdout, default=str)


if __name__ == "__main__":
    main()
