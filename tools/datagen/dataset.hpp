// aiops: the datasets datagen knows: one generator per dataset, registered in main.cpp's table
// SPDX-License-Identifier: MIT
#pragma once

#include <filesystem>   // std::filesystem::path
#include <string_view>  // std::string_view

namespace datagen {

/// A dataset: writes every file of datasets/<name>/ under `out` (the datasets directory).
struct dataset {
  std::string_view name;
  std::string_view summary;
  void (*generate)(const std::filesystem::path& out);
};

void generate_nginx(const std::filesystem::path& out);   // nginx.cpp
void generate_syslog(const std::filesystem::path& out);  // syslog.cpp
void generate_app(const std::filesystem::path& out);     // app.cpp
void generate_metrics(const std::filesystem::path& out);  // metrics.cpp
void generate_logs(const std::filesystem::path& out);    // loghub.cpp and loghub_*.cpp

}  // namespace datagen
