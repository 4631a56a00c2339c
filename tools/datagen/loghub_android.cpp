// aiops: datasets/logs/android: a phone's logcat (threadtime format), LogHub style
// SPDX-License-Identifier: MIT
//
// Mostly system_server: wake locks acquired and released, display power, window focus, activity
// starts and process deaths, Wi-Fi state machine transitions, alarms, battery updates; a few
// apps crash or stop responding. Process and thread ids are right-aligned in five columns, as
// `logcat -v threadtime` prints them.
#include <cstdint>      // std::int64_t
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "inet.hpp"
#include "loghub.hpp"

namespace datagen::loghub {

namespace {

constexpr std::uint64_t seed = 20170317;
constexpr std::size_t lines = 9'000;
constexpr int system_server = 1702;

const std::vector<event_type> events = {
    {"E1", "D", "PowerManagerService", "acquire lock={lock}, flags={flags}, tag=\"{tag}\", name={package}, ws={ws}, uid={uid}, pid={pid}", 14},
    {"E2", "D", "PowerManagerService", "release:lock={lock}, flg={=0x0}, tag=\"{tag}\", name={package}\", ws={ws}, uid={uid}, pid={pid}", 14},
    {"E3", "D", "PowerManagerService",
     "ready=true,policy={policy},wakefulness={=1},wksummary={summary},uasummary={summary},bootcompleted=true,"
     "boostinprogress=false,waitmodeenable=false,mode=false,manual={brightness},auto={=-1},adj={adj},userId={=0}", 8},
    {"E4", "I", "PowerManagerService", "Waking up from sleep (uid {uid})...", 0, 9},
    {"E5", "I", "PowerManagerService", "Going to sleep due to screen timeout (uid {uid})...", 0, 9},
    {"E6", "D", "DisplayPowerController", "Animating brightness: target={brightness}, rate={rate}", 2},
    {"E7", "I", "DisplayPowerController", "Blocking screen on until initial contents have been drawn.", 0, 9},
    {"E8", "I", "DisplayPowerController", "Unblocked screen on after {ms} ms", 0, 9},
    {"E9", "D", "WindowManager",
     "printFreezingDisplayLogsopening app wtoken = AppWindowToken{{{hash} token=Token{{{hash} ActivityRecord{{{hash} u0 "
     "{activity} t{task}}}}}}}, allDrawn= {bool}, startingDisplayed =  {bool}, startingMoved =  {bool}, isRelaunching =  {bool}", 3},
    {"E10", "I", "WindowManager", "Screen frozen for {duration} due to AppWindowToken{{{hash} token=Token{{{hash} ActivityRecord{{{hash} u0 {activity} t{task}}}}}}}", 0, 30},
    {"E11", "V", "WindowManager", "Adding window Window{{{hash} u0 {window}}} at {n} of {n} (after Window{{{hash} u0 {window}}})", 2},
    {"E12", "V", "WindowManager", "Changing focus from Window{{{hash} u0 {window}}} to Window{{{hash} u0 {window}}} Callers={callers}", 2},
    {"E13", "I", "ActivityManager", "START u0 {{act={action} cat=[{category}] flg={flags} cmp={activity}}} from uid {uid}", 1.5},
    {"E14", "I", "ActivityManager", "Start proc {pid}:{process}/{user_id} for {start_kind} {activity}", 2},
    {"E15", "I", "ActivityManager", "Process {process} (pid {pid}) has died", 1.5},
    {"E16", "I", "ActivityManager", "Killing {pid}:{process}/{user_id} (adj {adj_level}): {kill_reason}", 1},
    {"E17", "W", "ActivityManager", "Unable to start service Intent {{ act={action} pkg={package} }} U={=0}: not found", 0, 6},
    {"E18", "I", "ActivityManager", "Displayed {activity}: +{duration}", 1.5},
    {"E19", "D", "ActivityManager", "cleanUpApplicationRecord -- {pid}", 1},
    {"E20", "W", "ActivityManager", "Scheduling restart of crashed service {service} in {restart_delay}", 0, 12},
    {"E21", "D", "ConnectivityService", "notifyType {net_event} for NetworkAgentInfo [{net_type} () - {net_id}]", 1.5},
    {"E22", "D", "WifiStateMachine", "{wifi_state} enter", 2},
    {"E23", "D", "WifiStateMachine", "{wifi_state} exit", 2},
    {"E24", "I", "wpa_supplicant", "wlan0: CTRL-EVENT-CONNECTED - Connection to {mac} completed [id={n} id_str=]", 0, 14},
    {"E25", "I", "wpa_supplicant", "wlan0: CTRL-EVENT-DISCONNECTED bssid={mac} reason={reason_code}", 0, 12},
    {"E26", "D", "AlarmManager",
     "Set alarm: type={alarm_type}, triggerAtTime={millis}, win={n}, tElapsed={millis}, maxElapsed={millis}, interval={n}, flags={flags}", 3},
    {"E27", "I", "chatty", "uid={uid}({package}) {thread} identical {n} lines", 1},
    {"E28", "E", "AndroidRuntime", "FATAL EXCEPTION: {thread_name}", 0, 3},
    {"E29", "E", "AndroidRuntime", "Process: {process}, PID: {pid}", 0, 3},
    {"E30", "E", "AndroidRuntime", "java.lang.NullPointerException: Attempt to invoke virtual method '{method}' on a null object reference", 0, 3},
    {"E31", "W", "System.err", "at {frame}", 1.5},
    {"E32", "I", "Choreographer", "Skipped {n} frames!  The application may be doing too much work on its main thread.", 1.5},
    {"E33", "W", "InputMethodManagerService",
     "Window already focused, ignoring focus gain of: com.android.internal.view.IInputMethodClient$Stub$Proxy@{hash} "
     "attribute=null, token = android.os.BinderProxy@{hash}", 1},
    {"E34", "D", "BatteryService",
     "Processing new values: chargerAcOnline=false, chargerUsbOnline={bool}, chargerWirelessOnline=false, maxChargingCurrent={n}, "
     "batteryStatus={n}, batteryHealth={n}, batteryPresent=true, batteryLevel={n}, batteryTechnology=Li-ion, batteryVoltage={n}, "
     "batteryChargeCounter={n}, batteryTemperature={n}, mBatteryLevelCritical=false, mPlugType={n}", 1},
    {"E35", "I", "SendBroadcastPermission", "action:{action}, mPermissionType:{n}", 2},
    {"E36", "V", "ActivityManager", "Broadcast: Intent {{ act={action} flg={flags} (has extras) }} ordered=false userid={=0} callerApp=null", 1},
    {"E37", "I", "ActivityManager", "moveTaskToBack: TaskRecord{{{hash} #{task} A={package} U={=0} sz={n}}}", 0.5},
    {"E38", "W", "Binder", "Outgoing transactions from this process must be FLAG_ONEWAY", 0, 2},
    {"E39", "E", "ActivityManager", "ANR in {process} ({activity})", 0, 3},
    {"E40", "E", "ActivityManager", "Reason: Input dispatching timed out ({anr_detail})", 0, 3},
    {"E41", "I", "Process", "Sending signal. PID: {pid} SIG: {=9}", 0.5},
    {"E42", "D", "NotificationService", "Cannot find enqueued record for key: {notification_key}", 0.5},
    {"E43", "D", "WifiStateMachine", "handleMessage: E msg.what={what}", 1.5},
    {"E44", "I", "PhoneStatusBar", "setSystemUiVisibility vis={flags} mask={flags} oldVal={flags} newVal={flags} diff={flags}", 1},
};

const std::vector<std::string_view> packages = {
    "com.tencent.mm", "android", "com.android.systemui", "com.tencent.mobileqq", "com.huawei.android.launcher",
    "com.android.phone", "com.eg.android.AlipayGphone", "com.sina.weibo", "com.android.chrome", "com.huawei.systemmanager"};
const std::vector<std::string_view> activities = {
    "com.tencent.mm/.ui.LauncherUI", "com.huawei.android.launcher/.Launcher", "com.tencent.mobileqq/.activity.SplashActivity",
    "com.android.settings/.HWSettings", "com.eg.android.AlipayGphone/.AlipayLogin", "com.sina.weibo/.MainTabActivity",
    "com.android.chrome/com.google.android.apps.chrome.Main", "com.tencent.mm/.plugin.webview.ui.tools.WebViewUI"};
const std::vector<std::string_view> wake_tags = {
    "View Lock", "*launch*", "AudioMix", "RILJ", "NlpWakeLock", "WifiSuspend", "*alarm*", "GCM_CONN_ALARM",
    "Window Manager Lock", "wake:com.tencent.mm/.booter.MMReceivers$AlarmReceiver", "SyncLoopWakeLock", "LocationManagerService"};
const std::vector<std::string_view> wifi_states = {
    "ConnectedState", "L2ConnectedState", "DisconnectedState", "ObtainingIpState", "ConnectModeState", "DisconnectingState",
    "RoamingState", "ScanModeState", "DriverStartedState", "SupplicantStartedState"};
const std::vector<std::string_view> actions = {
    "android.intent.action.MAIN", "android.intent.action.SCREEN_ON", "android.intent.action.SCREEN_OFF",
    "android.net.wifi.STATE_CHANGE", "android.intent.action.BATTERY_CHANGED", "android.intent.action.TIME_TICK",
    "com.tencent.mm.plugin.report.service.KVCommCrossProcessReceiver", "android.net.conn.CONNECTIVITY_CHANGE"};
const std::vector<std::string_view> callers = {
    "com.android.server.wm.WindowManagerService.addWindow:1324",
    "com.android.server.wm.Session.addToDisplay:217",
    "android.view.IWindowSession$Stub.onTransact:126",
    "com.android.server.wm.Session.onTransact:142",
    "android.os.Binder.execTransact:453"};
const std::vector<std::string_view> kill_reasons = {"empty #{n}", "remove task", "stop {package}", "depends on provider", "too many background"};
const std::vector<std::string_view> anr_details = {
    "Waiting to send non-key event because the touched window has not finished processing certain input events that were "
    "delivered to it over 500.0ms ago.  Wait queue length: {n}.  Wait queue head age: {n}.0ms.",
    "Waiting because no window has focus but there is a focused application that may eventually add a window when it "
    "finishes starting up."};
const std::vector<std::string_view> methods = {
    "void android.widget.TextView.setText(java.lang.CharSequence)", "int java.lang.String.length()",
    "android.content.res.Resources android.content.Context.getResources()"};
const std::vector<std::string_view> frames = {
    "com.tencent.mm.sdk.platformtools.ak.handleMessage(SourceFile:{n})", "android.os.Handler.dispatchMessage(Handler.java:{n})",
    "android.os.Looper.loop(Looper.java:{n})", "android.app.ActivityThread.main(ActivityThread.java:{n})",
    "java.lang.reflect.Method.invoke(Native Method)", "com.android.internal.os.ZygoteInit.main(ZygoteInit.java:{n})"};

class android_log {
 public:
  android_log() : root_(seed, "logs/android"), r_(root_.fork("values")), times_(root_.fork("times")) {}

