// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "exitcode.h"
#include "key.h"
#include "mem.h"
#include "value.h"

bool ztnet_parse_fail(struct ztnet_parse_error *err, int status,
		      const char *fmt, ...)
{
	va_list ap;

	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return false;
}

void ztnet_parse_error_print(const struct ztnet_parse_error *err)
{
	if (err->line)
		ztnet_err("line %u: %s", err->line, err->msg);
	else
		ztnet_err("%s", err->msg);
}

bool ztnet_parse_invalid(struct ztnet_parse_error *err, const char *what,
			 const char *word, const char *valid)
{
	return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
				"invalid %s: '%.*s'%s%s%s", what,
				ZTNET_QUOTE_MAX, word, valid ? " (" : "",
				valid ? valid : "", valid ? ")" : "");
}

int ztnet_invalid(const char *what, const char *word, const char *valid)
{
	struct ztnet_parse_error err = { 0 };

	ztnet_parse_invalid(&err, what, word, valid);
	ztnet_parse_error_print(&err);
	return err.status;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool ztnet_parse_number(const char *text, unsigned int base, uint64_t max,
			uint64_t *value)
{
	uint64_t v = 0;

	if (!*text)
		return false;
	for (; *text; text++) {
		unsigned int digit;

		if (is_digit(*text))
			digit = (unsigned int)(*text - '0');
		else if (base == 16 && *text >= 'a' && *text <= 'f')
			digit = (unsigned int)(*text - 'a' + 10);
		else if (base == 16 && *text >= 'A' && *text <= 'F')
			digit = (unsigned int)(*text - 'A' + 10);
		else
			return false;
		v = v * base + digit;
		if (v > max)
			return false;
	}
	*value = v;
	return true;
}

bool ztnet_ifname_valid(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len < IFNAMSIZ;
}

bool ztnet_parse_ifname(const char *name, struct ztnet_parse_error *err)
{
	return ztnet_ifname_valid(name) ||
	       ztnet_parse_invalid(err, "interface name", name, NULL);
}

int ztnet_check_ifname(const char *name)
{
	struct ztnet_parse_error err = { 0 };

	if (ztnet_parse_ifname(name, &err))
		return ZTNET_EXIT_OK;
	ztnet_parse_error_print(&err);
	return err.status;
}

bool ztnet_parse_port(const char *text, uint16_t *port,
		      struct ztnet_parse_error *err)
{
	uint64_t v;

	if (!ztnet_parse_number(text, 10, UINT16_MAX, &v))
		return ztnet_parse_invalid(err, "port", text, "0 to 65535");
	*port = (uint16_t)v;
	return true;
}

bool ztnet_parse_fwmark(const char *text, uint32_t *fwmark,
			struct ztnet_parse_error *err)
{
	uint64_t v;
	bool ok;

	if (strcasecmp(text, "off") == 0) {
		*fwmark = 0;
		return true;
	}
	if (text[0] == '0' && text[1] == 'x' && text[2])
		ok = ztnet_parse_number(text + 2, 16, UINT32_MAX, &v);
	else
		ok = ztnet_parse_number(text, 10, UINT32_MAX, &v);
	if (!ok)
		return ztnet_parse_invalid(err, "fwmark", text,
					   "0/off or 0 to 0xffffffff");
	*fwmark = (uint32_t)v;
	return true;
}

bool ztnet_parse_keepalive(const char *text, uint16_t *seconds,
			   struct ztnet_parse_error *err)
{
	uint64_t v;

	if (strcasecmp(text, "off") == 0) {
		*seconds = 0;
		return true;
	}
	if (!ztnet_parse_number(text, 10, UINT16_MAX, &v))
		return ztnet_parse_invalid(err, "persistent keepalive interval",
					   text, "0/off or 1 to 65535");
	*seconds = (uint16_t)v;
	return true;
}

bool ztnet_parse_key(const char *text, uint8_t key[ZTNET_KEY_LEN],
		     const char *what, struct ztnet_parse_error *err)
{
	/* The text is not repeated: it may be most of a private key. */
	if (!ztnet_key_from_base64(key, text, strlen(text)))
		return ztnet_parse_fail(err, ZTNET_EXIT_BAD_KEY,
					"malformed key: %s", what);
	return true;
}

/* Like wg: an address with a ':' is IPv6, anything else IPv4. */
static bool parse_address(const char *text, struct ztnet_allowedip *ip)
{
	ip->family = strchr(text, ':') ? AF_INET6 : AF_INET;
	return inet_pton(ip->family, text, &ip->ip6) == 1;
}

static bool parse_one_allowedip(char *entry, struct ztnet_allowedip *ip)
{
	char *slash = strchr(entry, '/');
	uint64_t cidr;

	memset(ip, 0, sizeof(*ip));
	if (slash)
		*slash = '\0';
	if (!parse_address(entry, ip))
		return false;
	cidr = ip->family == AF_INET ? 32 : 128;
	if (slash && !ztnet_parse_number(slash + 1, 10, cidr, &cidr))
		return false;
	ip->cidr = (uint8_t)cidr;
	return true;
}

bool ztnet_parse_cidr(const char *text, struct ztnet_allowedip *ip)
{
	char entry[INET6_ADDRSTRLEN + sizeof("/128")];
	size_t len = strlen(text);

	if (len >= sizeof(entry))
		return false;
	memcpy(entry, text, len + 1);
	return parse_one_allowedip(entry, ip);
}

bool ztnet_cidr_host_bits_clear(const struct ztnet_allowedip *ip)
{
	const uint8_t *a = (const uint8_t *)&ip->ip6;
	unsigned int len = ip->family == AF_INET ? 4 : 16, i;

	for (i = 0; i < len; i++) {
		unsigned int first = i * 8;
		uint8_t mask;

		if (first + 8 <= ip->cidr)
			continue;
		mask = first >= ip->cidr ? 0xff : 0xff >> (ip->cidr - first);
		if (a[i] & mask)
			return false;
	}
	return true;
}

/* wg's warning: the kernel masks the bits, which is seldom what was meant. */
static void warn_host_bits(const struct ztnet_allowedip *ip)
{
	char addr[INET6_ADDRSTRLEN];

	if (ztnet_cidr_host_bits_clear(ip) ||
	    !inet_ntop(ip->family, &ip->ip6, addr, sizeof(addr)))
		return;
	ztnet_warn("AllowedIP has nonzero host part: %s/%u", addr, ip->cidr);
}

/*
 * An item of wg's incremental syntax: a '+' or '-' in front makes the
 * whole list change the peer's allowed IPs instead of replacing them,
 * and a '-' removes the prefix.  One sign only, straight before the IP.
 */
static bool parse_signed_allowedip(char *entry, struct ztnet_allowedip *ip,
				   struct ztnet_peer *peer)
{
	bool remove_me = entry[0] == '-';

	if (entry[0] == '+' || entry[0] == '-') {
		peer->replace_allowedips = false;
		entry++;
	}
	if (!parse_one_allowedip(entry, ip))
		return false;
	ip->remove_me = remove_me;
	return true;
}

bool ztnet_parse_allowedips(const char *text, struct ztnet_peer *peer,
			    struct ztnet_parse_error *err)
{
	char *list = ztnet_strndup(text, strlen(text));
	char *rest = list, *entry;
	bool ok = true;

	peer->replace_allowedips = true;
	if (!*list) {
		free(list);
		return true;
	}
	while (ok && (entry = strsep(&rest, ","))) {
		struct ztnet_allowedip ip;
		char *shown = ztnet_strndup(entry, strlen(entry));

		ok = parse_signed_allowedip(entry, &ip, peer);
		if (ok) {
			warn_host_bits(&ip);
			ztnet_peer_add_allowedip(peer, &ip);
		} else {
			ztnet_parse_invalid(err, "allowed IP", shown,
					    "IP/CIDR, +IP/CIDR or -IP/CIDR");
		}
		free(shown);
	}
	free(list);
	return ok;
}

bool ztnet_endpoint_split(const char *text, char **host, char **port)
{
	const char *colon, *host_start = text, *host_end;

	if (text[0] == '[') {
		host_start = text + 1;
		host_end = strchr(host_start, ']');
		if (!host_end || host_end[1] != ':')
			return false;
		colon = host_end + 1;
	} else {
		colon = strrchr(text, ':');
		if (!colon)
			return false;
		host_end = colon;
	}
	if (host_end == host_start || !colon[1])
		return false;
	*host = ztnet_strndup(host_start, (size_t)(host_end - host_start));
	*port = ztnet_strndup(colon + 1, strlen(colon + 1));
	return true;
}

bool ztnet_parse_endpoint(const char *text, struct ztnet_peer *peer,
			  struct ztnet_parse_error *err)
{
	char *host, *port;

	if (!ztnet_endpoint_split(text, &host, &port))
		return ztnet_parse_invalid(err, "endpoint", text,
					   "HOST:PORT or [IPV6]:PORT");
	free(host);
	free(port);
	free(peer->endpoint_text);
	peer->endpoint_text = ztnet_strndup(text, strlen(text));
	memset(&peer->endpoint, 0, sizeof(peer->endpoint));
	return true;
}
