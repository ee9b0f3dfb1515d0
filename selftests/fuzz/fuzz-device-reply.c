// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the parsing of GET_DEVICE replies (tools/device.c): a reply comes
 * from whatever module answers to "ztnet" and must never crash the tool.
 *
 * The input is a whole message, netlink and generic netlink headers
 * included, so every header field is fuzzed.  Only nlmsg_len is set to
 * the input's size: mnl_cb_run hands on a message only when nlmsg_len
 * fits what was received, and an allocation of exactly that size lets ASan
 * catch any read past the end.
 *
 * A reply that parses is printed in every view, and joined with itself
 * the way a device split over several replies is joined; its policy's
 * [Policy] section, as showconf prints it, must read back as the same
 * rules.  The same bytes are also read as a SET_DEVICE request, the
 * tests' decoder, as a GET_FLOWS reply and as an event for `monitor`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "decode.h"
#include "err.h"
#include "confprint.h"
#include "event.h"
#include "flows.h"
#include "policy.h"
#include "device.h"
#include "fields.h"
#include "key.h"
#include "pretty.h"

static FILE *devnull;

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-device-reply: invariant broken: %s\n",
			what);
		abort();
	}
}

static bool is_wiped(const struct ztnet_device *dev)
{
	static const struct ztnet_device zero;

	return memcmp(dev, &zero, sizeof(zero)) == 0;
}

static void print_views(const struct ztnet_device *dev)
{
	enum ztnet_field field;
	size_t i, j;

	for (field = ZTNET_FIELD_PUBLIC_KEY; field <= ZTNET_FIELD_FLOWS; field++)
		ztnet_fields_print(devnull, dev, field, field % 2);
	ztnet_conf_print(devnull, dev);
	for (i = 0; i < dev->peers_len; i++) {
		const struct ztnet_peer *peer = &dev->peers[i];

		for (j = 0; j < peer->allowedips_len; j++) {
			const struct ztnet_allowedip *ip = &peer->allowedips[j];

			require((ip->family == AF_INET && ip->cidr <= 32) ||
				(ip->family == AF_INET6 && ip->cidr <= 128),
				"allowed IPs are whole");
		}
	}
}

/* What showconf prints of the policy, setconf reads as the same rules. */
static void check_policy_text(const struct ztnet_device *dev)
{
	struct ztnet_parse_error err;
	struct ztnet_device again;
	char *text = NULL;
	size_t len = 0, i;
	FILE *out;

	if (!dev->policy)
		return;
	out = open_memstream(&text, &len);
	require(out, "open_memstream");
	ztnet_policy_conf_print(out, dev->policy);
	fclose(out);
	require(ztnet_conf_parse(text, len, false, &again, &err),
		"the [Policy] of a reply parses");
	require(again.policy->rules_len == dev->policy->rules_len,
		"the [Policy] of a reply has every rule");
	for (i = 0; i < dev->policy->rules_len; i++)
		require(ztnet_rule_equal(&again.policy->rules[i].rule,
					 &dev->policy->rules[i].rule),
			"every rule of a reply reads back the same");
	ztnet_device_wipe(&again);
	free(text);
}

/* The other messages the tool reads: nothing to crash on either. */
static void other_messages(const struct nlmsghdr *nlh)
{
	struct ztnet_flows_output flows = { .out = devnull };

	ztnet_flows_reply(nlh, &flows);
	ztnet_event_print(devnull, nlh, NULL, false);
	ztnet_event_print(devnull, nlh, "zt0", true);
}

/* The second slice's first peer continues the first slice's last. */
static void join_with_itself(const struct nlmsghdr *nlh,
			     struct ztnet_device *dev)
{
	struct ztnet_device part;
	size_t before = dev->peers_len;
	bool seam = before && ztnet_key_equal(dev->peers[0].public_key,
					      dev->peers[before - 1].public_key);

	require(ztnet_device_parse(nlh, &part), "a reply parses twice");
	require(ztnet_device_same(dev, &part), "a reply is its own device");
	ztnet_device_absorb(dev, &part);
	require(dev->peers_len == 2 * before - seam,
		"the peers of two slices are joined at the seam");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	require(devnull, "open /dev/null");
	/* A reply's printed config parsed again may warn of host bits. */
	ztnet_warnings_off = true;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;

	if (size < sizeof(*nlh) || size > UINT32_MAX)
		return 0;
	nlh = malloc(size);
	require(nlh, "malloc");
	memcpy(nlh, data, size);
	nlh->nlmsg_len = (uint32_t)size;

	memset(&dev, 0xa5, sizeof(dev));
	if (ztnet_device_parse(nlh, &dev)) {
		require(dev.ifname[0] != '\0', "a device has a name");
		require(strnlen(dev.ifname, IFNAMSIZ) < IFNAMSIZ,
			"the name is NUL-terminated");
		ztnet_device_print(devnull, &dev);
		print_views(&dev);
		check_policy_text(&dev);
		join_with_itself(nlh, &dev);
	} else {
		require(is_wiped(&dev), "a refused reply leaves dev wiped");
	}
	ztnet_device_wipe(&dev);
	memset(&dev, 0xa5, sizeof(dev));
	if (!ztnet_request_parse(nlh, &dev))
		require(is_wiped(&dev), "a refused request leaves dev wiped");
	ztnet_device_wipe(&dev);
	other_messages(nlh);
	free(nlh);
	return 0;
}
