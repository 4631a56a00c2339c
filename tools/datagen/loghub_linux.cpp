// aiops: datasets/logs/linux: a Red Hat server's /var/log/messages, LogHub style
// SPDX-License-Identifier: MIT
//
// Day-to-day lines (PAM for sshd, su and crond, an anonymous FTP server behind xinetd, named,
// snmpd, SELinux denials, smartd, logrotate) and three boots, each a burst of kernel and init
// lines. The component carries the PID in brackets when the program logs one.
#include <cstdint>      // std::int64_t
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "inet.hpp"
#include "loghub.hpp"

namespace datagen::loghub {

namespace {

constexpr std::uint64_t seed = 20050614;
constexpr std::size_t steady_lines = 5'600;

// "[]" at the end of a component is replaced by the PID of the process.
const std::vector<event_type> events = {
    // Steady state.
    {"E1", "", "sshd(pam_unix)[]", "authentication failure; logname= uid={=0} euid={=0} tty=NODEVssh ruser= rhost={rhost}", 14},
    {"E2", "", "sshd(pam_unix)[]", "authentication failure; logname= uid={=0} euid={=0} tty=NODEVssh ruser= rhost={rhost}  user={user}", 10},
    {"E3", "", "sshd(pam_unix)[]", "check pass; user unknown", 12},
    // pam_unix writes the same two messages for every service.
    {"E4", "", "sshd(pam_unix)[]", "session opened for user {login} by (uid={=0})", 1.5},
    {"E5", "", "sshd(pam_unix)[]", "session closed for user {login}", 1.5},
    {"E4", "", "su(pam_unix)[]", "session opened for user {su_user} by (uid={uid})", 3},
    {"E5", "", "su(pam_unix)[]", "session closed for user {su_user}", 3},
    {"E4", "", "crond(pam_unix)[]", "session opened for user {=root} by (uid={=0})", 6},
    {"E5", "", "crond(pam_unix)[]", "session closed for user {=root}", 6},
    {"E6", "", "ftpd[]", "connection from {ip} ({rdns}) at {ctime}", 6},
    {"E7", "", "ftpd[]", "ANONYMOUS FTP LOGIN FROM {ip}, (anonymous)", 0, 7},
    {"E8", "", "xinetd[]", "START: ftp pid={pid} from={ip}", 6},
    {"E9", "", "xinetd[]", "EXIT: ftp status={=0} pid={pid} duration={seconds}(sec)", 5},
    {"E10", "", "logrotate", "ALERT exited abnormally with [{=1}]", 0, 5},
    {"E11", "", "named[]", "lame server resolving '{domain}' (in '{zone}'?): {ip}#{=53}", 2},
    {"E12", "", "snmpd[]", "Received SNMP packet(s) from {ip}", 2},
    {"E13", "", "snmpd[]", "Connection from UDP: [{ip}]:{port}", 1},
    {"E14", "", "kernel", "audit({audit_time}:{audit_serial}): avc:  denied  {{ {permissions} }} for  pid={pid} comm=\"{comm}\" name=\"{file}\" "
                          "dev={dev} ino={inode} scontext={source_context} tcontext={target_context} tclass={class}", 1.5},
    {"E15", "", "kernel", "Out of Memory: Killed process {pid} ({comm}).", 0, 4},
    {"E16", "", "kernel", "oom-killer: gfp_mask={gfp}, order={=0}", 0, 4},
    {"E17", "", "kernel", "hdc: drive_cmd: status={=0x51} {{ DriveReady SeekComplete Error }}", 0, 6},
    {"E18", "", "kernel", "hdc: drive_cmd: error={=0x04} {{ AbortedCommand }}", 0, 6},
    {"E19", "", "kernel", "TCP: Treason uncloaked! Peer {ip_port}/{port} shrinks window {seq}:{seq}. Repaired.", 0, 4},
    {"E20", "", "kernel", "application bug: {comm}({pid}) has SIGCHLD set to SIG_IGN but calls wait().", 0, 5},
    {"E21", "", "kernel", "{iface}: link up, 100Mbps, full-duplex, lpa {lpa}", 0.3},
    {"E22", "", "smartd[]", "Device: {disk}, SMART Usage Attribute: {attribute_id} {attribute} changed from {value} to {value}", 1},
    {"E23", "", "smartd[]", "Device: {disk}, {sectors} Currently unreadable (pending) sectors", 0, 8},
    {"E24", "", "syslogd 1.4.1", "restart.", 0.5},
    {"E25", "", "gpm[]", "*** info [mice.c({=1766})]: imps2: Auto-detected intellimouse PS/{=2}", 0, 2},
    // Boot (in boot order; emitted by boot(), never drawn by weight).
    {"E26", "", "kernel", "klogd {version}, log source = {kmsg} started."},
    {"E27", "", "kernel", "Linux version {kernel} ({builder}) (gcc version {gcc} (Red Hat Linux {gcc_release})) #{=1} {build_date}"},
    {"E28", "", "kernel", "BIOS-provided physical RAM map:"},
    {"E29", "", "kernel", "BIOS-e820: {address} - {address} ({range_type})"},
    {"E30", "", "kernel", "{megabytes}MB HIGHMEM available."},
    {"E31", "", "kernel", "{megabytes}MB LOWMEM available."},
    {"E32", "", "kernel", "On node {=0} totalpages: {pages}"},
    {"E33", "", "kernel", "Kernel command line: ro root=LABEL=/ {boot_options}"},
    {"E34", "", "kernel", "Detected {mhz} MHz processor."},
    {"E35", "", "kernel", "Memory: {kib}/{kib} available ({kib} kernel code, {kib} reserved, {kib} data, {kib} init, {kib} highmem)"},
    {"E36", "", "kernel", "Calibrating delay loop... {bogomips} BogoMIPS (lpj={lpj})"},
    {"E37", "", "kernel", "CPU: L1 I cache: {cache}, L1 D cache: {cache}"},
    {"E38", "", "kernel", "CPU: L2 cache: {cache}"},
    {"E39", "", "kernel", "audit({audit_time}:{audit_serial}): initialized"},
    {"E40", "", "kernel", "NET: Registered protocol family {family}"},
    {"E41", "", "kernel", "Freeing unused kernel memory: {kib} freed"},
    {"E42", "", "kernel", "EXT3 FS on {partition}, internal journal"},
    {"E43", "", "kernel", "Adding {kib} swap on {swap}.  Priority:{=-1} extents:{=1}"},
    {"E44", "", "kernel", "SELinux:  Initializing."},
    {"E45", "", "random", "Initializing random number generator:  succeeded"},
    {"E46", "", "network", "Bringing up loopback interface:  succeeded"},
    {"E47", "", "network", "Bringing up interface eth0:  succeeded"},
    {"E48", "", "rc", "Starting {service}:  succeeded"},
    {"E49", "", "", "{daemon} startup succeeded"},
    {"E50", "", "rpc.statd[]", "Version {version} Starting"},
    {"E51", "", "hcid[]", "HCI daemon ver {version} started"},
    {"E52", "", "kernel", "Bluetooth: Core ver {version}"},
    // Shutdown.
    {"E53", "", "", "{daemon} shutdown succeeded"},
    {"E54", "", "rc", "Stopping {service}:  succeeded"},
    {"E55", "", "kernel", "Kernel logging (proc) stopped."},
    {"E56", "", "syslogd", "exiting on signal {=15}"},
};

// Daemons whose init scripts log "<name> startup succeeded" (the component is the name too).
const std::vector<std::string_view> daemons = {"portmap", "irqbalance", "cups", "xinetd", "sshd", "crond",
                                               "atd", "anacron", "named", "snmpd", "smartd", "gpm"};
const std::vector<std::string_view> services = {"pcmcia", "httpd", "mysqld", "sendmail", "sm-client", "ntpd",
                                                "nfslock", "autofs", "cups-config-daemon", "messagebus", "haldaemon", "vsftpd"};

class linux_log {
 public:
  linux_log() : root_(seed, "logs/linux"), r_(root_.fork("values")), times_(root_.fork("times")) {
    rng hosts = root_.fork("hosts");
    for (int i = 0; i < 60; ++i) attackers_.push_back(public_ipv4(hosts));
  }