  std::vector<record> generate() {
    rng draw = root_.fork("events");
    return sample(draw, events, lines, [this](std::string_view name, const event_type&) { return value(name); },
                  [this](std::size_t, const event_type& e) { return header(e); });
  }

 private:
  std::vector<std::string> header(const event_type& e) {
    now_ += static_cast<timestamp_ns>(times_.exponential(0.35) * 1e9);
    const aiops::civil_time c = aiops::to_civil(now_);
    // system_server logs almost everything; apps log their own crashes and stack traces.
    const bool app = e.component == "AndroidRuntime" || e.component == "System.err" || e.component == "Choreographer";
    const int pid = app ? static_cast<int>(times_.between(2000, 31000)) : system_server;
    const int tid = app ? pid : static_cast<int>(times_.between(1720, 4100));
    return {concat({padded(c.month, 2), "-", padded(c.day, 2)}),
            concat({padded(c.hour, 2), ":", padded(c.minute, 2), ":", padded(c.second, 2), ".", padded(c.nanosecond / 1'000'000, 3)}),
            std::to_string(pid), std::to_string(tid), std::string(e.level), std::string(e.component)};
  }

  std::string hash() {
    const auto digits = r_.chance(0.85) ? 8 : 7;
    return hex_id(r_, static_cast<int>(digits));
  }
  std::string sub(std::string_view text) {
    return expand(text, [this](std::string_view name) { return value(name); });
  }

