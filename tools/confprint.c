// SPDX-License-Identifier: GPL-2.0
/* A device in the configuration format, as `wg showconf` prints it. */
#include "confprint.h"
#include "format.h"
#include "key.h"
#include "policy.h"

static void print_interface(FILE *out, const struct ztnet_device *dev)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	fputs("[Interface]\n", out);
	if (dev->listen_port)
		fprintf(out, "ListenPort = %u\n", dev->listen_port);
	if (dev->fwmark)
		fprintf(out, "FwMark = 0x%x\n", dev->fwmark);
	if (dev->has_private_key) {
		ztnet_key_to_base64(b64, dev->private_key);
		fprintf(out, "PrivateKey = %s\n", b64);
		ztnet_wipe(b64, sizeof(b64));
	}
	fputc('\n', out);
}

static void print_peer(FILE *out, const struct ztnet_peer *peer)
{
	char b64[ZTNET_KEY_B64_LEN + 1], endpoint[ZTNET_ENDPOINT_STRLEN];
	char ip[ZTNET_ALLOWEDIP_STRLEN];
	size_t i;

	ztnet_key_to_base64(b64, peer->public_key);
	fprintf(out, "[Peer]\nPublicKey = %s\n", b64);
	if (peer->has_preshared_key) {
		ztnet_key_to_base64(b64, peer->preshared_key);
		fprintf(out, "PresharedKey = %s\n", b64);
		ztnet_wipe(b64, sizeof(b64));
	}
	/* A device has no removals; a file parsed for a request may. */
	for (i = 0; i < peer->allowedips_len; i++) {
		ztnet_format_allowedip(ip, &peer->allowedips[i]);
		fprintf(out, "%s%s%s", i ? ", " : "AllowedIPs = ",
			peer->allowedips[i].remove_me ? "-" : "", ip);
	}
	if (peer->allowedips_len)
		fputc('\n', out);
	if (ztnet_format_endpoint(endpoint, sizeof(endpoint), &peer->endpoint))
		fprintf(out, "Endpoint = %s\n", endpoint);
	if (peer->keepalive)
		fprintf(out, "PersistentKeepalive = %u\n", peer->keepalive);
	if (peer->groups_len) {
		fputs("Groups = ", out);
		ztnet_groups_print(out, peer, ", ");
		fputc('\n', out);
	}
}

void ztnet_conf_print(FILE *out, const struct ztnet_device *dev)
{
	size_t i;

	print_interface(out, dev);
	/* A device at the defaults shows what wg would: no [Policy]. */
	if (dev->policy && !ztnet_policy_is_default(dev->policy)) {
		ztnet_policy_conf_print(out, dev->policy);
		fputc('\n', out);
	}
	for (i = 0; i < dev->peers_len; i++) {
		if (i)
			fputc('\n', out);
		print_peer(out, &dev->peers[i]);
	}
}
