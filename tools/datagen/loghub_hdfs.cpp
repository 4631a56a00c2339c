// aiops: datasets/logs/hdfs: a Hadoop 0.18 HDFS cluster's NameNode and DataNode logs, LogHub style
// SPDX-License-Identifier: MIT
//
// Blocks are allocated by the NameNode, written through pipelines of three DataNodes, served,
// verified, deleted; block ids recur across lines the way they do in the real HDFS log. Rare
// events: interrupted responders, redundant or orphan block reports, transfer failures.
#include <cstdint>      // std::int64_t
#include <deque>        // std::deque
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "loghub.hpp"

namespace datagen::loghub {

namespace {

constexpr std::uint64_t seed = 20081109;
constexpr std::size_t lines = 10'000;

const std::vector<event_type> events = {
    {"E1", "INFO", "dfs.DataNode$DataXceiver", "Receiving block {blk} src: /{client} dest: /{dn}", 18},
    {"E2", "INFO", "dfs.DataNode$PacketResponder", "PacketResponder {replica} for block {blk} terminating", 18},
    {"E3", "INFO", "dfs.DataNode$PacketResponder", "Received block {blk} of size {size} from /{ip}", 18},
    {"E4", "INFO", "dfs.FSNamesystem", "BLOCK* NameSystem.addStoredBlock: blockMap updated: {dn} is added to {blk} size {size}", 18},
    {"E5", "INFO", "dfs.FSNamesystem", "BLOCK* NameSystem.allocateBlock: {file}. {new_blk}", 6},
    {"E6", "INFO", "dfs.DataNode", "{dn} Served block {blk} to /{ip}", 10},
    {"E7", "WARN", "dfs.DataNode", "{dn}:Got exception while serving {blk} to /{ip}:", 4},
    {"E8", "INFO", "dfs.DataBlockScanner", "Verification succeeded for {blk}", 5},
    {"E9", "INFO", "dfs.FSDataset", "Deleting block {blk} file {blk_file}", 8},
    {"E10", "INFO", "dfs.FSNamesystem", "BLOCK* NameSystem.delete: {blk} is added to invalidSet of {dn}", 8},
    {"E11", "INFO", "dfs.FSNamesystem", "BLOCK* ask {dn} to delete {blk_list}", 2.5},
    {"E12", "INFO", "dfs.DataNode$PacketResponder",
     "PacketResponder {blk} {replica} Exception java.io.InterruptedIOException: Interruped while waiting for IO on "
     "channel java.nio.channels.SocketChannel[connected local=/{dn} remote=/{client}]. {timeout} millis timeout left.",
     0, 9},
    {"E13", "INFO", "dfs.DataNode$DataXceiver", "writeBlock {blk} received exception java.io.IOException: Could not read from stream", 0.5},
    {"E14", "INFO", "dfs.DataNode$BlockReceiver", "Receiving empty packet for block {blk}", 0, 3},
    {"E15", "INFO", "dfs.DataNode$PacketResponder", "PacketResponder {replica} for block {blk} Interrupted.", 0, 12},
    {"E16", "WARN", "dfs.DataNode", "{dn}:Failed to transfer {blk} to {dn} got java.net.SocketException: Connection reset", 0, 4},
    {"E17", "INFO", "dfs.DataNode", "{dn} Starting thread to transfer block {blk} to {targets}", 1},
    {"E18", "INFO", "dfs.DataNode$DataTransfer", "{dn}:Transmitted block {blk} to /{dn}", 1},
    {"E19", "INFO", "dfs.FSNamesystem",
     "BLOCK* NameSystem.addStoredBlock: Redundant addStoredBlock request received for {blk} on {dn} size {size}", 0, 15},
    {"E20", "WARN", "dfs.FSNamesystem",
     "BLOCK* NameSystem.addStoredBlock: addStoredBlock request received for {blk} on {dn} size {size} But it does not "
     "belong to any file.", 0, 6},
    {"E21", "INFO", "dfs.FSNamesystem", "BLOCK* Removing block {blk} from neededReplications as it does not belong to any file.", 0, 6},
    {"E22", "ERROR", "dfs.DataNode", "{dn}:DataXceiver: java.io.IOException: Block {blk} is valid, and cannot be written to.", 0, 8},
    {"E23", "INFO", "dfs.DataNode$BlockReceiver", "Exception in receiveBlock for block {blk} java.io.IOException: Connection reset by peer", 0, 10},
    {"E24", "INFO", "dfs.DataNode$BlockReceiver",
     "Changing block file offset of block {blk} from {offset} to {offset} meta file offset to {meta_offset}", 0, 20},
    {"E25", "WARN", "dfs.PendingReplicationBlocks$PendingReplicationMonitor", "PendingReplicationMonitor timed out block {blk}", 0, 2},
    {"E26", "INFO", "dfs.FSEditLog",
     "Number of transactions: {count} Total time for transactions(ms): {count} Number of transactions batched in Syncs: "
     "{count} Number of syncs: {count} SyncTimes(ms): {sync_times}", 0, 30},
    {"E27", "INFO", "FSNamesystem.audit", "ugi={user} ip=/{client_ip} cmd={cmd} src={file} dst={dst} perm={perm}", 3},
    {"E28", "INFO", "dfs.FSNamesystem", "Roll Edit Log from {ip}", 0, 4},
    {"E29", "WARN", "dfs.DataNode",
     "{dn}:DataXceiver: java.net.SocketTimeoutException: {timeout} millis timeout while waiting for channel to be ready "
     "for write. ch : java.nio.channels.SocketChannel[connected local=/{dn} remote=/{client}]", 0, 5},
};

// The NameNode's components; every other component runs in a DataNode.
bool on_namenode(std::string_view component) {
  return component == "dfs.FSNamesystem" || component == "dfs.FSEditLog" || component == "FSNamesystem.audit" ||
         component == "dfs.PendingReplicationBlocks$PendingReplicationMonitor";
}

class hdfs_log {
 public:
  hdfs_log() : root_(seed, "logs/hdfs"), values_(root_.fork("values")), times_(root_.fork("times")) {
    rng nodes = root_.fork("nodes");
    for (int i = 0; i < 120; ++i) datanodes_.push_back(datacenter_ipv4(nodes, i % 2 == 0 ? 250 : 251));
    for (int i = 0; i < 60; ++i) datanode_pids_.push_back(static_cast<int>(nodes.between(13, 9200)));
    for (int i = 0; i < 300; ++i) blocks_.push_back(block_id());
  }

