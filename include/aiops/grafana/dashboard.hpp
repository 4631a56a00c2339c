// aiops: a Grafana dashboard model (rows, panels, Prometheus targets, thresholds, units, variables),
// a grid layout that packs panels, and the dashboard JSON Grafana imports
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::max_element
#include <array>      // std::array
#include <optional>   // std::optional
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace grafana {

/// Grafana's grid is 24 columns wide.
inline constexpr int grid_columns = 24;

/// One Prometheus query of a panel.
struct target {
  std::string expr;          ///< PromQL; may use `$job`, `$instance` and `$__rate_interval`
  std::string legend;        ///< legend format: "{{instance}} {{mode}}"
  bool instant = false;      ///< one value per series (tables, bar gauges) instead of a range
};

/// A threshold step: from `value` upwards the colour is `color`; the first step has no value (the base).
struct threshold_step {
  std::optional<double> value;
  std::string color;  ///< "green", "orange", "red", "#73BF69"
};

/// The visualisations the model writes.
enum class panel_type { timeseries, stat, gauge, bargauge, table };

constexpr const char* to_string(panel_type t) noexcept {
  switch (t) {
    case panel_type::timeseries: return "timeseries";
    case panel_type::stat: return "stat";
    case panel_type::gauge: return "gauge";
    case panel_type::bargauge: return "bargauge";
    case panel_type::table: return "table";
  }
  return "timeseries";
}

/// A panel: what it shows, how, and its size on the grid (its position comes from `layout`).
struct panel {
  panel_type type = panel_type::timeseries;
  std::string title;
  std::string description;
  std::vector<target> targets;
  std::string unit;                        ///< Grafana unit id: "percent", "percentunit", "bytes", "Bps", "s", "short"
  std::optional<double> min;
  std::optional<double> max;
  std::optional<int> decimals;
  std::vector<threshold_step> thresholds;  ///< empty: green only
  int width = 12;                          ///< grid columns, 1..24
  int height = 8;                          ///< grid rows (30 px each), >= 1
};

/// A titled section of panels (a Grafana row).
struct row {
  std::string title;
  std::vector<panel> panels;
};

/// A dashboard variable that lists the values of a label: `label_values(node_uname_info{job=~"$job"}, instance)`.
struct variable {
  std::string name;   ///< used as `$name` in queries
  std::string label;  ///< shown in the UI
  std::string query;  ///< Prometheus variable query
  bool multi = true;
  bool include_all = true;
};

/// A whole dashboard. Queries go to the datasource chosen in the `$datasource` variable.
struct dashboard {
  std::string uid;    ///< stable id (<= 40 characters), so provisioning updates rather than duplicates
  std::string title;
  std::vector<std::string> tags;
  std::string time_from = "now-6h";
  std::string refresh = "30s";
  std::vector<variable> variables;
  std::vector<row> rows;
};

/// A position on the grid.
struct grid_pos {
  int x = 0, y = 0, w = 0, h = 0;
  bool operator==(const grid_pos&) const = default;
};

/// Packs panels of the given sizes below `top`: each goes where its top is highest on the
/// "skyline" of what is placed, leftmost on ties, so a short panel fills the gap beside a tall one.
/// @throws std::invalid_argument for a width outside 1..24 or a height below 1.
inline std::vector<grid_pos> pack(const std::vector<std::pair<int, int>>& sizes, int top = 0) {
  std::array<int, grid_columns> skyline;
  skyline.fill(top);
  std::vector<grid_pos> out;
  for (const auto& [w, h] : sizes) {
    if (w < 1 || w > grid_columns || h < 1) throw std::invalid_argument("aiops::grafana::pack: panel size out of range");
    int best_x = 0, best_y = -1;
    for (int x = 0; x + w <= grid_columns; ++x) {
      const int y = *std::max_element(skyline.begin() + x, skyline.begin() + x + w);
      if (best_y < 0 || y < best_y) best_x = x, best_y = y;
    }
    for (int x = best_x; x < best_x + w; ++x) skyline[std::size_t(x)] = best_y + h;
    out.push_back({best_x, best_y, w, h});
  }
  return out;
}

namespace detail {

inline nlohmann::json datasource() { return {{"type", "prometheus"}, {"uid", "${datasource}"}}; }

inline nlohmann::json panel_json(const panel& p, int id, const grid_pos& pos) {
  nlohmann::json steps = nlohmann::json::array();
  if (p.thresholds.empty()) steps.push_back({{"color", "green"}, {"value", nullptr}});
  for (const auto& s : p.thresholds) {
    steps.push_back({{"color", s.color}, {"value", s.value ? nlohmann::json(*s.value) : nlohmann::json(nullptr)}});
  }
  nlohmann::json defaults = {{"thresholds", {{"mode", "absolute"}, {"steps", steps}}},
                             {"color", {{"mode", p.type == panel_type::timeseries ? "palette-classic" : "thresholds"}}}};
  if (!p.unit.empty()) defaults["unit"] = p.unit;
  if (p.min) defaults["min"] = *p.min;
  if (p.max) defaults["max"] = *p.max;
  if (p.decimals) defaults["decimals"] = *p.decimals;

  nlohmann::json targets = nlohmann::json::array();
  for (std::size_t k = 0; k < p.targets.size(); ++k) {
    const target& t = p.targets[k];
    nlohmann::json j = {{"refId", std::string(1, char('A' + k % 26)) + (k >= 26 ? std::to_string(k / 26) : "")},
                        {"expr", t.expr}, {"legendFormat", t.legend.empty() ? "__auto" : t.legend},
                        {"datasource", datasource()}, {"instant", t.instant}, {"range", !t.instant}};
    if (p.type == panel_type::table) j["format"] = "table";
    targets.push_back(std::move(j));
  }

  const nlohmann::json reduce = {{"calcs", {"lastNotNull"}}, {"fields", ""}, {"values", false}};
  nlohmann::json options;
  switch (p.type) {
    case panel_type::timeseries:
      options = {{"legend", {{"displayMode", "list"}, {"placement", "bottom"}, {"showLegend", true}}},
                 {"tooltip", {{"mode", "multi"}, {"sort", "desc"}}}};
      break;
    case panel_type::stat:
      options = {{"reduceOptions", reduce}, {"colorMode", "value"}, {"graphMode", "area"},
                 {"justifyMode", "auto"}, {"orientation", "auto"}, {"textMode", "auto"}};
      break;
    case panel_type::gauge:
      options = {{"reduceOptions", reduce}, {"orientation", "auto"}, {"showThresholdLabels", false},
                 {"showThresholdMarkers", true}};
      break;
    case panel_type::bargauge:
      options = {{"reduceOptions", reduce}, {"orientation", "horizontal"}, {"displayMode", "gradient"},
                 {"showUnfilled", true}};
      break;
    case panel_type::table:
      options = {{"showHeader", true}, {"cellHeight", "sm"}};
      break;
  }
  nlohmann::json j = {{"id", id},
                      {"type", to_string(p.type)},
                      {"title", p.title},
                      {"datasource", datasource()},
                      {"gridPos", {{"x", pos.x}, {"y", pos.y}, {"w", pos.w}, {"h", pos.h}}},
                      {"targets", targets},
                      {"fieldConfig", {{"defaults", defaults}, {"overrides", nlohmann::json::array()}}},
                      {"options", options}};
  if (!p.description.empty()) j["description"] = p.description;
  if (p.type == panel_type::table)
    j["transformations"] = {{{"id", "merge"}, {"options", nlohmann::json::object()}},
                            {{"id", "organize"}, {"options", {{"excludeByName", {{"Time", true}}}}}}};
  return j;
}

inline nlohmann::json variable_json(const variable& v) {
  return {{"name", v.name},
          {"label", v.label.empty() ? v.name : v.label},
          {"type", "query"},
          {"datasource", datasource()},
          {"query", {{"query", v.query}, {"refId", "PrometheusVariableQueryEditor-VariableQuery"}}},
          {"definition", v.query},
          {"refresh", 2},  // on time range change: hosts come and go
          {"multi", v.multi},
          {"includeAll", v.include_all},
          {"sort", 1},
          {"current", nlohmann::json::object()},
          {"options", nlohmann::json::array()},
          {"hide", 0}};
}

}  // namespace detail

/// The dashboard as Grafana's JSON model (schemaVersion 39): a `$datasource` variable for
/// Prometheus first, then the dashboard's variables; each row a row panel followed by its panels,
/// packed with `pack`. Panel ids are 1, 2, ... in order.
/// @throws std::invalid_argument for an empty uid or title, or a panel size out of range.
inline nlohmann::json to_json(const dashboard& d) {
  if (d.uid.empty() || d.uid.size() > 40 || d.title.empty())
    throw std::invalid_argument("aiops::grafana::to_json: a dashboard needs a uid (1..40 characters) and a title");
  nlohmann::json templating = nlohmann::json::array();
  templating.push_back({{"name", "datasource"}, {"label", "Data source"}, {"type", "datasource"},
                        {"query", "prometheus"}, {"current", nlohmann::json::object()}, {"hide", 0},
                        {"refresh", 1}, {"options", nlohmann::json::array()}});
  for (const auto& v : d.variables) templating.push_back(detail::variable_json(v));

  nlohmann::json panels = nlohmann::json::array();
  int id = 0;
  int top = 0;
  for (const auto& r : d.rows) {
    panels.push_back({{"id", ++id}, {"type", "row"}, {"title", r.title}, {"collapsed", false},
                      {"gridPos", {{"x", 0}, {"y", top}, {"w", grid_columns}, {"h", 1}}},
                      {"panels", nlohmann::json::array()}});
    ++top;
    std::vector<std::pair<int, int>> sizes;
    for (const auto& p : r.panels) sizes.emplace_back(p.width, p.height);
    const auto positions = pack(sizes, top);
    for (std::size_t k = 0; k < r.panels.size(); ++k) {
      panels.push_back(detail::panel_json(r.panels[k], ++id, positions[k]));
      top = std::max(top, positions[k].y + positions[k].h);
    }
  }
  return {{"uid", d.uid},
          {"title", d.title},
          {"tags", d.tags},
          {"timezone", "browser"},
          {"editable", true},
          {"graphTooltip", 1},  // a shared crosshair across panels
          {"schemaVersion", 39},
          {"version", 1},
          {"time", {{"from", d.time_from}, {"to", "now"}}},
          {"refresh", d.refresh},
          {"templating", {{"list", templating}}},
          {"annotations", {{"list", nlohmann::json::array()}}},
          {"panels", panels}};
}

}  // namespace grafana
AIOPS_END_NAMESPACE
