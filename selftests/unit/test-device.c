// SPDX-License-Identifier: GPL-2.0
/* Parsing and printing GET_DEVICE replies: tools/device.c. */
#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "device.h"
#include "harness.h"
#include "key.h"
#include "nlbuild.h"
#include "pretty.h"
#include "show.h"

/* Room for any message these tests build; aligned like a recv buffer. */
static char buf[4096] __attribute__((aligned(8)));

static const char *const pub_b64 =
	"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";

static struct nlmsghdr *start_reply(uint8_t cmd)
{
	return ztnet_nlbuild_start(buf, sizeof(buf), GENL_MIN_ID + 1, cmd);
}

static struct nlmsghdr *start_device(const char *ifname)
{
	struct nlmsghdr *nlh = start_reply(ZTNET_CMD_GET_DEVICE);

	mnl_attr_put_u32(nlh, ZTDEVICE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, ifname);
	return nlh;
}

static void put_zeros(struct nlmsghdr *nlh, uint16_t type, size_t len)
{
	static const char zeros[64];

	mnl_attr_put(nlh, type, len, zeros);
}

static struct nlmsghdr *full_device(void)
{
	struct nlmsghdr *nlh = start_device("zt0");
	uint8_t key[ZTNET_KEY_LEN];

	memset(key, 0x11, sizeof(key));
	mnl_attr_put(nlh, ZTDEVICE_A_PRIVATE_KEY, sizeof(key), key);
	ztnet_key_from_base64(key, pub_b64, strlen(pub_b64));
	mnl_attr_put(nlh, ZTDEVICE_A_PUBLIC_KEY, sizeof(key), key);
	mnl_attr_put_u16(nlh, ZTDEVICE_A_LISTEN_PORT, 51820);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FWMARK, 0x2a);
	return nlh;
}

/* Prints dev to a string; the caller frees it. */
static char *printed(const struct ztnet_device *dev)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	ztnet_device_print(out, dev);
	fclose(out);
	return text;
}

static bool output_matches(const struct ztnet_device *dev, const char *want)
{
	char *got = printed(dev);
	bool same = strcmp(got, want) == 0;

	if (!same)
		printf("# got:\n# %s# want:\n# %s", got, want);
	free(got);
	return same;
}

static bool parses_full_reply(void)
{
	struct ztnet_device dev;
	uint8_t want[ZTNET_KEY_LEN];

	CHECK(ztnet_device_parse(full_device(), &dev));
	CHECK(dev.ifindex == 7);
	CHECK(strcmp(dev.ifname, "zt0") == 0);
	CHECK(dev.has_private_key && dev.has_public_key);
	memset(want, 0x11, sizeof(want));
	CHECK(ztnet_key_equal(dev.private_key, want));
	CHECK(dev.has_listen_port && dev.listen_port == 51820);
	CHECK(dev.has_fwmark && dev.fwmark == 0x2a);
	CHECK(output_matches(&dev,
		"interface: zt0\n"
		"  public key: hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\n"
		"  private key: (hidden)\n"
		"  listening port: 51820\n"
		"  fwmark: 0x2a\n"));
	ztnet_device_wipe(&dev);
	CHECK(!dev.has_private_key && ztnet_key_is_zero(dev.private_key));
	return true;
}

static bool prints_only_what_was_sent(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;

	CHECK(ztnet_device_parse(start_device("zt1"), &dev));
	CHECK(output_matches(&dev, "interface: zt1\n"));
	nlh = start_device("zt2");
	mnl_attr_put_u16(nlh, ZTDEVICE_A_LISTEN_PORT, 0);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FWMARK, 0);
	CHECK(ztnet_device_parse(nlh, &dev));
	CHECK(output_matches(&dev, "interface: zt2\n"));
	return true;
}

static bool accepts_longest_name(void)
{
	struct ztnet_device dev;

	CHECK(ztnet_device_parse(start_device("abcdefghijklmno"), &dev));
	CHECK(strcmp(dev.ifname, "abcdefghijklmno") == 0);
	return true;
}

