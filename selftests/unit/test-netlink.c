// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink conversation of tools/netlink.c.  The ztnet module cannot
 * be loaded on the build host, so the live tests talk to the generic
 * netlink controller ("nlctrl"), which every kernel has; the error
 * reporting is tested with made-up errors.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>

#include <ztnet.h>

#include "exitcode.h"
#include "harness.h"
#include "netlink.h"

static struct ztnet_nl nl;

static bool have_netlink(void)
{
	struct mnl_socket *sock = mnl_socket_open(NETLINK_GENERIC);

	if (!sock)
		return false;
	mnl_socket_close(sock);
	return true;
}

static int open_family(void *name)
{
	return ztnet_nl_open(&nl, name);
}

static bool resolves_a_family(void)
{
	char err[256];

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	CHECK(capture_stderr(open_family, "nlctrl", err, sizeof(err)) ==
	      ZTNET_EXIT_OK);
	CHECK(err[0] == '\0');
	CHECK(nl.family_id == GENL_ID_CTRL);
	ztnet_nl_close(&nl);
	CHECK(nl.sock == NULL);
	return true;
}

static bool missing_family_is_status_4(void)
{
	char err[256];

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	CHECK(capture_stderr(open_family, "ztnet-test-none", err,
			     sizeof(err)) == ZTNET_EXIT_NO_MODULE);
	CHECK(strcmp(err, "ztnet: generic netlink family 'ztnet-test-none' "
			  "not found\n") == 0);
	return true;
}

static bool missing_module_message(void)
{
	char err[256];
	int ret;

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	ret = capture_stderr(open_family, ZTNET_GENL_NAME, err, sizeof(err));
	if (ret == ZTNET_EXIT_OK) {
		ztnet_nl_close(&nl);
		return test_skip("the ztnet module is loaded");
	}
	CHECK(ret == ZTNET_EXIT_NO_MODULE);
	CHECK(strcmp(err, "ztnet: the ztnet module is not loaded "
			  "(try: modprobe ztnet)\n") == 0);
	return true;
}

struct family_count {
	unsigned int families;
	bool saw_nlctrl;
};

static int family_name_attr(const struct nlattr *attr, void *arg)
{
	struct family_count *count = arg;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_NAME &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0 &&
	    strcmp(mnl_attr_get_str(attr), "nlctrl") == 0)
		count->saw_nlctrl = true;
	return MNL_CB_OK;
}

static int on_family(const struct nlmsghdr *nlh, void *arg)
{
	struct family_count *count = arg;

	count->families++;
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr),
			      family_name_attr, count);
}

