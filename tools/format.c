// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "format.h"

bool ztnet_format_endpoint(char *buf, size_t size,
			   const union ztnet_endpoint *endpoint)
{
	char host[INET6_ADDRSTRLEN + IFNAMSIZ + 2], port[8];
	sa_family_t family = endpoint->addr.sa_family;
	socklen_t len;
	int ret;

	if (family == AF_INET)
		len = sizeof(endpoint->addr4);
	else if (family == AF_INET6)
		len = sizeof(endpoint->addr6);
	else
		return false;
	/* Numeric: showing a peer must never wait for DNS. */
	ret = getnameinfo(&endpoint->addr, len, host, sizeof(host), port,
			  sizeof(port), NI_DGRAM | NI_NUMERICSERV |
			  NI_NUMERICHOST);
	if (ret)
		snprintf(buf, size, "%s", gai_strerror(ret));
	else if (family == AF_INET6 && strchr(host, ':'))
		snprintf(buf, size, "[%s]:%s", host, port);
	else
		snprintf(buf, size, "%s:%s", host, port);
	return true;
}

void ztnet_format_allowedip(char buf[ZTNET_ALLOWEDIP_STRLEN],
			    const struct ztnet_allowedip *ip)
{
	char addr[INET6_ADDRSTRLEN] = "";

	inet_ntop(ip->family, &ip->ip6, addr, sizeof(addr));
	snprintf(buf, ZTNET_ALLOWEDIP_STRLEN, "%s/%u", addr, ip->cidr);
}

struct marks {
	const char *on;
	const char *off;
};

static size_t append_unit(char *buf, size_t size, size_t off,
			  uint64_t count, const char *unit,
			  const struct marks *m)
{
	int n;

	if (!count || off >= size)
		return off;
	n = snprintf(buf + off, size - off, "%s%llu %s%s%s%s", off ? ", " : "",
		     (unsigned long long)count, m->on, unit,
		     count == 1 ? "" : "s", m->off);
	return n < 0 ? off : off + (size_t)n;
}

void ztnet_format_duration_marked(char *buf, size_t size, uint64_t left,
				  const char *on, const char *off)
{
	static const struct {
		uint64_t seconds;
		const char *name;
	} units[] = {
		{ 365 * 24 * 60 * 60, "year" },
		{ 24 * 60 * 60, "day" },
		{ 60 * 60, "hour" },
		{ 60, "minute" },
		{ 1, "second" },
	};
	const struct marks m = { on, off };
	size_t used = 0, i;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		used = append_unit(buf, size, used, left / units[i].seconds,
				   units[i].name, &m);
		left %= units[i].seconds;
	}
}

void ztnet_format_duration(char *buf, size_t size, uint64_t seconds)
{
	ztnet_format_duration_marked(buf, size, seconds, "", "");
}

void ztnet_format_bytes_marked(char *buf, size_t size, uint64_t b,
			       const char *on, const char *off)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double scaled = (double)b / 1024;
	unsigned int i = 0;

	if (b < 1024) {
		snprintf(buf, size, "%u %sB%s", (unsigned int)b, on, off);
		return;
	}
	/* The same thresholds as wg: each unit up to 1024 of itself. */
	while (i < 3 && b >= (1ULL << (10 * (i + 2)))) {
		scaled /= 1024;
		i++;
	}
	snprintf(buf, size, "%.2f %s%s%s", scaled, on, units[i], off);
}

void ztnet_format_bytes(char *buf, size_t size, uint64_t b)
{
	ztnet_format_bytes_marked(buf, size, b, "", "");
}
