"""Python handlers for the integrations tests (run through tools/sfn_function.py)."""

import os
import sys


def echo(event, context):
    return event


def transform(event, context):
    print("transforming", event.get("n"))  # goes to stderr
    return {"doubled": event["n"] * 2, "function": context.function_name}


def fail(event, context):
    raise ValueError("bad input: %s" % event.get("n"))


def crash_on_demand(event, context):
    if event.get("crash"):
        sys.stderr.write("about to crash\n")
        sys.stderr.flush()
        os._exit(3)
    return {"pid": os.getpid(), "i": event.get("i")}


def unserialisable(event, context):
    return {"a": object()}