static bool rejects_wrong_lengths(void)
{
	static const struct {
		uint16_t type;
		size_t len;
	} bad[] = {
		{ ZTDEVICE_A_IFINDEX, 0 },
		{ ZTDEVICE_A_IFINDEX, 2 },
		{ ZTDEVICE_A_IFINDEX, 8 },
		{ ZTDEVICE_A_PRIVATE_KEY, 0 },
		{ ZTDEVICE_A_PRIVATE_KEY, 31 },
		{ ZTDEVICE_A_PRIVATE_KEY, 33 },
		{ ZTDEVICE_A_PUBLIC_KEY, 16 },
		{ ZTDEVICE_A_PUBLIC_KEY, 64 },
		{ ZTDEVICE_A_LISTEN_PORT, 1 },
		{ ZTDEVICE_A_LISTEN_PORT, 4 },
		{ ZTDEVICE_A_FWMARK, 2 },
		{ ZTDEVICE_A_FWMARK, 8 },
		{ ZTDEVICE_A_IFNAME, 0 },
	};
	struct ztnet_device dev;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct nlmsghdr *nlh = start_device("zt0");

		put_zeros(nlh, bad[i].type, bad[i].len);
		if (ztnet_device_parse(nlh, &dev)) {
			printf("# accepted type %u length %zu\n",
			       bad[i].type, bad[i].len);
			return false;
		}
	}
	return true;
}

static bool rejects_bad_names(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;

	nlh = start_reply(ZTNET_CMD_GET_DEVICE);
	mnl_attr_put(nlh, ZTDEVICE_A_IFNAME, 3, "zt0");	/* no NUL */
	CHECK(!ztnet_device_parse(nlh, &dev));
	nlh = start_reply(ZTNET_CMD_GET_DEVICE);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "abcdefghijklmnop");
	CHECK(!ztnet_device_parse(nlh, &dev));
	nlh = start_reply(ZTNET_CMD_GET_DEVICE);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "");
	CHECK(!ztnet_device_parse(nlh, &dev));
	nlh = start_reply(ZTNET_CMD_GET_DEVICE);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_IFINDEX, 7);	/* no name */
	CHECK(!ztnet_device_parse(nlh, &dev));
	return true;
}

static bool rejects_bad_headers(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;

	nlh = start_reply(ZTNET_CMD_SET_DEVICE);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	CHECK(!ztnet_device_parse(nlh, &dev));
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, 2);	/* half a genlmsghdr */
	CHECK(!ztnet_device_parse(nlh, &dev));
	return true;
}

static bool rejects_truncated_attributes(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;
	struct nlattr *last;

	/* The last attribute claims more than the message holds. */
	nlh = start_device("zt0");
	last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FWMARK, 1);
	last->nla_len += 4;
	CHECK(!ztnet_device_parse(nlh, &dev));
	/* Bytes after the last attribute too few to be one. */
	nlh = start_device("zt0");
	nlh->nlmsg_len += 2;
	CHECK(!ztnet_device_parse(nlh, &dev));
	/* An attribute shorter than its own header. */
	nlh = start_device("zt0");
	last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FWMARK, 1);
	last->nla_len = 2;
	CHECK(!ztnet_device_parse(nlh, &dev));
	/* A message that ends inside its last attribute, at an odd length. */
	nlh = start_device("zt0");
	nlh->nlmsg_len -= 2;
	CHECK(!ztnet_device_parse(nlh, &dev));
	return true;
}

static bool ignores_unknown_attributes(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh = start_device("zt0");

	put_zeros(nlh, ZTDEVICE_A_MAX + 1, 5);
	put_zeros(nlh, ZTDEVICE_A_UNSPEC, 3);
	put_zeros(nlh, ZTDEVICE_A_FLAGS, 8);
	mnl_attr_nest_end(nlh, mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS));
	CHECK(ztnet_device_parse(nlh, &dev));
	CHECK(output_matches(&dev, "interface: zt0\n"));
	return true;
}

