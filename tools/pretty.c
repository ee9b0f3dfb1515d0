// SPDX-License-Identifier: GPL-2.0
/*
 * The human view of `ztnet show`: the text of `wg show` without its
 * colours.  Secrets are "(hidden)", as wg's, unless HIDE_KEYS=never is
 * in the environment (env.h); the field views and `showconf` are where
 * scripts get them.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "device.h"
#include "env.h"
#include "format.h"
#include "key.h"
#include "mem.h"
#include "policyshow.h"

static void print_secret(FILE *out, const char *what, const uint8_t *key)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	if (ztnet_hide_keys()) {
		fprintf(out, "  %s: (hidden)\n", what);
		return;
	}
	ztnet_key_to_base64(b64, key);
	fprintf(out, "  %s: %s\n", what, b64);
	sodium_memzero(b64, sizeof(b64));
}

static void print_device_lines(FILE *out, const struct ztnet_device *dev)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	fprintf(out, "interface: %s\n", dev->ifname);
	if (dev->has_public_key) {
		ztnet_key_to_base64(b64, dev->public_key);
		fprintf(out, "  public key: %s\n", b64);
	}
	if (dev->has_private_key)
		print_secret(out, "private key", dev->private_key);
	/* Like wg, zero means "none" for both and is not shown. */
	if (dev->has_listen_port && dev->listen_port)
		fprintf(out, "  listening port: %u\n", dev->listen_port);
	if (dev->has_fwmark && dev->fwmark)
		fprintf(out, "  fwmark: 0x%x\n", dev->fwmark);
	ztnet_policy_show_line(out, dev);
}

static void print_allowedips(FILE *out, const struct ztnet_peer *peer)
{
	char ip[ZTNET_ALLOWEDIP_STRLEN];
	size_t i;

	fputs("  allowed ips: ", out);
	if (!peer->allowedips_len)
		fputs("(none)", out);
	for (i = 0; i < peer->allowedips_len; i++) {
		ztnet_format_allowedip(ip, &peer->allowedips[i]);
		fprintf(out, "%s%s", i ? ", " : "", ip);
	}
	fputc('\n', out);
}

static void print_handshake(FILE *out, const struct ztnet_peer *peer,
			    time_t now)
{
	char ago[256];

	if (!peer->last_handshake_sec)
		return;
	if (now == peer->last_handshake_sec) {
		fputs("  latest handshake: Now\n", out);
	} else if (now < peer->last_handshake_sec) {
		fputs("  latest handshake: (System clock wound backward; "
		      "connection problems may ensue.)\n", out);
	} else {
		/* Unsigned: a reply's time may be anything, even INT64_MIN. */
		ztnet_format_duration(ago, sizeof(ago), (uint64_t)now -
				      (uint64_t)peer->last_handshake_sec);
		fprintf(out, "  latest handshake: %s ago\n", ago);
	}
}

static void print_transfer(FILE *out, const struct ztnet_peer *peer)
{
	char rx[64], tx[64];

	if (!peer->rx_bytes && !peer->tx_bytes)
		return;
	ztnet_format_bytes(rx, sizeof(rx), peer->rx_bytes);
	ztnet_format_bytes(tx, sizeof(tx), peer->tx_bytes);
	fprintf(out, "  transfer: %s received, %s sent\n", rx, tx);
}

static void print_peer(FILE *out, const struct ztnet_peer *peer, time_t now)
{
	char b64[ZTNET_KEY_B64_LEN + 1], endpoint[ZTNET_ENDPOINT_STRLEN];
	char every[256];

	ztnet_key_to_base64(b64, peer->public_key);
	fprintf(out, "peer: %s\n", b64);
	if (peer->has_preshared_key)
		print_secret(out, "preshared key", peer->preshared_key);
	if (ztnet_format_endpoint(endpoint, sizeof(endpoint), &peer->endpoint))
		fprintf(out, "  endpoint: %s\n", endpoint);
	print_allowedips(out, peer);
	ztnet_groups_show_line(out, peer);
	print_handshake(out, peer, now);
	print_transfer(out, peer);
	if (peer->keepalive) {
		ztnet_format_duration(every, sizeof(every), peer->keepalive);
		fprintf(out, "  persistent keepalive: every %s\n", every);
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
 * keep the kernel's order, which glibc's merge sort keeps for wg.
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
	const struct ztnet_peer **order;
	size_t i;

	print_device_lines(out, dev);
	if (!dev->peers_len)
		return;
	order = calloc(dev->peers_len, sizeof(*order));
	if (!order)
		ztnet_out_of_memory();
	for (i = 0; i < dev->peers_len; i++)
		order[i] = &dev->peers[i];
	qsort(order, dev->peers_len, sizeof(*order), cmp_peers);
	for (i = 0; i < dev->peers_len; i++) {
		fputc('\n', out);
		print_peer(out, order[i], now);
	}
	free(order);
}

void ztnet_device_print(FILE *out, const struct ztnet_device *dev)
{
	ztnet_device_print_at(out, dev, time(NULL));
}