  std::vector<record> generate() {
    rng draw = root_.fork("events");
    std::vector<event_type> steady(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(event_index(events, "E26")));
    std::vector<record> lines = sample(draw, steady, steady_lines,
                                       [this](std::string_view name, const event_type&) { return value(name); },
                                       [](std::size_t, const event_type&) { return std::vector<std::string>{}; });
    // Boots at fixed places: the first line, then two reboots.
    std::vector<record> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i == 0 || i == steady_lines / 3 || i == steady_lines * 4 / 5) {
        if (i != 0) shutdown(out);
        boot(out, i == 0 ? 0 : i < steady_lines / 2 ? 1 : 2);
      }
      out.push_back(std::move(lines[i]));
    }
    timestamp_ns t = aiops::to_timestamp({2005, 6, 14, 15, 16, 1, 0});
    for (record& rec : out) {
      const event_type& e = events[rec.event];
      const bool in_boot = e.weight == 0 && e.exact == 0;
      t += static_cast<timestamp_ns>(times_.exponential(in_boot ? 0.4 : 310.0) * 1e9);
      rec.header = header(t, e, rec);
    }
    return out;
  }

 private:
  std::vector<std::string> header(timestamp_ns t, const event_type& e, const record& rec) {
    const aiops::civil_time c = aiops::to_civil(t);
    std::string component(e.component);
    if (component.empty()) {  // "<daemon> startup succeeded": the init script logs under the daemon's name
      component = rec.content.substr(0, rec.content.find(' '));
    } else if (component.ends_with("[]")) {
      const auto pid = times_.between(1500, 32000);
      component.insert(component.size() - 1, std::to_string(pid));
    }
    return {std::string(month(t)), std::to_string(c.day),
            concat({padded(c.hour, 2), ":", padded(c.minute, 2), ":", padded(c.second, 2)}), "combo", component};
  }

