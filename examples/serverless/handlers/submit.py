"""Receives a claim over HTTP and stores it."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def main(event, context):
    claim = json.loads(event["body"])
    table.put_item(Item=claim)
    return {"statusCode": 201, "body": json.dumps({"id": claim["id"]})}
