// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>

#include "fields.h"
#include "format.h"
#include "key.h"
#include "policyshow.h"

static const char *const field_names[] = {
	[ZTNET_FIELD_PUBLIC_KEY] = "public-key",
	[ZTNET_FIELD_PRIVATE_KEY] = "private-key",
	[ZTNET_FIELD_LISTEN_PORT] = "listen-port",
	[ZTNET_FIELD_FWMARK] = "fwmark",
	[ZTNET_FIELD_PEERS] = "peers",
	[ZTNET_FIELD_PRESHARED_KEYS] = "preshared-keys",
	[ZTNET_FIELD_ENDPOINTS] = "endpoints",
	[ZTNET_FIELD_ALLOWED_IPS] = "allowed-ips",
	[ZTNET_FIELD_LATEST_HANDSHAKES] = "latest-handshakes",
	[ZTNET_FIELD_TRANSFER] = "transfer",
	[ZTNET_FIELD_PERSISTENT_KEEPALIVE] = "persistent-keepalive",
	[ZTNET_FIELD_DUMP] = "dump",
	[ZTNET_FIELD_RULES] = "rules",
	[ZTNET_FIELD_POLICY] = "policy",
	[ZTNET_FIELD_FLOWS] = "flows",
};

enum ztnet_field ztnet_field_find(const char *name)
{
	size_t i;

	for (i = 1; i < sizeof(field_names) / sizeof(field_names[0]); i++)
		if (strcmp(field_names[i], name) == 0)
			return (enum ztnet_field)i;
	return ZTNET_FIELD_NONE;
}

/* A key in base64, or "(none)" when there is none. */
static void print_maybe_key(FILE *out, const uint8_t key[ZTNET_KEY_LEN],
			    bool has, char end)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	if (has) {
		ztnet_key_to_base64(b64, key);
		fputs(b64, out);
		ztnet_wipe(b64, sizeof(b64));
	} else {
		fputs("(none)", out);
	}
	fputc(end, out);
}

static void print_fwmark(FILE *out, const struct ztnet_device *dev, char end)
{
	if (dev->fwmark)
		fprintf(out, "0x%x%c", dev->fwmark, end);
	else
		fprintf(out, "off%c", end);
}

static void print_endpoint(FILE *out, const struct ztnet_peer *peer, char end)
{
	char text[ZTNET_ENDPOINT_STRLEN];

	if (!ztnet_format_endpoint(text, sizeof(text), &peer->endpoint))
		strcpy(text, "(none)");
	fprintf(out, "%s%c", text, end);
}

/* sep between the allowed IPs, end after the last or after "(none)". */
static void print_allowedips(FILE *out, const struct ztnet_peer *peer,
			     char sep, char end)
{
	char ip[ZTNET_ALLOWEDIP_STRLEN];
	size_t i;

	if (!peer->allowedips_len) {
		fprintf(out, "(none)%c", end);
		return;
	}
	for (i = 0; i < peer->allowedips_len; i++) {
		ztnet_format_allowedip(ip, &peer->allowedips[i]);
		fprintf(out, "%s%c", ip,
			i + 1 < peer->allowedips_len ? sep : end);
	}
}

static void print_keepalive(FILE *out, const struct ztnet_peer *peer)
{
	if (peer->keepalive)
		fprintf(out, "%u\n", peer->keepalive);
	else
		fputs("off\n", out);
}

static void print_dump_device(FILE *out, const struct ztnet_device *dev)
{
	print_maybe_key(out, dev->private_key, dev->has_private_key, '\t');
	print_maybe_key(out, dev->public_key, dev->has_public_key, '\t');
	fprintf(out, "%u\t", dev->listen_port);
	print_fwmark(out, dev, '\n');
}

static void print_dump_peer(FILE *out, const struct ztnet_peer *peer)
{
	print_maybe_key(out, peer->public_key, true, '\t');
	print_maybe_key(out, peer->preshared_key, peer->has_preshared_key,
			'\t');
	print_endpoint(out, peer, '\t');
	print_allowedips(out, peer, ',', '\t');
	fprintf(out, "%lld\t%" PRIu64 "\t%" PRIu64 "\t",
		(long long)peer->last_handshake_sec, peer->rx_bytes,
		peer->tx_bytes);
	print_keepalive(out, peer);
}

static void print_peer_field(FILE *out, const struct ztnet_peer *peer,
			     enum ztnet_field field)
{
	if (field == ZTNET_FIELD_DUMP) {
		print_dump_peer(out, peer);
		return;
	}
	print_maybe_key(out, peer->public_key, true,
			field == ZTNET_FIELD_PEERS ? '\n' : '\t');
	switch (field) {
	case ZTNET_FIELD_PRESHARED_KEYS:
		print_maybe_key(out, peer->preshared_key,
				peer->has_preshared_key, '\n');
		break;
	case ZTNET_FIELD_ENDPOINTS:
		print_endpoint(out, peer, '\n');
		break;
	case ZTNET_FIELD_ALLOWED_IPS:
		print_allowedips(out, peer, ' ', '\n');
		break;
	case ZTNET_FIELD_LATEST_HANDSHAKES:
		fprintf(out, "%lld\n", (long long)peer->last_handshake_sec);
		break;
	case ZTNET_FIELD_TRANSFER:
		fprintf(out, "%" PRIu64 "\t%" PRIu64 "\n", peer->rx_bytes,
			peer->tx_bytes);
		break;
	case ZTNET_FIELD_PERSISTENT_KEEPALIVE:
		print_keepalive(out, peer);
		break;
	default:
		break;
	}
}

/* The fields with one line for the device rather than one per peer. */
static bool print_device_field(FILE *out, const struct ztnet_device *dev,
			       enum ztnet_field field)
{
	switch (field) {
	case ZTNET_FIELD_PUBLIC_KEY:
		print_maybe_key(out, dev->public_key, dev->has_public_key,
				'\n');
		return true;
	case ZTNET_FIELD_PRIVATE_KEY:
		print_maybe_key(out, dev->private_key, dev->has_private_key,
				'\n');
		return true;
	case ZTNET_FIELD_LISTEN_PORT:
		fprintf(out, "%u\n", dev->listen_port);
		return true;
	case ZTNET_FIELD_FWMARK:
		print_fwmark(out, dev, '\n');
		return true;
	case ZTNET_FIELD_DUMP:
		print_dump_device(out, dev);
		return false;	/* and then the peers */
	default:
		return false;
	}
}

void ztnet_fields_print(FILE *out, const struct ztnet_device *dev,
			enum ztnet_field field, bool with_interface)
{
	bool device_line = field == ZTNET_FIELD_DUMP ||
			   field <= ZTNET_FIELD_FWMARK;
	size_t i;

	if (field == ZTNET_FIELD_NONE || field == ZTNET_FIELD_FLOWS)
		return;
	if (field == ZTNET_FIELD_RULES || field == ZTNET_FIELD_POLICY) {
		(field == ZTNET_FIELD_RULES ? ztnet_rules_show :
		 ztnet_policy_show)(out, dev, with_interface ? dev->ifname : NULL);
		return;
	}
	if (device_line) {
		if (with_interface)
			fprintf(out, "%s\t", dev->ifname);
		if (print_device_field(out, dev, field))
			return;
	}
	for (i = 0; i < dev->peers_len; i++) {
		if (with_interface)
			fprintf(out, "%s\t", dev->ifname);
		print_peer_field(out, &dev->peers[i], field);
	}
}