  void emit(std::vector<record>& out, std::string_view id) {
    out.push_back(make_record(events, event_index(events, id), [this](std::string_view name) { return value(name); }));
  }

  void boot(std::vector<record>& out, int n) {
    kernel_ = n == 0 ? "2.6.5-1.358" : "2.6.9-11.EL";
    for (std::string_view daemon : {"syslogd", "klogd"}) {
      daemon_ = daemon;
      emit(out, "E49");
    }
    for (std::string_view id : {"E26", "E27", "E28"}) emit(out, id);
    for (int i = 0; i < 6; ++i) {
      range_ = i;
      emit(out, "E29");
    }
    for (std::string_view id : {"E30", "E31", "E32", "E33", "E34", "E35", "E36", "E37", "E38", "E44", "E39"})
      emit(out, id);
    for (int family : {16, 2, 1, 17}) {
      family_ = family;
      emit(out, "E40");
    }
    for (std::string_view id : {"E52", "E41", "E42", "E43", "E45", "E46", "E47", "E50"}) emit(out, id);
    for (std::size_t i = 0; i < daemons.size(); ++i) {
      if (r_.chance(0.3)) continue;  // not every daemon is enabled on every boot
      daemon_ = daemons[i];
      emit(out, "E49");
      if (i < services.size() && r_.chance(0.7)) {
        service_ = services[i];
        emit(out, "E48");
      }
    }
    emit(out, "E51");
  }

  void shutdown(std::vector<record>& out) {
    for (std::size_t i = 0; i < services.size(); i += 2) {
      service_ = services[i];
      emit(out, "E54");
    }
    for (std::size_t i = daemons.size(); i-- > 0;) {
      daemon_ = daemons[i];
      emit(out, "E53");
    }
    emit(out, "E55");
    emit(out, "E56");
  }

