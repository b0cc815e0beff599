#!/usr/bin/env python3
"""Prints botocore's SigV4 headers for the golden cases of src/s3/sigv4_test.cc.

Fixed clock 2026-01-02T03:04:05Z, region us-east-1, service s3, http:// endpoint (so botocore
signs the payload hash, as our signer does). Usage: python3 tests/s3/botocore_sigv4.py
"""
import datetime
import hashlib
import json
from unittest import mock
from urllib.parse import quote

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FIXED = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
AK = "AKIDEXAMPLE"
SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

CASES = [
    # name, method, host, raw path, raw query pairs, body, session token
    ("space_plus_equals", "GET", "127.0.0.1:9000", "/bucket/a b+c=1.json", [], b"", None),
    ("utf8_key", "GET", "s3.us-east-1.amazonaws.com", "/bucket/donn\u00e9es/\u043a\u043b\u044e\u0447-\u00fc.csv", [], b"", None),
    ("percent_key", "HEAD", "127.0.0.1:9000", "/bucket/100%/x%2F.json", [], b"", None),
    ("list_continuation", "GET", "127.0.0.1:9000", "/bucket",
     [("list-type", "2"), ("prefix", "data/"), ("max-keys", "2"),
      ("continuation-token", "1/abc+def==")], b"", None),
    ("put_with_token", "PUT", "localhost:4566", "/my-bucket/out/r~1.json", [], b"hello world",
     "FwoGZXIvYXdzEXAMPLETOKEN/+="),
]


def main():
    out = []
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=FIXED):
        for name, method, host, path, query, body, token in CASES:
            url = "http://" + host + quote(path, safe="/~")
            if query:
                url += "?" + "&".join(quote(k, safe="-_.~") + "=" + quote(v, safe="-_.~")
                                      for k, v in query)
            req = AWSRequest(method=method, url=url, data=body)
            signer = botocore.auth.S3SigV4Auth(Credentials(AK, SK, token), "s3", "us-east-1")
            signer.add_auth(req)
            out.append({"name": name, "authorization": req.headers["Authorization"],
                        "x-amz-date": req.headers["X-Amz-Date"],
                        "x-amz-content-sha256": req.headers["X-Amz-Content-SHA256"],
                        "body_sha256": hashlib.sha256(body).hexdigest()})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