  std::string value(std::string_view name) {
    if (name == "lock") return std::to_string(r_.between(10'000'000, 270'000'000));
    if (name == "flags") return concat({"0x", hex_id(r_, static_cast<int>(r_.between(1, 8)))});
    if (name == "tag") return std::string(popular(r_, wake_tags));
    if (name == "package") return std::string(popular(r_, packages));
    if (name == "ws") return r_.chance(0.7) ? "null" : concat({"WorkSource{", std::to_string(r_.between(10000, 10200)), "}"});
    if (name == "uid") return std::to_string(r_.chance(0.5) ? 1000 : r_.between(10000, 10200));
    if (name == "pid") return std::to_string(r_.between(1500, 31000));
    if (name == "policy") return std::to_string(r_.between(0, 3));
    if (name == "summary") return concat({"0x", hex_id(r_, 1)});
    if (name == "brightness") return std::to_string(r_.between(0, 255));
    if (name == "adj") return concat({r_.chance(0.3) ? "-" : "", "0.", std::to_string(r_.between(0, 9))});
    if (name == "rate") return std::to_string(r_.between(0, 200));
    if (name == "ms" || name == "n" || name == "task") return std::to_string(r_.between(1, 2000));
    if (name == "hash") return hash();
    if (name == "activity") return std::string(popular(r_, activities));
    if (name == "bool") return r_.chance(0.5) ? "true" : "false";
    if (name == "duration") {
      const auto ms = r_.between(30, 3500);
      return ms < 1000 ? concat({std::to_string(ms), "ms"}) : concat({std::to_string(ms / 1000), "s", std::to_string(ms % 1000), "ms"});
    }
    if (name == "window") {
      return r_.chance(0.5) ? std::string(popular(r_, {"StatusBar", "InputMethod", "NavigationBar", "KeyguardScrim"}))
                            : std::string(popular(r_, activities));
    }
    if (name == "callers") {
      const auto n = r_.between(2, 4);
      std::string out;
      for (std::int64_t i = 0; i < n; ++i) out += concat({i ? " " : "", callers[static_cast<std::size_t>(i)]});
      return out;
    }
    if (name == "action") return std::string(popular(r_, actions));
    if (name == "category") return "android.intent.category.LAUNCHER";
    if (name == "process") {
      const std::string_view p = popular(r_, packages);
      return p == "android" ? "com.android.settings" : std::string(p);
    }
    if (name == "user_id") return concat({"u0a", std::to_string(r_.between(10, 200))});
    if (name == "start_kind") return std::string(popular(r_, {"activity", "service", "broadcast", "content provider"}));
    if (name == "adj_level") return std::to_string(r_.between(0, 906));
    if (name == "kill_reason") return sub(popular(r_, kill_reasons));
    if (name == "service") return "com.tencent.mm/.booter.CoreService";
    if (name == "restart_delay") return concat({std::to_string(1000 * r_.between(1, 60)), "ms"});
    if (name == "net_event") return std::string(popular(r_, {"CAP_CHANGED", "LOSING", "LOST", "AVAILABLE", "PRECHECK"}));
    if (name == "net_type") return r_.chance(0.7) ? "WIFI" : "MOBILE";
    if (name == "net_id") return std::to_string(r_.between(100, 140));
    if (name == "wifi_state") return std::string(popular(r_, wifi_states));
    if (name == "mac") {
      std::string m = "8c:be:be";
      for (int i = 0; i < 3; ++i) m += ":" + hex_id(r_, 2);
      return m;
    }
    if (name == "reason_code") return std::to_string(r_.between(1, 15));
    if (name == "alarm_type") return std::to_string(r_.between(0, 3));
    if (name == "millis") return std::to_string(r_.between(1'489'700'000'000LL, 1'489'800'000'000LL));
    if (name == "thread") return concat({"Binder:", std::to_string(system_server), "_", std::to_string(r_.between(1, 9))});
    if (name == "thread_name") return std::string(popular(r_, {"main", "AsyncTask #1", "pool-3-thread-1"}));
    if (name == "method") return std::string(popular(r_, methods));
    if (name == "frame") return sub(popular(r_, frames));
    if (name == "anr_detail") return sub(popular(r_, anr_details));
    if (name == "notification_key") return concat({"0|", popular(r_, packages), "|", std::to_string(r_.between(1, 99)), "|null|", std::to_string(r_.between(10000, 10200))});
    if (name == "what") return std::to_string(r_.between(131072, 131300));
    throw std::logic_error("android: no parameter " + std::string(name));
  }

  rng root_, r_, times_;
  timestamp_ns now_ = aiops::to_timestamp({2017, 3, 17, 16, 13, 38, 811'000'000});
};

}  // namespace

void generate_android(const std::filesystem::path& out) {
  const system_spec spec{"android", "Android.log", "<Date> <Time> <Pid> <Tid> <Level> <Component>: <Content>",
                         {{"Date"}, {"Time"}, {"Pid", 5}, {"Tid", 5}, {"Level"}, {"Component"}}};
  android_log log;
  write_system(out, spec, events, log.generate());
}

}  // namespace datagen::loghub