static bool dumps_until_done(void)
{
	struct family_count count = { 0 };
	struct nlmsghdr *req;
	char err[256];

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	CHECK(capture_stderr(open_family, "nlctrl", err, sizeof(err)) == 0);
	req = ztnet_nl_request(&nl, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	CHECK(ztnet_nl_talk(&nl, req, on_family, &count) == 0);
	ztnet_nl_close(&nl);
	CHECK(count.families >= 1 && count.saw_nlctrl);
	return true;
}

static int count_replies(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	++*(unsigned int *)arg;
	return MNL_CB_OK;
}

static bool returns_kernel_errors(void)
{
	unsigned int replies = 0;
	struct nlmsghdr *req;
	char err[256];
	int ret;

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	CHECK(capture_stderr(open_family, "nlctrl", err, sizeof(err)) == 0);
	/* GETFAMILY that names no family is refused. */
	req = ztnet_nl_request(&nl, CTRL_CMD_GETFAMILY, 0);
	ret = ztnet_nl_talk(&nl, req, count_replies, &replies);
	ztnet_nl_close(&nl);
	CHECK(ret == -EINVAL);
	CHECK(nl.kernel_error);
	CHECK(replies == 0);
	return true;
}

static bool reads_the_extended_ack(void)
{
	struct nlmsghdr *req;
	char err[256];
	int ret;

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	CHECK(capture_stderr(open_family, "nlctrl", err, sizeof(err)) == 0);
	/* Longer than GENL_NAMSIZ: the policy check says why it failed. */
	req = ztnet_nl_request(&nl, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME,
			  "a-family-name-far-too-long-for-genl");
	ret = ztnet_nl_talk(&nl, req, count_replies, NULL);
	ztnet_nl_close(&nl);
	CHECK(ret == -EINVAL && nl.kernel_error);
	CHECK(nl.ext_ack[0] != '\0');
	return true;
}

static bool waits_for_the_ack(void)
{
	unsigned int replies = 0;
	struct nlmsghdr *req;
	char err[256];
	int ret;

	if (!have_netlink())
		return test_skip("no generic netlink socket");
	CHECK(capture_stderr(open_family, "nlctrl", err, sizeof(err)) == 0);
	req = ztnet_nl_request(&nl, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	ret = ztnet_nl_talk(&nl, req, count_replies, &replies);
	ztnet_nl_close(&nl);
	CHECK(ret == 0);
	CHECK(replies == 1);
	return true;
}

struct report_case {
	bool kernel;
	int err;
	const char *ifname;
	const char *ext_ack;
	int status;
	const char *line;
};

static int report(void *arg)
{
	const struct report_case *rc = arg;

	nl.kernel_error = rc->kernel;
	snprintf(nl.ext_ack, sizeof(nl.ext_ack), "%s", rc->ext_ack);
	nl.ext_ack_has_offset = false;
	return ztnet_nl_report(&nl, rc->err, rc->ifname);
}

static bool maps_errors_to_statuses(void)
{
	static const struct report_case cases[] = {
		{ true, -EPERM, "zt0", "", 6,
		  "ztnet: not permitted (need CAP_NET_ADMIN)\n" },
		{ true, -EACCES, NULL, "", 6,
		  "ztnet: not permitted (need CAP_NET_ADMIN)\n" },
		{ true, -ENODEV, "zt9", "", 5,
		  "ztnet: no such ztnet device: zt9\n" },
		{ true, -EOPNOTSUPP, "eth0", "", 5,
		  "ztnet: no such ztnet device: eth0\n" },
		{ true, -EOPNOTSUPP, NULL, "", 1,
		  "ztnet: Operation not supported\n" },
		{ true, -EINVAL, NULL, "unknown flags", 1,
		  "ztnet: Invalid argument: unknown flags\n" },
		/* The module's own prefix is not said twice. */
		{ true, -E2BIG, NULL, "ztnet: too many peers", 1,
		  "ztnet: Argument list too long: too many peers\n" },
		{ false, -EBADMSG, NULL, "", 1,
		  "ztnet: malformed reply from the kernel\n" },
		{ false, -ENOSPC, NULL, "", 1,
		  "ztnet: netlink: No space left on device\n" },
		{ false, 0, NULL, "", 0, "" },
	};
	char err[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = capture_stderr(report, (void *)&cases[i], err,
					 sizeof(err));

		if (ret != cases[i].status || strcmp(err, cases[i].line)) {
			printf("# case %zu: status %d, line %s", i, ret, err);
			return false;
		}
	}
	return true;
}

static int report_unimplemented(void *arg)
{
	(void)arg;
	nl.kernel_error = true;
	snprintf(nl.ext_ack, sizeof(nl.ext_ack), "not implemented yet");
	nl.ext_ack_has_offset = true;
	return ztnet_nl_report(&nl, -EOPNOTSUPP, "zt0");
}

/* An extended ACK that points at an attribute blames it, not the device. */
static bool unimplemented_attribute_is_not_a_missing_device(void)
{
	char err[256];

	CHECK(capture_stderr(report_unimplemented, NULL, err, sizeof(err)) ==
	      1);
	CHECK(strcmp(err, "ztnet: Operation not supported: "
			  "not implemented yet\n") == 0);
	nl.ext_ack_has_offset = false;
	return true;
}

static const struct test_case cases[] = {
	{ "resolves a family", resolves_a_family },
	{ "a missing family is status 4", missing_family_is_status_4 },
	{ "a missing module says modprobe", missing_module_message },
	{ "a dump runs until NLMSG_DONE", dumps_until_done },
	{ "a request waits for its ACK", waits_for_the_ack },
	{ "kernel errors come back as -errno", returns_kernel_errors },
	{ "reads the extended ACK message", reads_the_extended_ack },
	{ "errors map to exit statuses", maps_errors_to_statuses },
	{ "an unimplemented attribute is not a missing device",
	  unimplemented_attribute_is_not_a_missing_device },
};

TEST_SUITE(netlink_suite, "netlink", cases);