  std::vector<record> generate() {
    rng draw = root_.fork("events");
    return sample(draw, events, lines, [this](std::string_view name, const event_type&) { return param(name); },
                  [this](std::size_t, const event_type& e) { return header(e); });
  }

 private:
  std::string block_id() {
    const bool negative = values_.chance(0.5);
    const auto n = values_.between(100'000'000'000'000'000LL, 9'220'000'000'000'000'000LL);
    return concat({"blk_", negative ? "-" : "", std::to_string(n)});
  }
  const std::string& datanode() { return datanodes_[values_.below(datanodes_.size())]; }
  // A block seen recently: most lines are about blocks in flight.
  std::string recent_block() { return blocks_[blocks_.size() - 1 - values_.below(blocks_.size())]; }
  std::string job_file() {
    const auto task = values_.between(0, 1800);
    return concat({"/user/root/", popular(values_, {"rand", "sortrand", "randtxt", "rand7", "sortrand2"}),
                   "/_temporary/_task_200811092030_00", padded(values_.between(1, 40), 2), "_m_", padded(task, 6),
                   "_0/part-", padded(task, 5)});
  }

  std::string param(std::string_view name) {
    if (name == "blk") return recent_block();
    if (name == "new_blk") {
      blocks_.push_back(block_id());
      if (blocks_.size() > 400) blocks_.pop_front();
      return blocks_.back();
    }
    if (name == "dn") return datanode() + ":50010";
    if (name == "ip") return datanode();
    if (name == "client") return concat({datanode(), ":", std::to_string(values_.between(32768, 60999))});
    if (name == "client_ip") return datacenter_ipv4(values_, 250);
    if (name == "replica") return std::to_string(values_.below(3));
    if (name == "size") return values_.chance(0.8) ? "67108864" : std::to_string(values_.between(1024, 67108863));
    if (name == "file") return job_file();
    if (name == "blk_file")
      return concat({"/mnt/hadoop/dfs/data/current/subdir", std::to_string(values_.below(64)), "/", recent_block()});
    if (name == "blk_list" || name == "targets") {  // a variable-length list, one parameter
      const auto n = values_.between(1, name == "targets" ? 3 : 8);
      std::string out;
      for (std::int64_t i = 0; i < n; ++i) out += concat({i ? " " : "", name == "targets" ? datanode() + ":50010" : recent_block()});
      return out;
    }
    if (name == "timeout") return std::to_string(values_.between(0, 480000));
    if (name == "offset") return std::to_string(values_.between(0, 67108864));
    if (name == "meta_offset") return std::to_string(values_.between(7, 524295));
    if (name == "count") return std::to_string(values_.between(1, 4000));
    if (name == "sync_times") {
      const auto n = values_.between(1, 3);
      std::string out;
      for (std::int64_t i = 0; i < n; ++i) out += concat({i ? " " : "", std::to_string(values_.between(0, 900))});
      return out;
    }
    if (name == "user") return std::string(popular(values_, {"root", "hadoop", "hive", "etl", "spark", "hbase", "mapred"}));
    if (name == "cmd") return std::string(popular(values_, {"open", "create", "listStatus", "delete", "rename", "mkdirs", "setPermission"}));
    if (name == "dst") return values_.chance(0.85) ? "null" : job_file();
    if (name == "perm") return values_.chance(0.8) ? "null" : "root:supergroup:rw-r--r--";
    throw std::logic_error("hdfs: no parameter " + std::string(name));
  }

  std::vector<std::string> header(const event_type& e) {
    now_ += static_cast<timestamp_ns>(times_.exponential(9.5) * 1e9);
    const aiops::civil_time c = aiops::to_civil(now_);
    const std::string date = concat({padded(c.year % 100, 2), padded(c.month, 2), padded(c.day, 2)});
    const std::string time = concat({padded(c.hour, 2), padded(c.minute, 2), padded(c.second, 2)});
    const int pid = on_namenode(e.component) ? 35 : datanode_pids_[times_.below(datanode_pids_.size())];
    return {date, time, std::to_string(pid), std::string(e.level), std::string(e.component)};
  }

  rng root_, values_, times_;
  std::vector<std::string> datanodes_;
  std::vector<int> datanode_pids_;
  std::deque<std::string> blocks_;
  timestamp_ns now_ = aiops::to_timestamp({2008, 11, 9, 20, 35, 18, 0});
};

}  // namespace

void generate_hdfs(const std::filesystem::path& out) {
  const system_spec spec{"hdfs", "HDFS.log", "<Date> <Time> <Pid> <Level> <Component>: <Content>",
                         {{"Date"}, {"Time"}, {"Pid"}, {"Level"}, {"Component"}}};
  hdfs_log log;
  write_system(out, spec, events, log.generate());
}

}  // namespace datagen::loghub
