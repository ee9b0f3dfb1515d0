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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"

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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	require(devnull, "open /dev/null");
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
	} else {
		require(is_wiped(&dev), "a refused reply leaves dev wiped");
	}
	ztnet_device_wipe(&dev);
	free(nlh);
	return 0;
}
