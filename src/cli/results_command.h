// `sfn results MANIFEST`: streams a Distributed Map ResultWriter export back as JSON lines.
#pragma once

#include <string>

namespace sfn::cli {

struct ResultsOptions {
  std::string manifest;  // s3://bucket/key or a local path to manifest.json
  std::string s3_root;   // with s3:// URIs: local-folder store root (else AWS_ENDPOINT_URL_S3...)
  std::string status;    // SUCCEEDED | FAILED | PENDING; empty = all
  bool output_only = false;  // print each record's parsed Output instead of the whole record
};

// Returns 0, or 2 when the manifest or a result file cannot be read (message on stderr).
int ResultsCommand(const ResultsOptions& options);

}  // namespace sfn::cli
