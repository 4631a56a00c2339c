// aiops: a consumer of the installed package, all modules
#include <aiops/core.hpp>

#include <cstdio>

int main() {
  auto t = aiops::parse_rfc3339("2026-11-29T02:38:36Z");
  std::printf("%s\n", aiops::format_rfc3339(t.value(), 0).c_str());
  return aiops::format_rfc3339(*t, 0) == "2026-11-29T02:38:36Z" ? 0 : 1;
}
