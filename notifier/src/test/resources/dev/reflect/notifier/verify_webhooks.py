#!/usr/bin/env python3
"""Verifies Standard Webhooks signatures independently of the notifier (Python's standard library
only), as a clinician's system would: for each webhook, the base64 HMAC-SHA256 of
"{webhook-id}.{webhook-timestamp}.{body}" under the base64 key after "whsec_" must equal one of the
"v1,<signature>" entries of the webhook-signature header (compared in constant time), and the
timestamp must lie within 5 minutes of when the webhook was received.

Input: a file of JSON lines {"secret", "id", "timestamp", "signature", "body", "receivedAt"}.
Prints "verified N" and exits 0, or names each failing line and exits 1.
"""
import base64
import hashlib
import hmac
import json
import sys

TOLERANCE_SECONDS = 5 * 60


def verifies(webhook):
    key = base64.b64decode(webhook["secret"][len("whsec_"):])
    signed = "{}.{}.{}".format(webhook["id"], webhook["timestamp"], webhook["body"]).encode("utf-8")
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
    if abs(int(webhook["timestamp"]) - int(webhook["receivedAt"])) > TOLERANCE_SECONDS:
        return False
    for versioned in webhook["signature"].split(" "):
        version, _, signature = versioned.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return True
    return False


def main(path):
    failed = []
    count = 0
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            count += 1
            if not verifies(json.loads(line)):
                failed.append(number)
    if failed:
        print("not verified: lines {}".format(failed))
        return 1
    print("verified {}".format(count))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
