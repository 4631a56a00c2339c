// aiops: the standard grok pattern library (Logstash's grok-patterns, httpd and linux-syslog definitions)
// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>  // std::string_view

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {
namespace grok_patterns {

/// One named pattern: `NAME regex`, as in a Logstash pattern file.
struct definition {
  std::string_view name;
  std::string_view regex;
};

// The regexes follow logstash-patterns-core (patterns/ecs-v1 and patterns/legacy), written for
// PCRE2: UNIXPATH's Oniguruma nested class "[[[:alnum:]]...]" is "[[:alnum:]...]", and TIME's
// "(?!<[0-9])" (a typo upstream: a lookahead for "<digit") is the intended lookbehind "(?<![0-9])".

/// Patterns that are the same with and without ECS field names.
inline constexpr definition common[] = {
    // Words, numbers, text.
    {"USERNAME", R"re([a-zA-Z0-9._-]+)re"},
    {"USER", R"re(%{USERNAME})re"},
    {"INT", R"re((?:[+-]?(?:[0-9]+)))re"},
    {"BASE10NUM", R"re((?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\.[0-9]+)?)|(?:\.[0-9]+))))re"},
    {"NUMBER", R"re((?:%{BASE10NUM}))re"},
    {"BASE16NUM", R"re((?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+)))re"},
    {"BASE16FLOAT", R"re(\b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?)|(?:\.[0-9A-Fa-f]+)))\b)re"},
    {"POSINT", R"re(\b(?:[1-9][0-9]*)\b)re"},
    {"NONNEGINT", R"re(\b(?:[0-9]+)\b)re"},
    {"WORD", R"re(\b\w+\b)re"},
    {"NOTSPACE", R"re(\S+)re"},
    {"SPACE", R"re(\s*)re"},
    {"DATA", R"re(.*?)re"},
    {"GREEDYDATA", R"re(.*)re"},
    {"QUOTEDSTRING", R"re((?>(?<!\\)(?>"(?>\\.|[^\\"]+)+"|""|(?>'(?>\\.|[^\\']+)+')|''|(?>`(?>\\.|[^\\`]+)+`)|``)))re"},
    {"QS", R"re(%{QUOTEDSTRING})re"},
    {"UUID", R"re([A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12})re"},
    {"URN", R"re(urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9a-fA-F]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+)re"},
    {"EMAILADDRESS", R"re(%{EMAILLOCALPART}@%{HOSTNAME})re"},

    // Networking.
    {"CISCOMAC", R"re((?:(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4}))re"},
    {"WINDOWSMAC", R"re((?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2}))re"},
    {"COMMONMAC", R"re((?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2}))re"},
    {"MAC", R"re((?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC}))re"},
    {"IPV6",
     R"re(((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%.+)?)re"},
    {"IPV4",
     R"re((?<![0-9])(?:(?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]))(?![0-9]))re"},
    {"IP", R"re((?:%{IPV6}|%{IPV4}))re"},
    {"HOSTNAME", R"re(\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(\.?|\b))re"},
    {"IPORHOST", R"re((?:%{IP}|%{HOSTNAME}))re"},
    {"HOSTPORT", R"re(%{IPORHOST}:%{POSINT})re"},

    // Paths and URIs (only absolute paths match).
    {"PATH", R"re((?:%{UNIXPATH}|%{WINPATH}))re"},
    {"UNIXPATH", R"re((/[[:alnum:]_%!$@:.,+~-]*)+)re"},
    {"TTY", R"re((?:/dev/(pts|tty([pq])?)(\w+)?/?(?:[0-9]+)))re"},
    {"WINPATH", R"re((?>[A-Za-z]+:|\\)(?:\\[^\\?*]*)+)re"},
    {"URIPROTO", R"re([A-Za-z]([A-Za-z0-9+\-.]+)+)re"},
    {"URIPATH", R"re((?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\-]*)+)re"},
    {"URIQUERY", R"re([A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*)re"},
    {"URIPARAM", R"re(\?%{URIQUERY})re"},
    {"URIPATHPARAM", R"re(%{URIPATH}(?:\?%{URIQUERY})?)re"},

    // Dates and times.
    {"MONTH",
     R"re(\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\b)re"},
    {"MONTHNUM", R"re((?:0?[1-9]|1[0-2]))re"},
    {"MONTHNUM2", R"re((?:0[1-9]|1[0-2]))re"},
    {"MONTHDAY", R"re((?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9]))re"},
    {"DAY", R"re((?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?))re"},
    {"YEAR", R"re((?>\d\d){1,2})re"},
    {"HOUR", R"re((?:2[0123]|[01]?[0-9]))re"},
    {"MINUTE", R"re((?:[0-5][0-9]))re"},
    {"SECOND", R"re((?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?))re"},  // 60: a leap second
    {"TIME", R"re((?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9]))re"},
    {"DATE_US", R"re(%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR})re"},
    {"DATE_EU", R"re(%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR})re"},
    {"ISO8601_TIMEZONE", R"re((?:Z|[+-]%{HOUR}(?::?%{MINUTE})))re"},
    {"TIMESTAMP_ISO8601", R"re(%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?)re"},
    {"TIMESTAMP_CN", R"re(%{YEAR}-%{MONTHNUM}-%{MONTHDAY} %{HOUR}:%{MINUTE}:%{SECOND}\.\d{3})re"},
    {"DATE", R"re(%{DATE_US}|%{DATE_EU})re"},
    {"DATESTAMP", R"re(%{DATE}[- ]%{TIME})re"},
    {"TZ", R"re((?:[APMCE][SD]T|UTC))re"},
    {"DATESTAMP_RFC822", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ})re"},
    {"DATESTAMP_RFC2822", R"re(%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE})re"},
    {"DATESTAMP_OTHER", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR})re"},
    {"DATESTAMP_EVENTLOG", R"re(%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND})re"},
    {"HTTPDATE", R"re(%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT})re"},
    {"SYSLOGTIMESTAMP", R"re(%{MONTH} +%{MONTHDAY} %{TIME})re"},

    // Syslog pieces.
    {"PROG", R"re([\x21-\x5a\x5c\x5e-\x7e]+)re"},
    {"SYSLOGHOST", R"re(%{IPORHOST})re"},
    {"SYSLOGLINE", R"re(%{SYSLOGBASE2} %{GREEDYDATA:message})re"},
    {"SYSLOG5424PRINTASCII", R"re([!-~]+)re"},
    {"SYSLOG5424SD", R"re(\[%{DATA}\]+)re"},
    {"SYSLOG5424LINE", R"re(%{SYSLOG5424BASE} +%{GREEDYDATA:message})re"},
    {"CRON_ACTION", R"re([A-Z ]+)re"},

    // Log levels.
    {"LOGLEVEL",
     R"re(([Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?))re"},

    // Apache httpd / nginx.
    {"HTTPDUSER", R"re(%{EMAILADDRESS}|%{USER})re"},
    {"HTTPDERROR_DATE", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{YEAR})re"},
    {"HTTPD_ERRORLOG", R"re(%{HTTPD20_ERRORLOG}|%{HTTPD24_ERRORLOG})re"},
    {"COMMONAPACHELOG", R"re(%{HTTPD_COMMONLOG})re"},
    {"COMBINEDAPACHELOG", R"re(%{HTTPD_COMBINEDLOG})re"},
};

/// The patterns whose fields have Elastic Common Schema names (Logstash 8's default, `ecs_compatibility => v1`).
inline constexpr definition ecs_v1[] = {
    {"EMAILLOCALPART", R"re([a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~]{1,64}(?:\.[a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~]{1,62}){0,63})re"},
    {"URIHOST", R"re(%{IPORHOST}(?::%{POSINT})?)re"},
    {"URI", R"re(%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATH}(?:\?%{URIQUERY})?)?)re"},
    {"ISO8601_SECOND", R"re(%{SECOND})re"},
    {"SYSLOGPROG", R"re(%{PROG:[process][name]}(?:\[%{POSINT:[process][pid]:int}\])?)re"},
    {"SYSLOGFACILITY", R"re(<%{NONNEGINT:[log][syslog][facility][code]:int}.%{NONNEGINT:[log][syslog][priority]:int}>)re"},
    {"SYSLOGBASE", R"re(%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:[host][hostname]} %{SYSLOGPROG}:)re"},
    {"SYSLOGBASE2",
     R"re((?:%{SYSLOGTIMESTAMP:timestamp}|%{TIMESTAMP_ISO8601:timestamp})(?: %{SYSLOGFACILITY})?(?: %{SYSLOGHOST:[host][hostname]})?(?: %{SYSLOGPROG}:)?)re"},
    {"SYSLOGPAMSESSION",
     R"re(%{SYSLOGBASE} (?=%{GREEDYDATA:message})%{WORD:[system][auth][pam][module]}\(%{DATA:[system][auth][pam][origin]}\): session %{WORD:[system][auth][pam][session_state]} for user %{USERNAME:[user][name]}(?: by %{GREEDYDATA})?)re"},
    {"CRONLOG", R"re(%{SYSLOGBASE} \(%{USER:[user][name]}\) %{CRON_ACTION:[system][cron][action]} \(%{DATA:message}\))re"},
    {"SYSLOG5424PRI", R"re(<%{NONNEGINT:[log][syslog][priority]:int}>)re"},
    {"SYSLOG5424BASE",
     R"re(%{SYSLOG5424PRI}%{NONNEGINT:[system][syslog][version]} +(?:-|%{TIMESTAMP_ISO8601:timestamp}) +(?:-|%{IPORHOST:[host][hostname]}) +(?:-|%{SYSLOG5424PRINTASCII:[process][name]}) +(?:-|%{SYSLOG5424PRINTASCII:[process][pid]:int}) +(?:-|%{SYSLOG5424PRINTASCII:[event][code]}) +(?:-|%{SYSLOG5424SD:[system][syslog][structured_data]})?)re"},
    {"HTTPD_COMMONLOG",
     R"re(%{IPORHOST:[source][address]} (?:-|%{HTTPDUSER:[apache][access][user][identity]}) (?:-|%{HTTPDUSER:[user][name]}) \[%{HTTPDATE:timestamp}\] "(?:%{WORD:[http][request][method]} %{NOTSPACE:[url][original]}(?: HTTP/%{NUMBER:[http][version]})?|%{DATA})" (?:-|%{INT:[http][response][status_code]:int}) (?:-|%{INT:[http][response][body][bytes]:int}))re"},
    {"HTTPD_COMBINEDLOG", R"re(%{HTTPD_COMMONLOG} "(?:-|%{DATA:[http][request][referrer]})" "(?:-|%{DATA:[user_agent][original]})")re"},
    {"HTTPD20_ERRORLOG", R"re(\[%{HTTPDERROR_DATE:timestamp}\] \[%{LOGLEVEL:[log][level]}\] (?:\[client %{IPORHOST:[source][address]}\] )?%{GREEDYDATA:message})re"},
    {"HTTPD24_ERRORLOG",
     R"re(\[%{HTTPDERROR_DATE:timestamp}\] \[(?:%{WORD:[apache][error][module]})?:%{LOGLEVEL:[log][level]}\] \[pid %{POSINT:[process][pid]:int}(:tid %{INT:[process][thread][id]:int})?\](?: \(%{POSINT:[apache][error][proxy][error][code]}\)%{DATA:[apache][error][proxy][error][message]}:)?(?: \[client %{IPORHOST:[source][address]}(?::%{POSINT:[source][port]:int})?\])?(?: %{DATA:[error][code]}:)? %{GREEDYDATA:message})re"},
};

/// The same patterns with Logstash's pre-ECS field names (`ecs_compatibility => disabled`).
inline constexpr definition legacy[] = {
    {"EMAILLOCALPART", R"re([a-zA-Z][a-zA-Z0-9_.+-=:]+)re"},
    {"URIHOST", R"re(%{IPORHOST}(?::%{POSINT:port})?)re"},
    {"URI", R"re(%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?)re"},
    {"ISO8601_SECOND", R"re((?:%{SECOND}|60))re"},
    {"SYSLOGPROG", R"re(%{PROG:program}(?:\[%{POSINT:pid}\])?)re"},
    {"SYSLOGFACILITY", R"re(<%{NONNEGINT:facility}.%{NONNEGINT:priority}>)re"},
    {"SYSLOGBASE", R"re(%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:)re"},
    {"SYSLOGBASE2",
     R"re((?:%{SYSLOGTIMESTAMP:timestamp}|%{TIMESTAMP_ISO8601:timestamp8601}) (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource}+(?: %{SYSLOGPROG}:|))re"},
    {"SYSLOGPAMSESSION",
     R"re(%{SYSLOGBASE} (?=%{GREEDYDATA:message})%{WORD:pam_module}\(%{DATA:pam_caller}\): session %{WORD:pam_session_state} for user %{USERNAME:username}(?: by %{GREEDYDATA:pam_by})?)re"},
    {"CRONLOG", R"re(%{SYSLOGBASE} \(%{USER:user}\) %{CRON_ACTION:action} \(%{DATA:message}\))re"},
    {"SYSLOG5424PRI", R"re(<%{NONNEGINT:syslog5424_pri:int}>)re"},
    {"SYSLOG5424BASE",
     R"re(%{SYSLOG5424PRI}%{NONNEGINT:syslog5424_ver:int} +(?:%{TIMESTAMP_ISO8601:syslog5424_ts}|-) +(?:%{IPORHOST:syslog5424_host}|-) +(-|%{SYSLOG5424PRINTASCII:syslog5424_app}) +(-|%{SYSLOG5424PRINTASCII:syslog5424_proc}) +(-|%{SYSLOG5424PRINTASCII:syslog5424_msgid}) +(?:%{SYSLOG5424SD:syslog5424_sd}|-|))re"},
    {"HTTPD_COMMONLOG",
     R"re(%{IPORHOST:clientip} %{HTTPDUSER:ident} %{HTTPDUSER:auth} \[%{HTTPDATE:timestamp}\] "(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" (?:%{NUMBER:response}|-) (?:%{NUMBER:bytes}|-))re"},
    {"HTTPD_COMBINEDLOG", R"re(%{HTTPD_COMMONLOG} %{QS:referrer} %{QS:agent})re"},
    {"HTTPD20_ERRORLOG", R"re(\[%{HTTPDERROR_DATE:timestamp}\] \[%{LOGLEVEL:loglevel}\] (?:\[client %{IPORHOST:clientip}\] ){0,1}%{GREEDYDATA:message})re"},
    {"HTTPD24_ERRORLOG",
     R"re(\[%{HTTPDERROR_DATE:timestamp}\] \[%{WORD:module}:%{LOGLEVEL:loglevel}\] \[pid %{POSINT:pid}(:tid %{NUMBER:tid})?\]( \(%{POSINT:proxy_errorcode}\)%{DATA:proxy_message}:)?( \[client %{IPORHOST:clientip}:%{POSINT:clientport}\])?( %{DATA:errorcode}:)? %{GREEDYDATA:message})re"},
};

}  // namespace grok_patterns
}  // namespace logs
AIOPS_END_NAMESPACE
