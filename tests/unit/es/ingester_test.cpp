// aiops: the bulk ingester's queue, back-pressure, acknowledgements and errors, against an
// in-process HTTP server that answers _bulk as OpenSearch does (the real node: tests/integration)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>              // std::atomic
#include <chrono>              // durations
#include <condition_variable>  // std::condition_variable
#include <memory>              // std::make_unique
#include <mutex>               // std::mutex
#include <set>                 // std::multiset
#include <string>              // std::string
#include <thread>              // std::thread

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <aiops/es.hpp>

#include "../http/test_server.hpp"

namespace es = aiops::es;
using aiops::testing::test_server;

namespace {

// Answers every _bulk item with 201 created, remembers the ids, and can hold answers back until released.
struct fake_bulk_server {
  std::mutex mutex;
  std::condition_variable cv;
  bool hold = false;
  int requests_waiting = 0;
  std::multiset<std::string> ids;
  int status = 200;
  test_server server{[this] {
    auto s = std::make_unique<httplib::Server>();
    s->Post("/_bulk", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mutex);
      ++requests_waiting;
      cv.notify_all();
      cv.wait(lock, [this] { return !hold; });
      --requests_waiting;
      if (status != 200) {
        res.status = status;
        res.set_content(R"({"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401})",
                        "application/json");
        return;
      }
      nlohmann::json items = nlohmann::json::array();
      std::size_t start = 0;
      bool action = true;
      while (start < req.body.size()) {
        const std::size_t end = req.body.find('\n', start);
        if (action) {
          const auto line = nlohmann::json::parse(req.body.substr(start, end - start));
          const std::string id = line["index"]["_id"];
          ids.insert(id);
          items.push_back({{"index", {{"_index", "web"}, {"_id", id}, {"result", "created"}, {"status", 201}}}});
        }
        action = !action;
        start = end + 1;
      }
      res.set_content(nlohmann::json{{"took", 1}, {"errors", false}, {"items", items}}.dump(), "application/json");
    });
    return s;
  }()};

  void set_hold(bool h) {
    std::unique_lock lock(mutex);
    hold = h;
    cv.notify_all();
  }

  // The server thread's state, read and written under its lock (a socket's round trip orders
  // them too, but ThreadSanitizer cannot see that).
  std::multiset<std::string> ids_received() {
    std::unique_lock lock(mutex);
    return ids;
  }
  void set_status(int s) {
    std::unique_lock lock(mutex);
    status = s;
  }
};

es::bulk_action action(int i) { return {es::bulk_op::index, "web", "id-" + std::to_string(i), R"({"n":)" + std::to_string(i) + "}"}; }

}  // namespace

TEST_CASE("ingester: every action lands once, acknowledged in order, with several workers", "[es][ingester]") {
  fake_bulk_server fake;
  es::ingester_options o;
  o.workers = 3;
  o.bulk.limits.max_docs = 97;
  o.queue_capacity = 300;
  es::bulk_ingester in(fake.server.url(), {}, o);
  for (int i = 1; i <= 2500; ++i) CHECK(in.push(action(i)) == static_cast<std::uint64_t>(i));
  const es::bulk_report r = in.close();
  CHECK(r.items == 2500);
  CHECK(r.created == 2500);
  CHECK(r.failed == 0);
  CHECK(r.requests == 26);  // 25 full batches of 97, and the rest
  CHECK(in.acknowledged() == 2500);
  CHECK(in.pushed() == 2500);
  const auto ids = fake.ids_received();
  CHECK(ids.size() == 2500);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 2500);
  CHECK(in.close().items == 2500);  // closing again returns the same totals
  CHECK_THROWS_AS(in.push(action(0)), std::logic_error);
}

