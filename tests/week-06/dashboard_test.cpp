// aiops: week 06 grader, task 1: the host dashboard's JSON model
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <map>     // std::map
#include <string>  // std::string
#include <vector>  // std::vector

#include <nlohmann/json.hpp>

#include <aiops/week06/dashboard.hpp>

TEST_CASE("task-1: a host dashboard with CPU, memory, disk and network rows", "[week-06][task-1]") {
  INFO("Hint: exercises/week-06/README.md, task 1");
  const nlohmann::json d = aiops::week06::host_dashboard_json();
  REQUIRE(d.is_object());
  CHECK(d.value("title", "") != "");
  CHECK(d.value("uid", "") != "");

  bool has_instance = false;
  for (const auto& v : d["templating"]["list"]) has_instance = has_instance || v.value("name", "") == "instance";
  CHECK(has_instance);

  // Panels after each row panel belong to that row; each row needs a panel using $instance.
  std::map<std::string, int> panels_per_row;
  std::string current;
  std::vector<nlohmann::json> boxes;
  for (const auto& p : d["panels"]) {
    if (p.value("type", "") == "row") {
      current = p.value("title", "");
      continue;
    }
    const auto& g = p["gridPos"];
    CHECK(g["x"].get<int>() >= 0);
    CHECK(g["x"].get<int>() + g["w"].get<int>() <= 24);
    boxes.push_back(g);
    bool uses_instance = !p["targets"].empty();
    for (const auto& t : p["targets"])
      uses_instance = uses_instance && t.value("expr", "").find("instance=~\"$instance\"") != std::string::npos;
    if (uses_instance) ++panels_per_row[current];
  }
  for (const char* row : {"CPU", "Memory", "Disk", "Network"}) {
    CAPTURE(row);
    CHECK(panels_per_row[row] >= 1);
  }
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const auto& a = boxes[i];
      const auto& b = boxes[j];
      const bool overlap = a["x"].get<int>() < b["x"].get<int>() + b["w"].get<int>() && b["x"].get<int>() < a["x"].get<int>() + a["w"].get<int>() &&
                           a["y"].get<int>() < b["y"].get<int>() + b["h"].get<int>() && b["y"].get<int>() < a["y"].get<int>() + a["h"].get<int>();
      CAPTURE(a.dump(), b.dump());
      CHECK_FALSE(overlap);
    }
}
