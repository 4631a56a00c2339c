// aiops: writes deploy/grafana/ (the host dashboard JSON and the provisioning files) from aiops::grafana
// SPDX-License-Identifier: MIT
//
//   dashboards deploy/grafana
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream
#include <iostream>    // std::cerr, std::cout
#include <stdexcept>   // std::runtime_error
#include <string>      // std::string

#include <aiops/grafana.hpp>

namespace {
void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
  std::cout << path.string() << "\n";
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dashboards OUT_DIR   (the repository's is deploy/grafana)\n";
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    write(out / "dashboards" / "host.json", aiops::grafana::to_json(aiops::grafana::host_dashboard()).dump(2) + "\n");
    // The paths and host names the compose stack (deploy/compose.yaml) gives Grafana and Prometheus.
    write(out / "provisioning" / "datasources" / "prometheus.yaml",
          aiops::grafana::datasource_provisioning("http://prometheus:9090"));
    write(out / "provisioning" / "dashboards" / "aiops.yaml",
          aiops::grafana::dashboard_provisioning("/var/lib/grafana/dashboards"));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dashboards: " << e.what() << "\n";
    return 1;
  }
}
