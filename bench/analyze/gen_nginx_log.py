#!/usr/bin/env python3
# aiops: generates a realistic nginx "combined" access log for bench/analyze (deterministic by seed)
# SPDX-License-Identifier: MIT
"""Writes N lines of nginx combined log format to a file.

One day of traffic with a daily curve (quiet at night, busy in the afternoon), about 30k
clients with a Zipf-like share of requests, static assets, product pages, an API, a health
check every 10 s, search queries, crawlers and a vulnerability scanner, a 20-minute incident
(502/503/504 on the checkout API), TLS handshakes sent to port 80 (logged as 400 with a
binary request line) and a few truncated lines. Same seed, same bytes.

    gen_nginx_log.py --lines 1000000 --out /tmp/access.log
"""
import argparse
import bisect
import math
import random

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAY_START = 1710028800  # 2024-03-10T00:00:00Z
INCIDENT = (DAY_START + 14 * 3600, DAY_START + 14 * 3600 + 20 * 60)

BROWSERS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36", 30),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15", 12),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1", 14),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36", 10),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0", 7),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36", 4),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66", 6),
    ("Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", 3),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36", 8),
    ("Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1", 2),
]
CRAWLERS = [
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 5),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 2),
    ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", 1),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 1),
]
API_CLIENTS = [("okhttp/4.12.0", 4), ("python-requests/2.31.0", 2), ("Go-http-client/1.1", 2), ("curl/8.5.0", 1)]
SCANNER_UA = "Mozilla/5.0 zgrab/0.x"
SCANNER_PATHS = ["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php", "/admin/config.php",
                 "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale", "/boaform/admin/formLogin",
                 "/actuator/env", "/server-status", "/xmlrpc.php", "/.aws/credentials"]
SEARCH_WORDS = ["shoes", "red dress", "laptop", "usb-c cable", "coffee", "tent", "headphones", "\u65e5\u672c", "caf\u00e9", "phone case",
                "running", "desk lamp", "gift card", "kids", "winter jacket"]
REFERERS = ["-", "-", "-", "https://shop.example.com/", "https://shop.example.com/products", "https://www.google.com/",
            "https://www.bing.com/", "https://t.co/x1y2z3", "https://shop.example.com/cart"]


