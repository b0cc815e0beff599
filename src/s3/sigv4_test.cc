// Golden SigV4 values produced by botocore 1.43.11 (tests/s3/botocore_sigv4.py, fixed clock
// 2026-01-02T03:04:05Z). Re-run the script to regenerate.
#include "s3/sigv4.h"

#include <gtest/gtest.h>

namespace sfn::s3 {
namespace {

constexpr std::time_t kNow = 1767323045;  // 2026-01-02T03:04:05Z
const Credentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const std::string kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string Auth(const std::string& sig, bool token = false) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/us-east-1/s3/aws4_request, "
         "SignedHeaders=host;x-amz-content-sha256;x-amz-date" +
         std::string(token ? ";x-amz-security-token" : "") + ", Signature=" + sig;
}

TEST(SigV4Test, KeyWithSpacePlusEquals) {
  SigningRequest r{"GET", "127.0.0.1:9000", "/bucket/a b+c=1.json", {}, kEmptySha};
  SignedHeaders h = SignV4(r, kCreds, "us-east-1", "s3", kNow);
  EXPECT_EQ(h.amz_date, "20260102T030405Z");
  EXPECT_EQ(h.authorization,
            Auth("3ca9f4e00b814ee494123fe327c2f6b11ce856b66b128fc4ebce3692177c004c"));
}

TEST(SigV4Test, Utf8Key) {
  SigningRequest r{"GET",
                   "s3.us-east-1.amazonaws.com",
                   "/bucket/donn\xC3\xA9"
                   "es/\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87-\xC3\xBC.csv",
                   {},
                   kEmptySha};
  EXPECT_EQ(SignV4(r, kCreds, "us-east-1", "s3", kNow).authorization,
            Auth("fb424da4b3e63b57fddc266656c99f02dad39ce1ea7c8eb030998740aef9dd76"));
}

TEST(SigV4Test, KeyWithPercent) {
  SigningRequest r{"HEAD", "127.0.0.1:9000", "/bucket/100%/x%2F.json", {}, kEmptySha};
  EXPECT_EQ(SignV4(r, kCreds, "us-east-1", "s3", kNow).authorization,
            Auth("3e0915fdc7d11a8c4a7edf0a9c4c3d5dd62fcfd9bbc5f9b3a81a7c2ed591e234"));
}

TEST(SigV4Test, ListObjectsV2ContinuationToken) {
  SigningRequest r{"GET",
                   "127.0.0.1:9000",
                   "/bucket",
                   {{"list-type", "2"},
                    {"prefix", "data/"},
                    {"max-keys", "2"},
                    {"continuation-token", "1/abc+def=="}},
                   kEmptySha};
  EXPECT_EQ(SignV4(r, kCreds, "us-east-1", "s3", kNow).authorization,
            Auth("235221aa67dd78bdfcdc4bada1ecee4e165049bc7b400e1ffe9662e47f0dc3d3"));
  EXPECT_EQ(CanonicalQuery(r.query),
            "continuation-token=1%2Fabc%2Bdef%3D%3D&list-type=2&max-keys=2&prefix=data%2F");
}

TEST(SigV4Test, PutWithSessionToken) {
  Credentials creds = kCreds;
  creds.session_token = "FwoGZXIvYXdzEXAMPLETOKEN/+=";
  std::string sha = Sha256Hex("hello world");
  EXPECT_EQ(sha, "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
  SigningRequest r{"PUT", "localhost:4566", "/my-bucket/out/r~1.json", {}, sha};
  SignedHeaders h = SignV4(r, creds, "us-east-1", "s3", kNow);
  EXPECT_EQ(h.authorization,
            Auth("bc5631e885cdde71444dc07e6fbf2ca0d16a552813c1b76a9884a541d000ffa7", true));
  EXPECT_EQ(h.security_token, creds.session_token);
  EXPECT_EQ(h.content_sha256, sha);
}

TEST(SigV4Test, UriEncode) {
  EXPECT_EQ(UriEncode("a b+c=1/~x%", true), "a%20b%2Bc%3D1/~x%25");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
}

}  // namespace
}  // namespace sfn::s3
