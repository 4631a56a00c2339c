// aiops: retention policies on fixed timestamps: keep-last, daily, weekly, monthly, the newest always
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <set>  // std::set

#include <aiops/sys/retention.hpp>

using namespace aiops;
using namespace aiops::sys;

namespace {
timestamp_ns at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }

std::set<timestamp_ns> kept(const std::vector<retention_decision>& plan) {
  std::set<timestamp_ns> out;
  for (const auto& d : plan)
    if (d.keep) out.insert(d.time);
  return out;
}

// One snapshot at noon every day of January 2024 (the 1st is a Monday), and one more on the evening of the 31st.
std::vector<timestamp_ns> january() {
  std::vector<timestamp_ns> t;
  for (int day = 1; day <= 31; ++day) t.push_back(at("2024-01-01T12:00:00Z") + (day - 1) * ns_per_day);
  t.push_back(at("2024-01-31T18:00:00Z"));
  return t;
}
}  // namespace

TEST_CASE("keep-last, keep-daily and keep-weekly keep what restic would", "[retention]") {
  retention_policy p;
  p.keep_last = 2;
  p.keep_daily = 3;
  p.keep_weekly = 2;
  auto plan = plan_retention(january(), p);
  REQUIRE(plan.size() == 32);
  // last: 31st 18:00 and 12:00; daily: the 31st (evening), 30th, 29th; weekly: week of the
  // 29th (the 31st evening) and week of the 22nd (its newest, Sunday the 28th).
  CHECK(kept(plan) == std::set<timestamp_ns>{at("2024-01-31T18:00:00Z"), at("2024-01-31T12:00:00Z"),
                                             at("2024-01-30T12:00:00Z"), at("2024-01-29T12:00:00Z"),
                                             at("2024-01-28T12:00:00Z")});
  CHECK(plan[0].reasons == std::vector<std::string>{"newest", "last", "daily", "weekly"});
  CHECK(plan[1].reasons == std::vector<std::string>{"last"});
  CHECK(plan[4].reasons == std::vector<std::string>{"weekly"});
  CHECK(plan[5].time == at("2024-01-27T12:00:00Z"));
  CHECK_FALSE(plan[5].keep);
  CHECK(plan[5].reasons.empty());
  CHECK(plan[0].index == 31);  // indexes point back into the input
}

TEST_CASE("keep-weekly and keep-monthly keep the newest of each period", "[retention]") {
  retention_policy weekly;
  weekly.keep_weekly = 3;
  CHECK(kept(plan_retention(january(), weekly)) ==
        std::set<timestamp_ns>{at("2024-01-31T18:00:00Z"), at("2024-01-28T12:00:00Z"), at("2024-01-21T12:00:00Z")});

  std::vector<timestamp_ns> months = {at("2023-11-05T00:00:00Z"), at("2023-11-30T23:59:59Z"), at("2023-12-15T00:00:00Z"),
                                      at("2024-01-01T00:00:00Z"), at("2024-01-02T00:00:00Z")};
  retention_policy monthly;
  monthly.keep_monthly = 3;
  CHECK(kept(plan_retention(months, monthly)) ==
        std::set<timestamp_ns>{months[4], months[2], months[1]});
  retention_policy yearly;
  yearly.keep_yearly = 5;
  CHECK(kept(plan_retention(months, yearly)) == std::set<timestamp_ns>{months[4], months[2]});
}

TEST_CASE("the newest snapshot is always kept and an empty policy is refused", "[retention]") {
  retention_policy p;
  CHECK_THROWS_AS(plan_retention(january(), p), std::invalid_argument);
  p.keep_daily = 1;
  auto plan = plan_retention({at("2024-01-01T00:00:00Z")}, p);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].keep);
  CHECK(plan_retention({}, p).empty());
  // Unsorted input, with a tie: the later of two equal times counts as newer.
  auto ties = plan_retention({at("2024-01-02T00:00:00Z"), at("2024-01-05T00:00:00Z"), at("2024-01-05T00:00:00Z")}, p);
  CHECK(ties[0].index == 2);
  CHECK(ties[0].keep);
  CHECK_FALSE(ties[1].keep);
  CHECK_FALSE(ties[2].keep);
}
