// Micro-benchmark: an ItemSelector-style expression over many small objects (evals/s).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "asl/jsonata/jsonata.h"

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 1000000;
  auto expr = sfn::jsonata::Expression::Compile(R"({"id": $.id, "total": $sum($.items.price)})");
  if (!expr.ok()) {
    std::fprintf(stderr, "%s\n", expr.status().ToString().c_str());
    return 1;
  }
  sfn::jsonata::Bindings b;
  std::vector<sfn::json::Value> inputs;
  for (int i = 0; i < 1000; ++i) {
    inputs.push_back(
        *sfn::json::Parse("{\"id\":" + std::to_string(i) +
                          ",\"items\":[{\"price\":1.5},{\"price\":" + std::to_string(i) + "}]}"));
  }
  auto start = std::chrono::steady_clock::now();
  double check = 0;
  for (int i = 0; i < n; ++i) {
    auto r = expr->Evaluate(&inputs[i % inputs.size()], b);
    const auto& v = std::get<std::optional<sfn::json::Value>>(r);
    check += sfn::json::AsDouble(v->as_object().at("total"));
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%d evals in %.3f s: %.0f evals/s (checksum %.1f)\n", n, s, n / s, check);
  return 0;
}