  std::string value(std::string_view name) {
    if (name == "rhost") {
      const std::string ip = attackers_[r_.below(attackers_.size())];
      if (r_.chance(0.7)) return ip;
      std::string dashed = ip;
      for (char& c : dashed)
        if (c == '.') c = '-';
      return concat({"ip-", dashed, ".", popular(r_, {"ip.secureserver.net", "static.hinet.net", "adsl.proxad.net"})});
    }
    if (name == "ip" || name == "ip_port") {
      const std::string ip = r_.chance(0.5) ? attackers_[r_.below(attackers_.size())] : public_ipv4(r_);
      return name == "ip" ? ip : concat({ip, ":", std::to_string(r_.between(1, 65535))});
    }
    if (name == "user") return r_.chance(0.9) ? "root" : std::string(popular(r_, {"guest", "test", "nobody", "admin"}));
    if (name == "login") return std::string(popular(r_, {"root", "cyrus", "test", "mason", "webmaster"}));
    if (name == "su_user") return std::string(popular(r_, {"cyrus", "news", "root", "postgres"}));
    if (name == "uid") return r_.chance(0.8) ? "0" : std::to_string(r_.between(500, 520));
    if (name == "rdns") {
      if (r_.chance(0.6)) return "";
      return concat({"host", std::to_string(r_.between(2, 250)), ".", popular(r_, {"ugent.be", "univ-lyon1.fr", "comcast.net", "arcor-ip.net"})});
    }
    if (name == "ctime") return ctime_string(aiops::to_timestamp({2005, 6, 14, 0, 0, 0, 0}) + r_.between(0, 60 * 86400) * aiops::ns_per_second);
    if (name == "pid") return std::to_string(r_.between(1500, 32000));
    if (name == "seconds") return std::to_string(r_.between(0, 600));
    if (name == "domain") return std::string(popular(r_, {"ns1.cs.example.edu", "dns.bad-isp.example", "ns.lame.example.net", "mx3.example.org"}));
    if (name == "zone") return std::string(popular(r_, {"example.edu", "bad-isp.example", "lame.example.net", "example.org"}));
    if (name == "port") return std::to_string(r_.between(1024, 65535));
    if (name == "audit_time") {
      const auto secs = r_.between(1'118'000'000, 1'124'000'000);
      return concat({std::to_string(secs), ".", padded(r_.between(0, 999), 3)});
    }
    if (name == "audit_serial") return std::to_string(r_.between(0, 40000));
    if (name == "permissions") return std::string(popular(r_, {"read", "write", "getattr", "read write", "search", "append"}));
    if (name == "comm") return std::string(popular(r_, {"httpd", "mysqld", "named", "crond", "sendmail", "java"}));
    if (name == "file") return std::string(popular(r_, {"passwd", "shadow", "index.html", "mysql.sock", "resolv.conf", "tmp"}));
    if (name == "dev") return std::string(popular(r_, {"dm-0", "hda2", "sda1", "tmpfs"}));
    if (name == "inode") return std::to_string(r_.between(2, 1'200'000));
    if (name == "source_context") return std::string(popular(r_, {"user_u:system_r:httpd_t", "root:system_r:mysqld_t", "system_u:system_r:named_t"}));
    if (name == "target_context") return std::string(popular(r_, {"system_u:object_r:shadow_t", "user_u:object_r:user_home_t", "system_u:object_r:tmp_t"}));
    if (name == "class") return std::string(popular(r_, {"file", "dir", "sock_file", "lnk_file"}));
    if (name == "gfp") return concat({"0x", hex_id(r_, 3)});
    if (name == "seq") return std::to_string(r_.between(100'000'000, 4'294'967'295));
    if (name == "iface") return std::string(popular(r_, {"eth0", "eth1"}));
    if (name == "lpa") return concat({"0x", hex_id(r_, 4)});
    if (name == "disk") return std::string(popular(r_, {"/dev/hda", "/dev/hdb", "/dev/sda"}));
    if (name == "attribute_id" || name == "attribute") {
      static constexpr std::string_view ids[] = {"194", "190", "195", "1"};
      static constexpr std::string_view names[] = {"Temperature_Celsius", "Airflow_Temperature_Cel", "Hardware_ECC_Recovered",
                                                   "Raw_Read_Error_Rate"};
      if (name == "attribute_id") attribute_ = r_.below(4);
      return std::string(name == "attribute_id" ? ids[attribute_] : names[attribute_]);
    }
    if (name == "value") return std::to_string(r_.between(40, 120));
    if (name == "sectors") return std::to_string(r_.between(1, 24));
    // Boot.
    if (name == "version") return std::string(popular(r_, {"1.4.1", "1.0.6", "2.4", "2.7"}));
    if (name == "kmsg") return "/proc/kmsg";
    if (name == "kernel") return kernel_;
    if (name == "builder") return kernel_ == "2.6.5-1.358" ? "bhcompile@bugs.build.redhat.com" : "bhcompile@decompose.build.redhat.com";
    if (name == "gcc") return kernel_ == "2.6.5-1.358" ? "3.3.3" : "3.4.3";
    if (name == "gcc_release") return kernel_ == "2.6.5-1.358" ? "3.3.3-7" : "3.4.3-22.1";
    if (name == "build_date") return kernel_ == "2.6.5-1.358" ? "Sat May 8 09:25:36 EDT 2004" : "Wed Jun 1 17:11:17 EDT 2005";
    if (name == "address") return concat({"0000000000", hex_id(r_, 6)});
    if (name == "range_type") {
      static constexpr std::string_view types[] = {"usable", "reserved", "usable", "ACPI data", "ACPI NVS", "reserved"};
      return std::string(types[range_]);
    }
    if (name == "megabytes") return std::to_string(r_.between(0, 896));
    if (name == "pages") return std::to_string(r_.between(32000, 262144));
    if (name == "boot_options") {
      static constexpr std::string_view options[] = {"rhgb quiet", "rhgb quiet nmi_watchdog=1", "quiet", "rhgb quiet acpi=off noapic"};
      return std::string(options[r_.below(4)]);
    }
    if (name == "mhz") return concat({std::to_string(r_.between(700, 2800)), ".", padded(r_.between(0, 999), 3)});
    if (name == "kib") return concat({std::to_string(r_.between(16, 260000)), "k"});
    if (name == "bogomips") return concat({std::to_string(r_.between(1400, 5600)), ".", padded(r_.between(0, 99), 2)});
    if (name == "lpj") return std::to_string(r_.between(700000, 2800000));
    if (name == "cache") return r_.chance(0.5) ? "16K" : r_.chance(0.5) ? "256K" : "512K";
    if (name == "family") return std::to_string(family_);
    if (name == "partition") return std::string(popular(r_, {"hda2", "sda2", "dm-0"}));
    if (name == "swap") return std::string(popular(r_, {"/dev/hda3", "/dev/sda3", "/dev/VolGroup00/LogVol01"}));
    if (name == "service") return std::string(service_);
    if (name == "daemon") return std::string(daemon_);
    throw std::logic_error("linux: no parameter " + std::string(name));
  }

  rng root_, r_, times_;
  std::vector<std::string> attackers_;
  std::string kernel_;
  std::string_view daemon_, service_;
  int range_ = 0, family_ = 0;
  std::uint64_t attribute_ = 0;
};

}  // namespace

void generate_linux(const std::filesystem::path& out) {
  const system_spec spec{"linux", "Linux.log", "<Month> <Day> <Time> <Host> <Component>: <Content>",
                         {{"Month"}, {"Day", 2}, {"Time"}, {"Host"}, {"Component"}}};
  linux_log log;
  write_system(out, spec, events, log.generate());
}

}  // namespace datagen::loghub
