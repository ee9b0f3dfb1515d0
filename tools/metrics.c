// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet metrics: the devices' counters in the Prometheus text format
 * (version 0.0.4), which node_exporter's textfile collector and
 * Prometheus itself read: no daemon, a file written by a timer is enough.
 * Every family is printed whole, all devices together, as the format
 * asks; a family with no sample is left out.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "device.h"
#include "err.h"
#include "exitcode.h"
#include "key.h"
#include "links.h"
#include "mem.h"
#include "metrics.h"
#include "netlink.h"
#include "policy.h"
#include "policyshow.h"
#include "query.h"
#include "value.h"

struct metrics {
	struct ztnet_device *devs;
	size_t len;
};

/*
 * A label value, with the format's three escapes.  The format is UTF-8,
 * and a device's name need not be: each byte past ASCII is written as the
 * character of its value (U+0080 to U+00FF), as show --json writes it, so
 * that a reader gets the bytes back by encoding the value as Latin-1.
 */
static void put_label(FILE *out, const char *name, const char *value)
{
	const unsigned char *c = (const unsigned char *)value;

	fprintf(out, "%s=\"", name);
	for (; *c; c++) {
		if (*c == '\\' || *c == '"')
			fprintf(out, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", out);
		else if (*c >= 0x80)
			fprintf(out, "%c%c", 0xc0 | (*c >> 6), 0x80 | (*c & 0x3f));
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void family(FILE *out, const char *name, const char *type,
		   const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void peer_sample(FILE *out, const char *name,
			const struct ztnet_device *dev,
			const struct ztnet_peer *peer, uint64_t value)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	ztnet_key_to_base64(b64, peer->public_key);
	fprintf(out, "%s{", name);
	put_label(out, "interface", dev->ifname);
	fputc(',', out);
	put_label(out, "public_key", b64);
	fprintf(out, "} %" PRIu64 "\n", value);
}

enum peer_value { RX, TX, HANDSHAKE, KEEPALIVE, ALLOWED };

static uint64_t peer_value(const struct ztnet_peer *peer, enum peer_value v)
{
	switch (v) {
	case RX:
		return peer->rx_bytes;
	case TX:
		return peer->tx_bytes;
	case HANDSHAKE:
		/* A reply's time may be anything: before 1970 is "none". */
		return peer->last_handshake_sec > 0 ?
		       (uint64_t)peer->last_handshake_sec : 0;
	case KEEPALIVE:
		return peer->keepalive;
	default:
		return peer->allowedips_len;
	}
}

static void peer_family(FILE *out, const struct metrics *m, const char *name,
			const char *type, const char *help, enum peer_value v)
{
	size_t d, p;

	family(out, name, type, help);
	for (d = 0; d < m->len; d++)
		for (p = 0; p < m->devs[d].peers_len; p++)
			peer_sample(out, name, &m->devs[d], &m->devs[d].peers[p],
				    peer_value(&m->devs[d].peers[p], v));
}

static void print_peers(FILE *out, const struct metrics *m)
{
	size_t d, peers = 0;

	if (!m->len)
		return;
	family(out, "ztnet_device_peers", "gauge", "Peers of the device.");
	for (d = 0; d < m->len; d++) {
		fputs("ztnet_device_peers{", out);
		put_label(out, "interface", m->devs[d].ifname);
		fprintf(out, "} %zu\n", m->devs[d].peers_len);
		peers += m->devs[d].peers_len;
	}
	if (!peers)
		return;
	peer_family(out, m, "ztnet_peer_receive_bytes_total", "counter",
		    "Bytes received from the peer.", RX);
	peer_family(out, m, "ztnet_peer_transmit_bytes_total", "counter",
		    "Bytes sent to the peer.", TX);
	peer_family(out, m, "ztnet_peer_latest_handshake_timestamp_seconds", "gauge",
		    "Unix time of the latest handshake, 0 for none.", HANDSHAKE);
	peer_family(out, m, "ztnet_peer_persistent_keepalive_seconds", "gauge",
		    "Persistent keepalive interval, 0 for off.", KEEPALIVE);
	peer_family(out, m, "ztnet_peer_allowed_ips", "gauge",
		    "Allowed IP prefixes of the peer.", ALLOWED);
}

static bool has_policy(const struct metrics *m)
{
	size_t d;

	for (d = 0; d < m->len; d++)
		if (m->devs[d].policy)
			return true;
	return false;
}

/* Drops (audit: would-drops) by reason, each reason of each device. */
static void drop_family(FILE *out, const struct metrics *m, const char *name,
			const char *help, bool would)
{
	unsigned int r;
	size_t d;

	family(out, name, "counter", help);
	for (d = 0; d < m->len; d++) {
		const struct ztnet_policy *p = m->devs[d].policy;

		for (r = 1; p && r <= ZTDROP_MAX; r++) {
			fprintf(out, "%s{", name);
			put_label(out, "interface", m->devs[d].ifname);
			fputc(',', out);
			put_label(out, "reason", ztnet_drop_reason_name(r));
			fprintf(out, "} %" PRIu64 "\n",
				would ? p->would_drop[r] : p->drops[r]);
		}
	}
}

enum rule_value { PACKETS, BYTES, FLOWS };

static void rule_family(FILE *out, const struct metrics *m, const char *name,
			const char *help, enum rule_value v)
{
	const struct ztnet_policy_rule *r;
	char number[16];
	size_t d, i;

	family(out, name, "counter", help);
	for (d = 0; d < m->len; d++) {
		const struct ztnet_policy *p = m->devs[d].policy;

		for (i = 0; p && i < p->rules_len; i++) {
			r = &p->rules[i];
			snprintf(number, sizeof(number), "%" PRIu32, r->number);
			fprintf(out, "%s{", name);
			put_label(out, "interface", m->devs[d].ifname);
			fputc(',', out);
			put_label(out, "rule", number);
			fputc(',', out);
			put_label(out, "name", r->rule.name);
			fprintf(out, "} %" PRIu64 "\n", v == PACKETS ? r->packets :
				v == BYTES ? r->bytes : r->flows);
		}
	}
}

static bool has_rules(const struct metrics *m)
{
	size_t d;

	for (d = 0; d < m->len; d++)
		if (m->devs[d].policy && m->devs[d].policy->rules_len)
			return true;
	return false;
}

static void print_policy(FILE *out, const struct metrics *m)
{
	size_t d;

	if (!has_policy(m))
		return;
	family(out, "ztnet_policy_flows", "gauge", "Flows in the flow table.");
	for (d = 0; d < m->len; d++) {
		if (!m->devs[d].policy)
			continue;
		fputs("ztnet_policy_flows{", out);
		put_label(out, "interface", m->devs[d].ifname);
		fprintf(out, "} %" PRIu32 "\n", m->devs[d].policy->flows);
	}
	drop_family(out, m, "ztnet_policy_drops_total",
		    "Packets the policy dropped, by reason.", false);
	drop_family(out, m, "ztnet_policy_would_drops_total",
		    "Packets audit mode would have dropped, by reason.", true);
	if (!has_rules(m))
		return;
	rule_family(out, m, "ztnet_rule_packets_total",
		    "Packets that the rule decided or that its flows carried.",
		    PACKETS);
	rule_family(out, m, "ztnet_rule_bytes_total", "Bytes of those packets.",
		    BYTES);
	rule_family(out, m, "ztnet_rule_flows_total", "Flows the rule decided.",
		    FLOWS);
}

void ztnet_metrics_print(FILE *out, const struct ztnet_device *devs,
			 size_t len)
{
	const struct metrics m = { (struct ztnet_device *)devs, len };

	print_peers(out, &m);
	print_policy(out, &m);
}

static void metrics_free(struct metrics *m)
{
	size_t d;

	for (d = 0; d < m->len; d++)
		ztnet_device_wipe(&m->devs[d]);
	free(m->devs);
}

/* Each device read whole first: a family is printed across them all. */
static int read_devices(const struct ztnet_names *names, struct metrics *m)
{
	struct ztnet_nl nl;
	size_t i;
	int ret;

	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret)
		return ret;
	m->devs = calloc(names->len ? names->len : 1, sizeof(*m->devs));
	if (!m->devs)
		ztnet_out_of_memory();
	for (i = 0; !ret && i < names->len; i++) {
		int err = ztnet_query_device_raw(&nl, names->names[i],
						 &m->devs[m->len]);

		/* A device deleted since it was listed has no metrics. */
		if (!err)
			m->len++;
		else if (err != -ENODEV || names->len == 1)
			ret = ztnet_nl_report(&nl, err, names->names[i]);
	}
	ztnet_nl_close(&nl);
	return ret;
}

static int run_metrics(int argc, char *argv[])
{
	struct ztnet_names names = { 0 };
	struct metrics m = { 0 };
	int ret;

	if (argc > 2)
		return ztnet_usage_error(&ztnet_cmd_metrics);
	if (argc == 2) {
		ret = ztnet_check_ifname(argv[1]);
		if (ret != ZTNET_EXIT_OK)
			return ret;
		names.names = calloc(1, sizeof(*names.names));
		if (!names.names)
			ztnet_out_of_memory();
		snprintf(names.names[0], IFNAMSIZ, "%s", argv[1]);
		names.len = 1;
	} else {
		ret = ztnet_links_list(&names);
		if (ret) {
			ztnet_err("cannot list the network devices: %s",
				  strerror(-ret));
			return ZTNET_EXIT_FAILURE;
		}
	}
	ret = names.len ? read_devices(&names, &m) : ZTNET_EXIT_OK;
	if (!ret)
		ztnet_metrics_print(stdout, m.devs, m.len);
	metrics_free(&m);
	ztnet_names_free(&names);
	return ret;
}

const struct ztnet_command ztnet_cmd_metrics = {
	.name = "metrics",
	.args = "[<interface>]",
	.summary = "print the counters in the Prometheus text format",
	.run = run_metrics,
};
