#!/usr/bin/python3
"""Checks protokoll's exports the way an integration job would read them.

  check_exports.py SCHEMA RECORDS.jsonl RECORDS.csv

- every JSON line validates against schemas/paragraph.schema.json (Draft 2020-12, formats
  checked: dates are dates);
- the CSV is UTF-8 with a BOM (Excel), parses as RFC 4180 (quotes, embedded newlines), has one
  row per record with the same ids in the same order, lists joined with "; ", and å/ä/ö intact.
Exit 0 when all holds; prints what does not otherwise.
"""
import csv
import io
import json
import sys

import jsonschema


def main():
    schema_path, jsonl_path, csv_path = sys.argv[1:4]
    schema = json.load(open(schema_path, encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = 0
    records = []
    with open(jsonl_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            record = json.loads(line)
            records.append(record)
            for e in validator.iter_errors(record):
                errors += 1
                print(f"{jsonl_path}:{n}: {'/'.join(map(str, e.path))}: {e.message}")
    raw = open(csv_path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        errors += 1
        print(f"{csv_path}: no UTF-8 byte order mark (Excel would guess the encoding)")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    if len(rows) != len(records):
        errors += 1
        print(f"{csv_path}: {len(rows)} rows, {len(records)} JSON records")
    for row, record in zip(rows, records):
        if row["id"] != record["id"]:
            errors += 1
            print(f"{csv_path}: row {row['id']} where {record['id']} was expected")
            continue
        if row["title"] != record["title"]:
            errors += 1
            print(f"{csv_path}: {row['id']}: title {row['title']!r} != {record['title']!r}")
        want = "; ".join(d["normalized"] for d in record["diarienummer"])
        got = row.get("diarienummer", "")
        if got != want:
            errors += 1
            print(f"{csv_path}: {row['id']}: diarienummer {got!r} != {want!r}")
        if row.get("dates", "") != "; ".join(record["dates"]):
            errors += 1
            print(f"{csv_path}: {row['id']}: dates {row.get('dates')!r}")
    letters = sum(text.count(c) for c in "åäöÅÄÖ")
    print(f"{len(records)} records valid against the schema: {errors == 0}; "
          f"{len(rows)} CSV rows; {letters} å/ä/ö in the CSV")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
