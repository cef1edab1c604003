#!/usr/bin/python3
"""Writes records to Kafka with confluent-kafka (librdkafka), as any Python service would.

Reads lines "topic<TAB>key<TAB>value" from standard input and produces each record with the
client's default settings, so with librdkafka's default partitioner (consistent_random, CRC32),
not Java's murmur2. Prints "partition<TAB>offset" per record, in input order, once all are
acknowledged; exits 1 if any failed.
"""
import sys

from confluent_kafka import Producer


def main():
    bootstrap = sys.argv[1]
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    results = []
    failures = []

    def delivered(index):
        def callback(error, message):
            if error is not None:
                failures.append(f"{index}: {error}")
            else:
                results.append((index, message.partition(), message.offset()))
        return callback

    for index, line in enumerate(sys.stdin):
        line = line.rstrip("\n")
        if not line:
            continue
        topic, key, value = line.split("\t", 2)
        producer.produce(topic, key=key.encode("utf-8"), value=value.encode("utf-8"), on_delivery=delivered(index))
        producer.poll(0)
    remaining = producer.flush(30)
    if remaining or failures:
        print(f"{remaining} unflushed, failures: {failures}", file=sys.stderr)
        sys.exit(1)
    for _, partition, offset in sorted(results):
        print(f"{partition}\t{offset}")


if __name__ == "__main__":
    main()
