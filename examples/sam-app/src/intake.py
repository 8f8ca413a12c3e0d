"""Claims intake: stores a submitted claim and notifies the reviewer function."""
import json
import os
import sqlite3

import boto3

dynamodb = boto3.resource("dynamodb")
lambda_client = boto3.client("lambda")
_table = None
processed_ids = []


def table():
    global _table
    if _table is None:
        _table = dynamodb.Table(os.environ["TABLE_NAME"])
    return _table


def handler(event, context):
    print(json.dumps(event))
    claim = json.loads(event["body"])
    table().put_item(Item=claim)
    processed_ids.append(claim["id"])
    # A local index of claims: lost whenever the execution environment is recycled.
    index = sqlite3.connect(os.environ["DB_PATH"])
    index.execute("insert into claims values (?)", (claim["id"],))
    lambda_client.invoke(FunctionName=os.environ["NOTIFY_FUNCTION"], Payload=json.dumps({"id": claim["id"]}))
    return {"statusCode": 202}
