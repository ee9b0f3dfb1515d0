// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "env.h"
#include "format.h"
#include "json.h"
#include "key.h"
#include "mem.h"
#include "policy.h"
#include "policyshow.h"

/*
 * A device's name may hold any byte but NUL, '/' and white space, so it
 * need not be UTF-8, which JSON must be: every byte past ASCII is written
 * as the code point of its value, which a reader turns back into the
 * bytes by encoding as Latin-1.
 */
void ztnet_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void put_key(FILE *out, const char *sep, const char *key)
{
	fputs(sep, out);
	ztnet_json_string(out, key);
	fputc(':', out);
}

static void put_b64(FILE *out, const char *sep, const char *key,
		    const uint8_t *value)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	ztnet_key_to_base64(b64, value);
	put_key(out, sep, key);
	ztnet_json_string(out, b64);
	sodium_memzero(b64, sizeof(b64));
}

static void put_allowedips(FILE *out, const struct ztnet_peer *peer)
{
	char ip[ZTNET_ALLOWEDIP_STRLEN];
	size_t i;

	put_key(out, ",", "allowed_ips");
	fputc('[', out);
	for (i = 0; i < peer->allowedips_len; i++) {
		ztnet_format_allowedip(ip, &peer->allowedips[i]);
		fputs(i ? "," : "", out);
		ztnet_json_string(out, ip);
	}
	fputc(']', out);
}

static void put_groups(FILE *out, const struct ztnet_peer *peer)
{
	size_t i;

	put_key(out, ",", "groups");
	fputc('[', out);
	for (i = 0; i < peer->groups_len; i++) {
		fputs(i ? "," : "", out);
		ztnet_json_string(out, peer->groups[i]);
	}
	fputc(']', out);
}

static void put_peer(FILE *out, const struct ztnet_peer *peer)
{
	char endpoint[ZTNET_ENDPOINT_STRLEN];

	put_b64(out, "{", "public_key", peer->public_key);
	if (peer->has_preshared_key && !ztnet_hide_keys())
		put_b64(out, ",", "preshared_key", peer->preshared_key);
	put_key(out, ",", "endpoint");
	if (ztnet_format_endpoint(endpoint, sizeof(endpoint), &peer->endpoint))
		ztnet_json_string(out, endpoint);
	else
		fputs("null", out);
	put_allowedips(out, peer);
	fprintf(out, ",\"latest_handshake\":%" PRId64, peer->last_handshake_sec);
	fprintf(out, ",\"transfer_rx\":%" PRIu64 ",\"transfer_tx\":%" PRIu64,
		peer->rx_bytes, peer->tx_bytes);
	fprintf(out, ",\"persistent_keepalive\":%u", peer->keepalive);
	put_groups(out, peer);
	fprintf(out, ",\"id\":%" PRIu64, peer->id);
	fputc('}', out);
}

static void put_drops(FILE *out, const char *key, const uint64_t *counts)
{
	unsigned int r;

	put_key(out, ",", key);
	for (r = 1; r <= ZTDROP_MAX; r++) {
		put_key(out, r == 1 ? "{" : ",", ztnet_drop_reason_name(r));
		fprintf(out, "%" PRIu64, counts[r]);
	}
	fputc('}', out);
}

static void put_rule(FILE *out, const struct ztnet_policy_rule *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *buf = open_memstream(&text, &len);

	if (!buf)
		ztnet_out_of_memory();
	ztnet_rule_print(buf, &r->rule);
	fclose(buf);
	fprintf(out, "{\"number\":%" PRIu32, r->number);
	put_key(out, ",", "rule");
	ztnet_json_string(out, text);
	put_key(out, ",", "name");
	ztnet_json_string(out, r->rule.name);
	fprintf(out, ",\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64
		",\"flows\":%" PRIu64 "}", r->packets, r->bytes, r->flows);
	free(text);
}

static void put_policy(FILE *out, const struct ztnet_policy *p)
{
	size_t i;

	put_key(out, ",", "policy");
	if (!p) {
		fputs("null", out);
		return;
	}
	put_key(out, "{", "mode");
	ztnet_json_string(out, ztnet_mode_name(p->mode));
	put_key(out, ",", "default_in");
	ztnet_json_string(out, ztnet_action_name(p->default_in));
	put_key(out, ",", "default_out");
	ztnet_json_string(out, ztnet_action_name(p->default_out));
	fprintf(out, ",\"generation\":%" PRIu64 ",\"flows\":%" PRIu32,
		p->generation, p->flows);
	put_drops(out, "drops", p->drops);
	put_drops(out, "would_drops", p->would_drop);
	put_key(out, ",", "rules");
	fputc('[', out);
	for (i = 0; i < p->rules_len; i++) {
		fputs(i ? "," : "", out);
		put_rule(out, &p->rules[i]);
	}
	fputs("]}", out);
}

static void put_device(FILE *out, const struct ztnet_device *dev)
{
	size_t i;

	put_key(out, "{", "name");
	ztnet_json_string(out, dev->ifname);
	if (dev->has_public_key)
		put_b64(out, ",", "public_key", dev->public_key);
	if (dev->has_private_key && !ztnet_hide_keys())
		put_b64(out, ",", "private_key", dev->private_key);
	fprintf(out, ",\"listen_port\":%u,\"fwmark\":%u", dev->listen_port,
		dev->fwmark);
	put_key(out, ",", "peers");
	fputc('[', out);
	for (i = 0; i < dev->peers_len; i++) {
		fputs(i ? "," : "", out);
		put_peer(out, &dev->peers[i]);
	}
	fputc(']', out);
	put_policy(out, dev->policy);
	fputc('}', out);
}

void ztnet_json_print(FILE *out, const struct ztnet_device *devs, size_t len)
{
	size_t i;

	fputs("{\"interfaces\":[", out);
	for (i = 0; i < len; i++) {
		fputs(i ? "," : "", out);
		put_device(out, &devs[i]);
	}
	fputs("]}\n", out);
}
