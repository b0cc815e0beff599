#!/usr/bin/env python3
"""Regenerates the validator test data from the AWS-recorded conformance cases.

aws/*.json        the definition_invalid and validate cases, copied verbatim.
valid.jsonl       one line per definition AWS accepted (execution and variable_references
                  cases): {"id", "type", "definition"} where definition is the text.
Usage: make_data.py /work/shared/conformance/aws-recorded
"""
import glob
import json
import os
import shutil
import sys

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
shutil.copy(os.path.join(src, "LICENSE"), os.path.join(here, "aws", "LICENSE"))
lines = []
for path in sorted(glob.glob(os.path.join(src, "cases", "*.json"))):
    case = json.load(open(path))
    if case["kind"] in ("definition_invalid", "validate"):
        shutil.copy(path, os.path.join(here, "aws", os.path.basename(path)))
    elif case["kind"] in ("execution", "variable_references") and "definition" in case:
        text = case.get("definition_raw") or json.dumps(case["definition"])
        lines.append(json.dumps({"id": case["id"],
                                 "type": case.get("state_machine_type") or "STANDARD",
                                 "definition": text}))
with open(os.path.join(here, "valid.jsonl"), "w") as out:
    out.write("\n".join(lines) + "\n")
print(len(lines), "valid definitions")
