// HttpStoreConfig from the environment and ~/.aws files, the way the AWS SDKs resolve it.

#include <cstdlib>
#include <fstream>
#include <map>

#include "s3/http_store.h"

namespace sfn::s3 {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string Trim(std::string s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  std::size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Reads one INI section ("[name]") of an AWS shared file into key -> value.
std::map<std::string, std::string> ReadIniSection(const std::string& path,
                                                  const std::string& section) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  bool in_section = false;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      in_section = Trim(line.substr(1, line.size() - 2)) == section;
      continue;
    }
    if (!in_section) continue;
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    out[Trim(line.substr(0, eq))] = Trim(line.substr(eq + 1));
  }
  return out;
}

std::string HomeFile(const char* env_override, const char* rel) {
  std::string p = Env(env_override);
  if (!p.empty()) return p;
  std::string home = Env("HOME");
  return home.empty() ? std::string() : home + "/" + rel;
}

}  // namespace

Result<HttpStoreConfig> HttpStoreConfigFromEnvironment() {
  HttpStoreConfig c;
  std::string profile = Env("AWS_PROFILE");
  if (profile.empty()) profile = "default";

  c.endpoint = Env("AWS_ENDPOINT_URL_S3");
  if (c.endpoint.empty()) c.endpoint = Env("AWS_ENDPOINT_URL");
  while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
  if (!c.endpoint.empty() && c.endpoint.rfind("http://", 0) != 0 &&
      c.endpoint.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("S3 endpoint '" + c.endpoint +
                                   "' (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) must start with "
                                   "http:// or https://");
  }
  c.path_style = !c.endpoint.empty();

  std::string config_file = HomeFile("AWS_CONFIG_FILE", ".aws/config");
  c.region = Env("AWS_REGION");
  if (c.region.empty()) c.region = Env("AWS_DEFAULT_REGION");
  if (c.region.empty() && !config_file.empty()) {
    auto sec = ReadIniSection(config_file, profile == "default" ? "default" : "profile " + profile);
    c.region = sec["region"];
  }
  if (c.region.empty()) c.region = "us-east-1";

  c.credentials.access_key_id = Env("AWS_ACCESS_KEY_ID");
  c.credentials.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
  c.credentials.session_token = Env("AWS_SESSION_TOKEN");
  if (c.credentials.access_key_id.empty()) {
    std::string cred_file = HomeFile("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
    if (!cred_file.empty()) {
      auto sec = ReadIniSection(cred_file, profile);
      c.credentials.access_key_id = sec["aws_access_key_id"];
      c.credentials.secret_access_key = sec["aws_secret_access_key"];
      c.credentials.session_token = sec["aws_session_token"];
    }
  }
  if (!c.credentials.access_key_id.empty() && c.credentials.secret_access_key.empty()) {
    return Status::InvalidArgument("AWS access key id is set for profile '" + profile +
                                   "' but no secret access key: set AWS_SECRET_ACCESS_KEY or "
                                   "aws_secret_access_key in the credentials file");
  }
  return c;
}

Result<std::unique_ptr<ObjectStore>> MakeHttpStoreFromEnvironment() {
  SFN_ASSIGN_OR_RETURN(HttpStoreConfig c, HttpStoreConfigFromEnvironment());
  return MakeHttpStore(std::move(c));
}

}  // namespace sfn::s3
