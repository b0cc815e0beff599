#!/usr/bin/env python3
"""OpenSFN local function runtime for Python handlers.

Usage (as the COMMAND of an OpenSFN local function):
    python3 tools/sfn_function.py MODULE:HANDLER [--path DIR]

MODULE is imported (from DIR, the current directory, or a path like pkg/mod.py) and
HANDLER(event, context) is called once per event. The process is long-lived: OpenSFN writes one
JSON event per line to stdin; this runtime writes exactly one JSON line per event to stdout: the
handler's return value, or, when the handler raises, a Lambda-style error document
{"errorMessage": str(e), "errorType": <exception class name>, "stackTrace": [...]}.
print() inside handlers goes to stderr, which OpenSFN forwards prefixed with the function name.
"""

import importlib
import importlib.util
import json
import os
import sys
import time
import traceback
import uuid


class Context:
    """A subset of the AWS Lambda Python context object."""

    def __init__(self, function_name, request_id, deadline_ms):
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = "arn:aws:lambda:%s:%s:function:%s" % (
            os.environ.get("AWS_REGION", "us-east-1"),
            os.environ.get("AWS_ACCOUNT_ID", "123456789012"),
            function_name,
        )
        self.memory_limit_in_mb = "128"
        self.aws_request_id = request_id
        self.log_group_name = "/aws/lambda/" + function_name
        self.log_stream_name = "opensfn"
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def load_handler(spec, extra_path):
    """Returns (handler, None), or (None, error document) like Lambda's init errors."""
    module_name, func_name = spec.rsplit(":", 1)
    shown = os.path.splitext(os.path.basename(module_name))[0]  # as Lambda names the module
    for p in (extra_path, os.getcwd()):
        if p and p not in sys.path:
            sys.path.insert(0, p)
    try:
        if module_name.endswith(".py") or os.sep in module_name:
            path = os.path.abspath(module_name)
            name = os.path.splitext(os.path.basename(path))[0]
            sys.path.insert(0, os.path.dirname(path))
            mod_spec = importlib.util.spec_from_file_location(name, path)
            if mod_spec is None or not os.path.exists(path):
                raise ModuleNotFoundError("No such file '%s'" % path)
            module = importlib.util.module_from_spec(mod_spec)
            mod_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(module_name)
    except SyntaxError as exc:
        return None, init_error("Runtime.UserCodeSyntaxError",
                                "Syntax error in module '%s': %s" % (shown, exc))
    except Exception as exc:  # noqa: BLE001 - any import failure is an init error
        return None, init_error("Runtime.ImportModuleError",
                                "Unable to import module '%s': %s" % (shown, exc))
    handler = getattr(module, func_name, None)
    if not callable(handler):
        return None, init_error("Runtime.HandlerNotFound",
                                "Handler '%s' missing on module '%s'" % (func_name, shown))
    return handler, None


def init_error(error_type, message):
    sys.stderr.write("sfn_function.py: %s: %s\n" % (error_type, message))
    sys.stderr.flush()
    return {"errorMessage": message, "errorType": error_type, "stackTrace": []}


def error_document(exc):
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # drop this runtime's frame
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "stackTrace": traceback.format_list(frames),
    }


def main(argv):
    args = argv[1:]
    extra_path = None
    if "--path" in args:
        i = args.index("--path")
        extra_path = args[i + 1]
        del args[i : i + 2]
    if len(args) != 1 or ":" not in args[0]:
        sys.stderr.write(__doc__)
        return 2
    # The protocol owns the real stdout; handlers' print() goes to stderr.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr
    handler, init_failure = load_handler(args[0], extra_path)
    function_name = os.environ.get("SFN_FUNCTION_NAME", args[0])
    timeout_s = float(os.environ.get("SFN_FUNCTION_TIMEOUT", "900"))
    for raw in sys.stdin.buffer:  # bytes: independent of the locale's encoding
        line = raw.decode("utf-8")
        if not line.strip():
            continue
        context = Context(function_name, str(uuid.uuid4()), time.time() * 1000 + timeout_s * 1000)
        if init_failure is not None:
            protocol_out.write(json.dumps(init_failure) + "\n")
            protocol_out.flush()
            continue
        try:
            value = handler(json.loads(line), context)
        except Exception as exc:  # noqa: BLE001 - every handler error becomes an error document
            value = error_document(exc)
        try:
            result = json.dumps(value)
        except (TypeError, ValueError) as exc:
            result = json.dumps({
                "errorMessage": "Unable to marshal response: %s" % exc,
                "errorType": "Runtime.MarshalError",
                "stackTrace": [],
            })
        protocol_out.write(result + "\n")
        protocol_out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
