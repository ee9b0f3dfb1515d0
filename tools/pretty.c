// SPDX-License-Identifier: GPL-2.0
/*
 * The human view of `ztnet show`: the text of `wg show`, in its colours on
 * a terminal.  As wg's, each line is written with its colour codes and
 * the codes are taken out again when colour is off (COLOR_MODE=never, or
 * output that is not a terminal, unless COLOR_MODE=always; env.h).
 * Secrets are "(hidden)", unless HIDE_KEYS=never; the field views and
 * `showconf` are where scripts get them.
 */
#include <arpa/inet.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device.h"
#include "env.h"
#include "format.h"
#include "key.h"
#include "mem.h"
#include "policyshow.h"
#include "pretty.h"

/* wg's colours: ECMA-48 select graphic rendition. */
#define BOLD	"\x1b[1m"
#define RED	"\x1b[31m"
#define GREEN	"\x1b[32m"
#define YELLOW	"\x1b[33m"
#define CYAN	"\x1b[36m"
#define RESET	"\x1b[0m"

struct pretty {
	FILE *out;
	bool color;
};

static bool color_wanted(FILE *out)
{
	const char *mode = ztnet_getenv("COLOR_MODE");

	if (mode && strcmp(mode, "always") == 0)
		return true;
	if (mode && strcmp(mode, "never") == 0)
		return false;
	return isatty(fileno(out));
}

/* Text without its codes: ESC '[', then up to and with a letter. */
static void put_plain(FILE *out, const char *s)
{
	while (*s) {
		if (s[0] == '\x1b' && s[1] == '[') {
			s += 2;
			while (*s && !((*s >= 'a' && *s <= 'z') ||
				       (*s >= 'A' && *s <= 'Z')))
				s++;
			if (*s)
				s++;
			continue;
		}
		fputc(*s++, out);
	}
}

static void say(const struct pretty *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct pretty *p, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		ztnet_out_of_memory();
	if (p->color)
		fputs(text, p->out);
	else
		put_plain(p->out, text);
	/* It may hold a key. */
	ztnet_wipe(text, (size_t)n);
	free(text);
}

static void print_secret(const struct pretty *p, const char *what,
			 const uint8_t *key)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	if (ztnet_hide_keys()) {
		say(p, "  " BOLD "%s" RESET ": (hidden)\n", what);
		return;
	}
	ztnet_key_to_base64(b64, key);
	say(p, "  " BOLD "%s" RESET ": %s\n", what, b64);
	sodium_memzero(b64, sizeof(b64));
}

static void print_device_lines(const struct pretty *p,
			       const struct ztnet_device *dev)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	say(p, RESET GREEN BOLD "interface" RESET ": " GREEN "%s" RESET "\n",
	    dev->ifname);
	if (dev->has_public_key) {
		ztnet_key_to_base64(b64, dev->public_key);
		say(p, "  " BOLD "public key" RESET ": %s\n", b64);
	}
	if (dev->has_private_key)
		print_secret(p, "private key", dev->private_key);
	/* Like wg, zero means "none" for both and is not shown. */
	if (dev->has_listen_port && dev->listen_port)
		say(p, "  " BOLD "listening port" RESET ": %u\n",
		    dev->listen_port);
	if (dev->has_fwmark && dev->fwmark)
		say(p, "  " BOLD "fwmark" RESET ": 0x%x\n", dev->fwmark);
	ztnet_policy_show_line(p->out, dev, p->color ? BOLD : "",
			       p->color ? RESET : "");
}

static void print_allowedips(const struct pretty *p,
			     const struct ztnet_peer *peer)
{
	char addr[INET6_ADDRSTRLEN];
	size_t i;

	say(p, "  " BOLD "allowed ips" RESET ": ");
	if (!peer->allowedips_len)
		say(p, "(none)");
	for (i = 0; i < peer->allowedips_len; i++) {
		const struct ztnet_allowedip *ip = &peer->allowedips[i];

		if (!inet_ntop(ip->family, &ip->ip6, addr, sizeof(addr)))
			addr[0] = '\0';
		say(p, "%s%s" CYAN "/" RESET "%u", i ? ", " : "", addr, ip->cidr);
	}
	say(p, "\n");
}

