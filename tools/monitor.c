// SPDX-License-Identifier: GPL-2.0
/*
 * ztnet monitor [<interface>] [--json]: the policy's events as they
 * happen, one line each (event.h), flushed at once so that a pipe into
 * a script or journald sees every line when it happens.
 */
#include <errno.h>
#include <string.h>
#include <ztnet.h>

#include "command.h"
#include "err.h"
#include "event.h"
#include "exitcode.h"
#include "netlink.h"
#include "value.h"

struct monitor {
	const char *ifname;	/* NULL: every device */
	bool json;
};

static int on_event(const struct nlmsghdr *nlh, void *arg)
{
	struct monitor *m = arg;

	/* A malformed event is skipped: the next may be fine. */
	if (ztnet_event_print(stdout, nlh, m->ifname, m->json) ==
	    ZTNET_EVENT_PRINTED && fflush(stdout) != 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

static int listen_events(struct ztnet_nl *nl, struct monitor *m)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->recv_buf,
						sizeof(nl->recv_buf));

		if (n < 0 && errno == ENOBUFS) {
			/* The socket overflowed: say so, and go on. */
			ztnet_err("events were lost: the receive buffer overflowed");
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ztnet_err("cannot receive events: %s", strerror(errno));
			return ZTNET_EXIT_FAILURE;
		}
		if (mnl_cb_run(nl->recv_buf, (size_t)n, 0, 0, on_event, m) < 0) {
			ztnet_err("cannot write the output: %s", strerror(errno));
			return ZTNET_EXIT_FAILURE;
		}
	}
}

static int subscribe(struct ztnet_nl *nl)
{
	unsigned int group = nl->events_group;

	if (!group) {
		ztnet_err("the ztnet module sends no events (too old?)");
		return ZTNET_EXIT_FAILURE;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0) {
		ztnet_err("cannot listen to the events: %s", strerror(errno));
		return errno == EPERM || errno == EACCES ?
		       ZTNET_EXIT_NOT_PERMITTED : ZTNET_EXIT_FAILURE;
	}
	return ZTNET_EXIT_OK;
}

static bool parse_args(int argc, char *argv[], struct monitor *m)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0 && !m->json)
			m->json = true;
		else if (!m->ifname && ztnet_ifname_valid(argv[i]) &&
			 argv[i][0] != '-')
			m->ifname = argv[i];
		else
			return false;
	}
	return true;
}

static int run_monitor(int argc, char *argv[])
{
	struct monitor m = { 0 };
	struct ztnet_nl nl;
	int ret;

	if (!parse_args(argc, argv, &m))
		return ztnet_usage_error(&ztnet_cmd_monitor);
	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = subscribe(&nl);
	if (ret == ZTNET_EXIT_OK)
		ret = listen_events(&nl, &m);
	ztnet_nl_close(&nl);
	return ret;
}

const struct ztnet_command ztnet_cmd_monitor = {
	.name = "monitor",
	.args = "[<interface>] [--json]",
	.summary = "print the policy's events as they happen, one a line",
	.run = run_monitor,
};
