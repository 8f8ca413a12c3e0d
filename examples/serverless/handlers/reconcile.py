"""Hourly reconciliation: carries on from where the last run stopped."""
import json
import os

CURSOR = "/tmp/reconcile-cursor.json"


def main(event, context):
    cursor = {"last": None}
    if os.path.exists(CURSOR):
        with open(CURSOR) as f:
            cursor = json.load(f)
    cursor["last"] = event.get("time")
    with open(CURSOR, "w") as f:
        json.dump(cursor, f)
    return cursor