static bool wipes_on_failure(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh = full_device();

	put_zeros(nlh, ZTDEVICE_A_LISTEN_PORT, 3);
	CHECK(!ztnet_device_parse(nlh, &dev));
	CHECK(!dev.has_private_key && ztnet_key_is_zero(dev.private_key));
	CHECK(dev.ifname[0] == '\0');
	return true;
}

/* Feeds replies for the given names to `show` in mode; returns the text. */
static char *show_output(enum ztnet_show_mode mode, const char *const *names,
			 size_t count)
{
	struct ztnet_show_output output = { .mode = mode };
	char *text = NULL;
	size_t len = 0, i;

	output.out = open_memstream(&text, &len);
	if (!output.out)
		abort();
	for (i = 0; i < count; i++) {
		struct nlmsghdr *nlh = start_device(names[i]);

		if (i == 0)
			mnl_attr_put_u16(nlh, ZTDEVICE_A_LISTEN_PORT, 1234);
		if (ztnet_show_device_reply(nlh, &output) != MNL_CB_OK)
			abort();
	}
	ztnet_show_finish(&output);
	fclose(output.out);
	return text;
}

static bool show_output_is(enum ztnet_show_mode mode, size_t count,
			   const char *want)
{
	static const char *const names[] = { "zt0", "zt1", "office" };
	char *got = show_output(mode, names, count);
	bool same = strcmp(got, want) == 0;

	if (!same)
		printf("# got:\n# %s# want:\n# %s", got, want);
	free(got);
	return same;
}

static bool show_separates_devices(void)
{
	CHECK(show_output_is(ZTNET_SHOW_ALL, 3,
		"interface: zt0\n"
		"  listening port: 1234\n"
		"\n"
		"interface: zt1\n"
		"\n"
		"interface: office\n"));
	CHECK(show_output_is(ZTNET_SHOW_ONE, 1,
		"interface: zt0\n  listening port: 1234\n"));
	CHECK(show_output_is(ZTNET_SHOW_ALL, 0, ""));
	return true;
}

static bool show_interfaces_on_one_line(void)
{
	CHECK(show_output_is(ZTNET_SHOW_INTERFACES, 3, "zt0 zt1 office\n"));
	CHECK(show_output_is(ZTNET_SHOW_INTERFACES, 1, "zt0\n"));
	CHECK(show_output_is(ZTNET_SHOW_INTERFACES, 0, ""));
	return true;
}

static bool show_refuses_malformed_reply(void)
{
	struct ztnet_show_output output = { .mode = ZTNET_SHOW_ALL };
	struct nlmsghdr *nlh = start_device("zt0");
	char *text = NULL;
	size_t len = 0;

	put_zeros(nlh, ZTDEVICE_A_PUBLIC_KEY, 31);
	output.out = open_memstream(&text, &len);
	CHECK(output.out);
	errno = 0;
	CHECK(ztnet_show_device_reply(nlh, &output) == MNL_CB_ERROR);
	CHECK(errno == EBADMSG);
	fclose(output.out);
	CHECK(len == 0 && output.devices == 0);
	free(text);
	return true;
}

static const struct test_case cases[] = {
	{ "parses and prints a full reply", parses_full_reply },
	{ "prints only attributes sent and not zero", prints_only_what_was_sent },
	{ "accepts a 15-character name", accepts_longest_name },
	{ "rejects attributes of the wrong length", rejects_wrong_lengths },
	{ "rejects bad or missing names", rejects_bad_names },
	{ "rejects bad generic netlink headers", rejects_bad_headers },
	{ "rejects truncated attributes", rejects_truncated_attributes },
	{ "ignores unknown attributes", ignores_unknown_attributes },
	{ "wipes the device when parsing fails", wipes_on_failure },
	{ "show separates devices by a blank line", show_separates_devices },
	{ "show interfaces prints one line", show_interfaces_on_one_line },
	{ "show refuses a malformed reply", show_refuses_malformed_reply },
};

TEST_SUITE(device_suite, "device", cases);