TEST_CASE("ingester: a full queue blocks the producer while the server is slow", "[es][ingester]") {
  fake_bulk_server fake;
  fake.set_hold(true);
  es::ingester_options o;
  o.workers = 1;
  o.bulk.limits.max_docs = 5;
  o.queue_capacity = 10;
  es::bulk_ingester in(fake.server.url(), {}, o);
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (int i = 1; i <= 100; ++i) in.push(action(i));
    done = true;
  });
  // One batch of 5 is in flight (held by the server) and 10 wait in the queue: the 16th push blocks.
  for (int i = 0; i < 2000 && in.pushed() < 15; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(in.pushed() == 15);
  CHECK_FALSE(done);
  CHECK(in.acknowledged() == 0);
  fake.set_hold(false);
  producer.join();
  const es::bulk_report r = in.close();
  CHECK(r.items == 100);
  CHECK(in.acknowledged() == 100);
}

TEST_CASE("ingester: abandon drops what waits unsent, it is never acknowledged, and flush and close do not wait for it",
          "[es][ingester]") {
  fake_bulk_server fake;
  fake.set_hold(true);
  es::ingester_options o;
  o.workers = 1;
  o.bulk.limits.max_docs = 5;
  es::bulk_ingester in(fake.server.url(), {}, o);
  for (int i = 1; i <= 20; ++i) in.push(action(i));
  {  // the first batch of 5 is in flight, held by the server; 15 wait
    std::unique_lock lock(fake.mutex);
    fake.cv.wait(lock, [&] { return fake.requests_waiting == 1; });
  }
  in.abandon();
  fake.set_hold(false);
  in.flush();  // returns: nothing left it could wait for
  const es::bulk_report r = in.close();
  CHECK(r.items == 5);
  CHECK(in.acknowledged() == 5);
  CHECK(fake.ids_received().size() == 5);
}

TEST_CASE("ingester: flush sends a partial batch at once and waits for it", "[es][ingester]") {
  fake_bulk_server fake;
  es::ingester_options o;
  o.flush_interval = std::chrono::hours(1);
  es::bulk_ingester in(fake.server.url(), {}, o);
  in.push(action(1));
  in.push(action(2));
  in.push(action(3));
  in.flush();
  CHECK(in.acknowledged() == 3);
  CHECK(in.report().created == 3);
  in.push(action(4));
  CHECK(in.close().created == 4);
}

TEST_CASE("ingester: a partial batch goes out by itself after flush_interval", "[es][ingester]") {
  fake_bulk_server fake;
  es::ingester_options o;
  o.flush_interval = std::chrono::milliseconds(20);
  es::bulk_ingester in(fake.server.url(), {}, o);
  // Let both workers reach their wait on an empty queue first: the push must wake one of them.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  in.push(action(1));
  in.push(action(2));
  for (int i = 0; i < 1000 && in.acknowledged() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(in.acknowledged() == 2);
  CHECK(in.close().created == 2);
}

TEST_CASE("ingester: a server that refuses the requests stops it, and the error comes back", "[es][ingester]") {
  fake_bulk_server fake;
  fake.set_status(401);
  es::ingester_options o;
  o.bulk.limits.max_docs = 10;
  es::bulk_ingester in(fake.server.url(), {}, o);
  bool thrown = false;
  try {
    for (int i = 1; i <= 1000; ++i) in.push(action(i));
    in.flush();
  } catch (const es::server_error& e) {
    thrown = true;
    CHECK(e.status() == 401);
    CHECK(e.type() == "security_exception");
  }
  CHECK(thrown);
  CHECK(in.acknowledged() == 0);  // nothing landed, so nothing is acknowledged
  CHECK_THROWS_AS(in.close(), es::server_error);
  CHECK_THROWS_AS(in.push(action(0)), es::server_error);
  CHECK_THROWS_AS(es::bulk_ingester(fake.server.url(), {}, {.workers = 0}), std::invalid_argument);
  CHECK_THROWS_AS(es::bulk_ingester("ftp://x", {}, {}), std::invalid_argument);
}