def weighted(pairs):
    items = [p[0] for p in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return items, cum


def pick(rng, items_cum):
    items, cum = items_cum
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


def clf_time(t):
    # nginx $time_local in +0000, without the datetime module (faster, and no local-zone surprises)
    days, secs = divmod(t, 86400)
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    y = yoe + era * 400 + (m <= 2)
    return "%02d/%s/%d:%02d:%02d:%02d +0000" % (d, MONTHS[m - 1], y, secs // 3600, secs // 60 % 60, secs % 60)


def timestamps(rng, n):
    # Requests per second follow a daily curve: low at 04:00, high at 15:00, plus the incident's retries.
    out = []
    while len(out) < n:
        t = DAY_START + rng.random() * 86400
        hour = (t - DAY_START) / 3600
        density = 0.25 + 0.75 * (0.5 - 0.5 * math.cos((hour - 4) / 24 * 2 * math.pi))
        if INCIDENT[0] <= t < INCIDENT[1]:
            density *= 1.6
        if rng.random() < density:
            out.append(int(t))
    out.sort()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20240310)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    clients = ["%d.%d.%d.%d" % (rng.choice([23, 31, 45, 66, 81, 91, 103, 117, 142, 172, 185, 203, 212]), rng.randrange(256),
                                rng.randrange(256), rng.randrange(1, 255)) for _ in range(30000)]
    client_pick = weighted([(c, 1.0 / (i + 1) ** 0.9) for i, c in enumerate(clients)])
    browsers, crawlers, api_clients = weighted(BROWSERS), weighted(CRAWLERS), weighted(API_CLIENTS)
    referers = weighted([(r, 1) for r in REFERERS])
    scanner_ip = "185.220.101.47"
    monitor_ip = "10.0.0.5"
    assets = ["/static/js/app.3f9a1c.js", "/static/js/vendor.81be2d.js", "/static/css/main.c41e0a.css", "/favicon.ico",
              "/static/img/logo.svg", "/static/fonts/inter-var.woff2"] + ["/static/img/p/%d.webp" % i for i in range(400)]
    asset_pick = weighted([(a, 1.0 / (i + 1) ** 1.1) for i, a in enumerate(assets)])

    def request(t):
        """(ip, method, target, status, bytes, referer, user agent) of one request at time t."""
        r = rng.random()
        incident = INCIDENT[0] <= t < INCIDENT[1]
        if r < 0.004:  # the scanner
            return scanner_ip, "GET", rng.choice(SCANNER_PATHS), rng.choice([404, 404, 404, 403]), rng.randrange(150, 560), "-", SCANNER_UA
        if r < 0.0045:  # a TLS handshake sent to port 80
            return pick(rng, client_pick), None, None, 400, 157, "-", "-"
        if r < 0.035:
            return pick(rng, client_pick), "GET", rng.choice(["/", "/products", "/robots.txt", "/sitemap.xml"]) if rng.random() < 0.3 else \
                "/products/%d" % rng.randrange(1, 5000), rng.choice([200] * 30 + [301, 404]), rng.randrange(2000, 60000), "-", pick(rng, crawlers)
        ip = pick(rng, client_pick)
        ua = pick(rng, browsers)
        ref = pick(rng, referers)
        if r < 0.45:
            target = pick(rng, asset_pick)
            status = 304 if rng.random() < 0.25 else 200
            size = 0 if status == 304 else int(rng.lognormvariate(9.5, 1.2))
            return ip, "GET", target, status, size, "https://shop.example.com/", ua
        if r < 0.65:
            pid = int(rng.paretovariate(1.2)) % 5000 + 1
            status = 404 if rng.random() < 0.02 else 200
            return ip, "GET", "/products/%d" % pid, status, int(rng.lognormvariate(10.2, 0.4)), ref, ua
        if r < 0.72:
            q = rng.choice(SEARCH_WORDS).replace(" ", "+")
            page = "&page=%d" % rng.randrange(2, 6) if rng.random() < 0.2 else ""
            return ip, "GET", "/search?q=%s%s" % (q, page), 200, int(rng.lognormvariate(10.0, 0.5)), ref, ua
        if r < 0.77:
            return ip, "GET", rng.choice(["/", "/products", "/cart", "/about", "/contact"]), 200, int(rng.lognormvariate(9.8, 0.3)), ref, ua
        # the API, from the app and the site
        api_ua = pick(rng, api_clients) if rng.random() < 0.4 else ua
        endpoint = rng.random()
        if endpoint < 0.35:
            method, target = "GET", "/api/v1/users/%d" % rng.randrange(1, 200000)
        elif endpoint < 0.6:
            method, target = "GET", "/api/v1/cart"
        elif endpoint < 0.75:
            method, target = "POST", "/api/v1/cart/items"
        elif endpoint < 0.85:
            method, target = "POST", "/api/v1/login"
        else:
            method, target = "POST", "/api/checkout"
        status = rng.choices([200, 201, 400, 401, 500], [90, 4, 3, 2, 1])[0]
        if method == "POST" and status == 200:
            status = 201
        if target == "/api/v1/login" and rng.random() < 0.08:
            status = 401
        if incident and target in ("/api/checkout", "/api/v1/cart", "/api/v1/cart/items") and rng.random() < 0.7:
            status = rng.choice([502, 502, 503, 504])
        size = rng.randrange(20, 400) if status >= 400 else int(rng.lognormvariate(7.0, 0.8))
        return ip, method, target, status, size, "https://shop.example.com/cart", api_ua

    health_next = DAY_START
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        buf = []
        for i, t in enumerate(timestamps(rng, args.lines)):
            if t >= health_next:  # the load balancer's health check, every 10 s
                ip, method, target, status, size, ref, ua = monitor_ip, "GET", "/healthz", 200, 2, "-", "kube-probe/1.29"
                health_next += 10
            else:
                ip, method, target, status, size, ref, ua = request(t)
            req = '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03' if method is None else "%s %s HTTP/1.1" % (method, target)
            line = '%s - - [%s] "%s" %d %d "%s" "%s"' % (ip, clf_time(t), req, status, size, ref, ua)
            if i % 25000 == 12345:  # a line cut short by a full disk or a rotated file
                line = line[: rng.randrange(10, len(line) - 5)]
            buf.append(line)
            if len(buf) >= 10000:
                out.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            out.write("\n".join(buf) + "\n")


if __name__ == "__main__":
    main()