static void print_handshake(const struct pretty *p,
			    const struct ztnet_peer *peer, time_t now)
{
	char ago[512];

	if (!peer->last_handshake_sec)
		return;
	if (now == peer->last_handshake_sec) {
		say(p, "  " BOLD "latest handshake" RESET ": Now\n");
	} else if (now < peer->last_handshake_sec) {
		say(p, "  " BOLD "latest handshake" RESET ": (" RED
		    "System clock wound backward; connection problems may ensue."
		    RESET ")\n");
	} else {
		/* Unsigned: a reply's time may be anything, even INT64_MIN. */
		ztnet_format_duration_marked(ago, sizeof(ago), (uint64_t)now -
					     (uint64_t)peer->last_handshake_sec,
					     CYAN, RESET);
		say(p, "  " BOLD "latest handshake" RESET ": %s ago\n", ago);
	}
}

static void print_transfer(const struct pretty *p,
			   const struct ztnet_peer *peer)
{
	char rx[64], tx[64];

	if (!peer->rx_bytes && !peer->tx_bytes)
		return;
	ztnet_format_bytes_marked(rx, sizeof(rx), peer->rx_bytes, CYAN, RESET);
	ztnet_format_bytes_marked(tx, sizeof(tx), peer->tx_bytes, CYAN, RESET);
	say(p, "  " BOLD "transfer" RESET ": %s received, %s sent\n", rx, tx);
}

static void print_peer(const struct pretty *p, const struct ztnet_peer *peer,
		       time_t now)
{
	char b64[ZTNET_KEY_B64_LEN + 1], endpoint[ZTNET_ENDPOINT_STRLEN];
	char every[512];

	ztnet_key_to_base64(b64, peer->public_key);
	say(p, YELLOW BOLD "peer" RESET ": " YELLOW "%s" RESET "\n", b64);
	if (peer->has_preshared_key)
		print_secret(p, "preshared key", peer->preshared_key);
	if (ztnet_format_endpoint(endpoint, sizeof(endpoint), &peer->endpoint))
		say(p, "  " BOLD "endpoint" RESET ": %s\n", endpoint);
	print_allowedips(p, peer);
	ztnet_groups_show_line(p->out, peer, p->color ? BOLD : "",
			       p->color ? RESET : "");
	print_handshake(p, peer, now);
	print_transfer(p, peer);
	if (peer->keepalive) {
		ztnet_format_duration_marked(every, sizeof(every),
					     peer->keepalive, CYAN, RESET);
		say(p, "  " BOLD "persistent keepalive" RESET ": every %s\n",
		    every);
	}
}

static bool handshook(const struct ztnet_peer *peer)
{
	return peer->last_handshake_sec || peer->last_handshake_nsec;
}

static int cmp_int64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/*
 * As wg: the latest handshake first, peers that never had one last; ties
 * keep the kernel's order, which wg leaves to its qsort.
 */
static int cmp_peers(const void *x, const void *y)
{
	const struct ztnet_peer *a = *(const struct ztnet_peer *const *)x;
	const struct ztnet_peer *b = *(const struct ztnet_peer *const *)y;
	int c = handshook(b) - handshook(a);

	if (!c)
		c = cmp_int64(b->last_handshake_sec, a->last_handshake_sec);
	if (!c)
		c = cmp_int64(b->last_handshake_nsec, a->last_handshake_nsec);
	return c ? c : (a > b) - (a < b);
}

void ztnet_device_print_at(FILE *out, const struct ztnet_device *dev,
			   time_t now)
{
	const struct pretty p = { out, color_wanted(out) };
	const struct ztnet_peer **order;
	size_t i;

	print_device_lines(&p, dev);
	if (!dev->peers_len)
		return;
	order = calloc(dev->peers_len, sizeof(*order));
	if (!order)
		ztnet_out_of_memory();
	for (i = 0; i < dev->peers_len; i++)
		order[i] = &dev->peers[i];
	qsort(order, dev->peers_len, sizeof(*order), cmp_peers);
	for (i = 0; i < dev->peers_len; i++) {
		say(&p, "\n");
		print_peer(&p, order[i], now);
	}
	free(order);
}

void ztnet_device_print(FILE *out, const struct ztnet_device *dev)
{
	ztnet_device_print_at(out, dev, time(NULL));
}
