// aiops: datasets/logs/hadoop: MapReduce application masters and tasks on YARN (Hadoop 2.6), LogHub style
// SPDX-License-Identifier: MIT
//
// The lines of a dozen MapReduce jobs: the application master starting, asking the resource
// manager for containers, launching task attempts and following their state transitions and
// progress; map and reduce tasks spilling and fetching; and the failure that LogHub's Hadoop
// log is known for, a lost connection to the resource manager with its retries.
#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "loghub.hpp"

namespace datagen::loghub {

namespace {

constexpr std::uint64_t seed = 20151018;
constexpr std::size_t lines = 9'000;
constexpr std::string_view cluster_ts = "1445144423722";

// The component is "thread|logger": the thread goes into the [Process] field.
const std::vector<event_type> events = {
    {"E1", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "Created MRAppMaster for application {app_attempt}", 0, 12},
    {"E2", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "Executing with tokens:", 0, 12},
    {"E3", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.MRAppMaster",
     "Kind: YARN_AM_RM_TOKEN, Service: , Ident: (appAttemptId {{ application_id {{ id: {job_number} cluster_timestamp: "
     "{cluster_ts} }} attemptId: {=1} }} keyId: {key_id})", 0, 12},
    {"E4", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "Using mapred newApiCommitter.", 0, 12},
    {"E5", "INFO", "main|org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter", "File Output Committer Algorithm version is {=1}", 0, 12},
    {"E6", "INFO", "main|org.apache.hadoop.yarn.event.AsyncDispatcher", "Registering class {event_class} for class {handler_class}", 0, 96},
    {"E7", "INFO", "main|org.apache.hadoop.metrics2.impl.MetricsSystemImpl", "Scheduled snapshot period at {=10} second(s).", 0, 12},
    {"E8", "INFO", "main|org.apache.hadoop.metrics2.impl.MetricsSystemImpl", "MRAppMaster metrics system started", 0, 12},
    {"E9", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl", "Adding job token for {job} to jobTokenSecretManager", 0, 12},
    {"E10", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl",
     "Not uberizing {job} because: not enabled; too many maps; too much input;", 0, 12},
    {"E11", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl", "Input size for job {job} = {bytes}. Number of splits = {splits}", 0, 12},
    {"E12", "INFO", "main|org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl", "Number of reduces for job {job} = {=1}", 0, 12},
    {"E13", "INFO", "AsyncDispatcher event handler|org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl",
     "{job}Job Transitioned from {job_state} to {job_state}", 0, 60},
    {"E14", "INFO", "AsyncDispatcher event handler|org.apache.hadoop.mapreduce.v2.app.job.impl.TaskImpl",
     "{task} Task Transitioned from {task_state} to {task_state}", 7},
    {"E15", "INFO", "AsyncDispatcher event handler|org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl",
     "{attempt} TaskAttempt Transitioned from {attempt_state} to {attempt_state}", 14},
    {"E16", "INFO", "AsyncDispatcher event handler|org.apache.hadoop.yarn.util.RackResolver", "Resolved {host} to {rack}", 4},
    {"E17", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator",
     "Before Scheduling: PendingReds:{n} ScheduledMaps:{n} ScheduledReds:{n} AssignedMaps:{n} AssignedReds:{n} "
     "CompletedMaps:{n} CompletedReds:{n} ContAlloc:{n} ContRel:{n} HostLocal:{n} RackLocal:{n}", 3},
    {"E18", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator",
     "After Scheduling: PendingReds:{n} ScheduledMaps:{n} ScheduledReds:{n} AssignedMaps:{n} AssignedReds:{n} "
     "CompletedMaps:{n} CompletedReds:{n} ContAlloc:{n} ContRel:{n} HostLocal:{n} RackLocal:{n}", 3},
    {"E19", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerRequestor",
     "getResources() for {app}: ask={n} release= {n} newContainers={n} finishedContainers={n} "
     "resourcelimit=<memory:{memory}, vCores:{n}> knownNMs={n}", 3},
    {"E20", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator", "Got allocated containers {n}", 3},
    {"E21", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator",
     "Assigned container {container} to {attempt}", 5},
    {"E22", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator",
     "Recalculating schedule, headroom=<memory:{memory}, vCores:{n}>", 3},
    {"E23", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator",
     "Reduce slow start threshold not met. completedMapsForReduceSlowstart {n}", 2},
    {"E24", "INFO", "AsyncDispatcher event handler|org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl",
     "TaskAttempt: [{attempt}] using containerId: [{container} on NM: [{host}:{nm_port}]", 4},
    {"E25", "INFO", "ContainerLauncher #{launcher}|org.apache.hadoop.yarn.client.api.impl.ContainerManagementProtocolProxy",
     "Opening proxy : {host}:{nm_port}", 4},
    {"E26", "INFO", "ContainerLauncher #{launcher}|org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncherImpl",
     "Processing the event EventType: {launcher_event} for container {container} taskAttempt {attempt}", 6},
    {"E27", "INFO", "ContainerLauncher #{launcher}|org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncherImpl", "Launching {attempt}", 4},
    {"E28", "INFO", "ContainerLauncher #{launcher}|org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncherImpl",
     "Shuffle port returned by ContainerManager for {attempt} : {=13562}", 4},
    {"E29", "INFO", "IPC Server handler {handler} on {ipc_port}|org.apache.hadoop.mapred.TaskAttemptListenerImpl",
     "JVM with ID : {jvm} asked for a task", 3},
    {"E30", "INFO", "IPC Server handler {handler} on {ipc_port}|org.apache.hadoop.mapred.TaskAttemptListenerImpl",
     "JVM with ID: {jvm} given task: {attempt}", 3},
    {"E31", "INFO", "IPC Server handler {handler} on {ipc_port}|org.apache.hadoop.mapred.TaskAttemptListenerImpl",
     "Progress of TaskAttempt {attempt} is : {progress}", 26},
    {"E32", "INFO", "IPC Server handler {handler} on {ipc_port}|org.apache.hadoop.mapred.TaskAttemptListenerImpl",
     "Done acknowledgement from {attempt}", 3},
    {"E33", "INFO", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator", "Received completed container {container}", 3},
    {"E34", "INFO", "AsyncDispatcher event handler|org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl",
     "Diagnostics report from {attempt}: {diagnostics}", 2},
    {"E35", "INFO", "RMCommunicator Allocator|org.apache.hadoop.ipc.Client",
     "Retrying connect to server: {rm_host}/{rm_address}. Already tried {tries} time(s); maxRetries={=45}", 0, 70},
    {"E36", "ERROR", "RMCommunicator Allocator|org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator", "ERROR IN CONTACTING RM.", 0, 14},
    {"E37", "WARN", "LeaseRenewer:{lease_user}@{rm_host}:{=9000}|org.apache.hadoop.hdfs.LeaseRenewer",
     "Failed to renew lease for [{dfs_client}] for {seconds} seconds.  Will retry shortly ...", 0, 40},
    {"E38", "WARN", "RMCommunicator Allocator|org.apache.hadoop.ipc.Client",
     "Address change detected. Old: {rm_host}/{rm_address} New: {rm_host}:{=8030}", 0, 3},
    {"E39", "INFO", "main|org.apache.hadoop.mapred.Task", "Task:{attempt} is done. And is in the process of committing", 2},
    {"E40", "INFO", "main|org.apache.hadoop.mapred.Task", "Task '{attempt}' done.", 2},
    {"E41", "INFO", "main|org.apache.hadoop.mapred.MapTask", "Processing split: {split}", 2},
    {"E42", "INFO", "main|org.apache.hadoop.mapred.MapTask", "(EQUATOR) {=0} kvi {n}({n})", 2},
    {"E43", "INFO", "main|org.apache.hadoop.mapred.MapTask", "mapreduce.task.io.sort.mb: {=100}", 2},
    {"E44", "INFO", "main|org.apache.hadoop.mapred.MapTask", "soft limit at {n}", 2},
    {"E45", "INFO", "main|org.apache.hadoop.mapred.MapTask", "bufstart = {n}; bufvoid = {n}", 2},
    {"E46", "INFO", "main|org.apache.hadoop.mapred.MapTask", "kvstart = {n}; length = {n}", 2},
    {"E47", "INFO", "SpillThread|org.apache.hadoop.mapred.MapTask", "Finished spill {n}", 2},
    {"E48", "INFO", "main|org.apache.hadoop.mapred.MapTask", "Starting flush of map output", 1.5},
    {"E49", "INFO", "main|org.apache.hadoop.mapred.MapTask", "Spilling map output", 1.5},
    {"E50", "INFO", "fetcher#{fetcher}|org.apache.hadoop.mapreduce.task.reduce.Fetcher",
     "fetcher#{fetcher} about to shuffle output of map {attempt} decomp: {bytes} len: {bytes} to {shuffle_target}", 3},
    {"E51", "INFO", "fetcher#{fetcher}|org.apache.hadoop.mapreduce.task.reduce.MergeManagerImpl",
     "closeInMemoryFile -> map-output of size: {bytes}, inMemoryMapOutputs.size() -> {n}, commitMemory -> {bytes}, usedMemory ->{bytes}", 2},
    {"E52", "INFO", "eventHandlingThread|org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler",
     "Copied to done location: {history_url}", 0, 24},
    {"E53", "INFO", "Thread-{thread}|org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "Job finished cleanly, recording last MRAppMaster retry", 0, 10},
    {"E54", "INFO", "Thread-{thread}|org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "Notify RMCommunicator isAMLastRetry: true", 0, 10},
    {"E55", "ERROR", "AsyncDispatcher event handler|org.apache.hadoop.yarn.event.AsyncDispatcher", "Error in dispatcher thread", 0, 2},
    {"E56", "WARN", "main|org.apache.hadoop.util.NativeCodeLoader",
     "Unable to load native-hadoop library for your platform... using builtin-java classes where applicable", 0, 12},
};

const std::vector<std::string_view> event_classes = {
    "org.apache.hadoop.mapreduce.jobhistory.EventType", "org.apache.hadoop.mapreduce.v2.app.job.event.JobEventType",
    "org.apache.hadoop.mapreduce.v2.app.job.event.TaskEventType", "org.apache.hadoop.mapreduce.v2.app.job.event.TaskAttemptEventType",
    "org.apache.hadoop.mapreduce.v2.app.commit.CommitterEventType", "org.apache.hadoop.mapreduce.v2.app.speculate.Speculator$EventType",
    "org.apache.hadoop.mapreduce.v2.app.rm.ContainerAllocator$EventType", "org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncher$EventType"};
const std::vector<std::string_view> handler_classes = {
    "org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster$JobEventDispatcher",
    "org.apache.hadoop.mapreduce.v2.app.MRAppMaster$TaskEventDispatcher", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster$TaskAttemptEventDispatcher",
    "org.apache.hadoop.mapreduce.v2.app.commit.CommitterEventHandler", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster$SpeculatorEventDispatcher",
    "org.apache.hadoop.mapreduce.v2.app.MRAppMaster$ContainerAllocatorRouter", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster$ContainerLauncherRouter"};

const std::vector<std::string_view> diagnostics = {
    "Container killed by the ApplicationMaster.",
    "Container killed on request. Exit code is {=143}",
    "Container exited with a non-zero exit code {=143}",
    "Error: java.net.NoRouteToHostException: No Route to Host from {host}/{ip} to {rm_host}:{=9000} failed on socket timeout exception",
    "AttemptID:{attempt} Timed out after {=600} secs"};

class hadoop_log {
 public:
  hadoop_log() : root_(seed, "logs/hadoop"), r_(root_.fork("values")), times_(root_.fork("times")) {}

  std::vector<record> generate() {
    rng draw = root_.fork("events");
    return sample(draw, events, lines, [this](std::string_view name, const event_type&) { return value(name); },
                  [this](std::size_t i, const event_type& e) { return header(i, e); });
  }

 private:
  std::vector<std::string> header(std::size_t i, const event_type& e) {
    // Twelve jobs one after the other: the line number says which job is running.
    job_ = static_cast<int>(20 + i * 12 / lines);
    now_ += static_cast<timestamp_ns>(times_.exponential(0.9) * 1e9);
    const aiops::civil_time c = aiops::to_civil(now_);
    const std::string_view component = e.component;
    const std::size_t bar = component.find('|');
    const std::string thread = expand(component.substr(0, bar), [this](std::string_view name) { return value(name); });
    return {concat({std::to_string(c.year), "-", padded(c.month, 2), "-", padded(c.day, 2)}),
            concat({padded(c.hour, 2), ":", padded(c.minute, 2), ":", padded(c.second, 2), ",", padded(c.nanosecond / 1'000'000, 3)}),
            std::string(e.level), thread, std::string(component.substr(bar + 1))};
  }

  std::string job_id(std::string_view prefix) const { return concat({prefix, cluster_ts, "_", padded(job_, 4)}); }
  std::string task_id(bool map, std::int64_t n) const {
    return concat({cluster_ts, "_", padded(job_, 4), map ? "_m_" : "_r_", padded(n, 6)});
  }
  const std::string& host() {
    static const std::vector<std::string> hosts = [] {
      std::vector<std::string> h;
      for (int i = 1; i <= 16; ++i) h.push_back(concat({"hd-worker-", padded(i, 2), ".corp.example.com"}));
      return h;
    }();
    return hosts[r_.below(hosts.size())];
  }

  // "from A to B": the first call draws a step of the life cycle, the second returns where it leads.
  std::string transition(std::string_view name) {
    static const std::vector<std::string_view> job = {"NEW", "INITED", "SETUP", "RUNNING", "COMMITTING", "SUCCEEDED"};
    static const std::vector<std::string_view> task = {"NEW", "SCHEDULED", "RUNNING", "SUCCEEDED"};
    static const std::vector<std::string_view> attempt = {"NEW", "UNASSIGNED", "ASSIGNED", "RUNNING", "SUCCESS_CONTAINER_CLEANUP", "SUCCEEDED"};
    const std::vector<std::string_view>& states = name == "job_state" ? job : name == "task_state" ? task : attempt;
    if (to_state_) {
      const std::size_t to = *to_state_;
      to_state_.reset();
      return std::string(states[to]);
    }
    const std::size_t from = r_.below(states.size() - 1);
    to_state_ = from + 1;
    return std::string(states[from]);
  }

  std::string value(std::string_view name) {
    if (name.starts_with('=')) return std::string(name.substr(1));
    if (name == "app_attempt") return concat({"appattempt_", cluster_ts, "_", padded(job_, 4), "_000001"});
    if (name == "job_number") return std::to_string(job_);
    if (name == "cluster_ts") return std::string(cluster_ts);
    if (name == "key_id") return std::to_string(r_.between(-2'147'483'648LL, 2'147'483'647LL));
    if (name == "event_class" || name == "handler_class") {
      if (name == "event_class") class_ = r_.below(event_classes.size());
      return std::string(name == "event_class" ? event_classes[class_] : handler_classes[class_]);
    }
    if (name == "job") return job_id("job_");
    if (name == "app") return job_id("application_");
    if (name == "bytes") return std::to_string(r_.between(1000, 134'217'728));
    if (name == "splits") return std::to_string(r_.between(2, 13));
    if (name == "job_state" || name == "task_state" || name == "attempt_state") return transition(name);
    if (name == "task") {
      const bool map = r_.chance(0.85);
      return concat({"task_", task_id(map, r_.between(0, map ? 12 : 0))});
    }
    if (name == "attempt") {
      const bool map = r_.chance(0.85);
      const std::string id = task_id(map, r_.between(0, map ? 12 : 0));
      return concat({"attempt_", id, "_", std::to_string(r_.chance(0.9) ? 0 : 1)});
    }
    if (name == "container") return concat({"container_", cluster_ts, "_", padded(job_, 4), "_01_", padded(r_.between(2, 16), 6)});
    if (name == "jvm") return concat({"jvm_", cluster_ts, "_", padded(job_, 4), "_m_", padded(r_.between(2, 16), 6)});
    if (name == "host") return host();
    if (name == "rack") return "/default-rack";
    if (name == "nm_port") return std::to_string(r_.between(49000, 65000));
    if (name == "n") return std::to_string(r_.chance(0.5) ? r_.between(0, 13) : r_.between(0, 100000));
    if (name == "memory") return std::to_string(1024 * r_.between(0, 30));
    if (name == "launcher") return std::to_string(r_.between(0, 9));
    if (name == "launcher_event") return r_.chance(0.6) ? "CONTAINER_REMOTE_LAUNCH" : "CONTAINER_REMOTE_CLEANUP";
    if (name == "handler") return std::to_string(r_.between(0, 29));
    if (name == "ipc_port") return "62270";
    if (name == "progress") return concat({"0.", std::to_string(r_.between(1, 99999999))});
    if (name == "diagnostics") {
      return expand(popular(r_, diagnostics), [this](std::string_view part) { return value(part); });
    }
    if (name == "ip") return datacenter_ipv4(r_, 190);
    if (name == "rm_host") return "msra-sa-41";
    if (name == "rm_address") return "10.190.173.170:8030";
    if (name == "tries") return std::to_string(tries_++ % 45);
    if (name == "lease_user") return std::string(popular(r_, {"msrabi", "hadoop"}));
    if (name == "dfs_client") return concat({"DFSClient_NONMAPREDUCE_", std::to_string(r_.between(100'000'000, 2'000'000'000)), "_1"});
    if (name == "seconds") return std::to_string(r_.between(10, 300));
    if (name == "split") {
      return concat({"hdfs://msra-sa-41:9000/pageinput2.txt:", std::to_string(134'217'728 * r_.between(0, 12)), "+134217728"});
    }
    if (name == "fetcher") return std::to_string(r_.between(1, 5));
    if (name == "shuffle_target") return r_.chance(0.85) ? "MEMORY" : "DISK";
    if (name == "history_url") {
      return concat({"hdfs://msra-sa-41:9000/tmp/hadoop-yarn/staging/history/done_intermediate/msrabi/", job_id("job_"),
                     r_.chance(0.5) ? ".summary_tmp" : "-1445182159119-msrabi-pagerank-1445183128413-13-1-SUCCEEDED-default.jhist_tmp"});
    }
    if (name == "thread") return std::to_string(r_.between(60, 120));
    throw std::logic_error("hadoop: no parameter " + std::string(name));
  }

  rng root_, r_, times_;
  int job_ = 20;
  std::size_t class_ = 0;
  std::int64_t tries_ = 0;
  std::optional<std::size_t> to_state_;
  timestamp_ns now_ = aiops::to_timestamp({2015, 10, 18, 18, 1, 47, 978'000'000});
};

}  // namespace

void generate_hadoop(const std::filesystem::path& out) {
  const system_spec spec{"hadoop", "Hadoop.log", "<Date> <Time> <Level> [<Process>] <Component>: <Content>",
                         {{"Date"}, {"Time"}, {"Level"}, {"Process"}, {"Component"}}};
  hadoop_log log;
  write_system(out, spec, events, log.generate());
}

}  // namespace datagen::loghub
