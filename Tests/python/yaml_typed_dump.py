"""Loads a YAML stream with PyYAML's safe loader and prints every value with the type PyYAML
gave it, as JSON: the independent reading that Jixiao's canonical YAML is checked against."""
import datetime
import json
import sys

import yaml


def typed(value):
    if isinstance(value, dict):
        return {"map": [[typed(k), typed(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [typed(v) for v in value]}
    if isinstance(value, bool):
        return ["bool", str(value)]
    if isinstance(value, (int, float)):
        return ["number", repr(value)]
    if value is None:
        return ["null", ""]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return ["date", value.isoformat()]
    return ["str", value]


with open(sys.argv[1], "rb") as handle:
    documents = list(yaml.safe_load_all(handle))
# ASCII escapes: a raw U+FEFF inside a JSON string is dropped by some JSON readers.
json.dump([typed(d) for d in documents], sys.stdout, ensure_ascii=True)
