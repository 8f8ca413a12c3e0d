"""Sends the reviewer notification for a claim."""
import logging

logger = logging.getLogger()


def handler(event, context):
    logger.info("notifying reviewers for claim %s", event["id"])
    return {"notified": event["id"]}
