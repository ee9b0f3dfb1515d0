// SPDX-License-Identifier: GPL-2.0
/*
 * faultsend: makes the N-th allocation of one configuration change fail,
 * for the fault-injection selftest (180-faults).  What is not the change
 * itself (reading and encoding the file, opening the socket) is done
 * before the count starts, so that N counts only the allocations of
 * sending the change and of the kernel making it.
 *
 *   faultsend setconf DEV FILE N    the change "ztnet setconf DEV FILE" makes
 *   faultsend newlink NAME N        "ip link add NAME type ztnet"
 *   faultsend newlinks NAME N M [STEP]
 *                                   the same for N to M, every STEP-th (1), in
 *                                   one process, deleting what each made,
 *                                   until the N-th is not reached; one line
 *                                   each: "N injected|unreached ok|ERRNO
 *                                   device|none"
 *
 * N goes to /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION; failslab
 * and fail_page_alloc must be told to fail sleeping allocations too).
 * Prints "injected" if the N-th call came and was failed, or "not reached
 * after K calls"; then "ok", or "error ERRNO: MESSAGE".  Exits 0 when the
 * kernel answered at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ztnet.h>

#include "../../tools/conf.h"
#include "../../tools/encode.h"
#include "../../tools/endpoint.h"
#include "../../tools/fdio.h"
#include "../../tools/netlink.h"

static int fail_nth_fd = -1;
static unsigned long armed;

/* Everything after this counts toward N. */
static void arm(unsigned long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0 || write(fail_nth_fd, buf, len) != len) {
		perror("faultsend: /proc/thread-self/fail-nth");
		exit(2);
	}
	armed = n;
}

/* Stops counting; returns how many calls were left, 0 if the N-th came. */
static unsigned long disarm(void)
{
	char buf[32] = { 0 };
	unsigned long left;

	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		left = armed;
	else
		left = strtoul(buf, NULL, 10);
	if (write(fail_nth_fd, "0", 1) != 1)
		left = armed;
	close(fail_nth_fd);
	return left;
}

static void report_reach(unsigned long left)
{
	if (!left)
		printf("injected\n");
	else
		printf("not reached after %lu calls\n", armed - left);
}

static void report(int err, const char *ext_ack)
{
	if (err)
		printf("error %s: %s\n", strerrorname_np(-err) ?: "?", ext_ack);
	else
		printf("ok\n");
}

static int ignore_reply(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static bool read_conf(const char *path, struct ztnet_device *dev)
{
	struct ztnet_parse_error perr;
	char *text;
	size_t len;
	bool ok;

	if (!ztnet_read_file(path, &text, &len))
		return false;
	ok = ztnet_conf_parse(text, len, false, dev, &perr);
	free(text);
	return ok && ztnet_resolve_endpoints(dev) == 0;
}

static int do_setconf(const char *ifname, const char *path, unsigned long n)
{
	struct ztnet_set_cursor cur = { 0 };
	struct ztnet_device dev;
	struct ztnet_nl *nl = calloc(1, sizeof(*nl));
	int err = 0;

	if (!nl || !read_conf(path, &dev)) {
		fprintf(stderr, "faultsend: cannot read %s\n", path);
		return 2;
	}
	snprintf(dev.ifname, sizeof(dev.ifname), "%s", ifname);
	if (ztnet_nl_open(nl, ZTNET_GENL_NAME))
		return 2;
	arm(n);
	while (!err && !cur.done) {
		struct nlmsghdr *req = ztnet_nl_request(nl, ZTNET_CMD_SET_DEVICE, 0);

		if (!ztnet_set_encode(&dev, &cur, req, ZTNET_NL_SEND_SIZE))
			err = -EINVAL;
		else
			err = ztnet_nl_talk(nl, req, ignore_reply, NULL);
	}
	report_reach(disarm());
	report(err, nl->ext_ack);
	return 0;
}

/* Sends one rtnetlink request in buf and reads its answer: 0 or -errno. */
static int rtnl_talk(struct mnl_socket *sock, char *buf, size_t size)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int ret;

	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	ret = mnl_socket_recvfrom(sock, buf, size);
	if (ret < 0)
		return -errno;
	if (mnl_cb_run(buf, ret, nlh->nlmsg_seq, mnl_socket_get_portid(sock),
		       NULL, NULL) < 0)
		return -errno;
	return 0;
}

/* RTM_NEWLINK of a ztnet device NAME, or RTM_DELLINK of NAME, into buf. */
static void link_request(char *buf, uint16_t type, const char *name)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nlattr *info;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (type == RTM_NEWLINK)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = 1;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (type != RTM_NEWLINK)
		return;
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "ztnet");
	mnl_attr_nest_end(nlh, info);
}

static struct mnl_socket *rtnl_open(void)
{
	struct mnl_socket *sock = mnl_socket_open(NETLINK_ROUTE);

	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("faultsend: rtnetlink");
		exit(2);
	}
	return sock;
}

static int do_newlink(const char *name, unsigned long n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *sock = rtnl_open();
	int err;

	link_request(buf, RTM_NEWLINK, name);
	arm(n);
	err = rtnl_talk(sock, buf, sizeof(buf));
	report_reach(disarm());
	report(err, "");
	mnl_socket_close(sock);
	return 0;
}

/*
 * Each N in turn: a device left after a failure is reported, then
 * deleted, so that the next N starts from nothing.  Stops at the first N
 * the creation does not reach.
 */
static int do_newlinks(const char *name, unsigned long first,
		       unsigned long last, unsigned long step)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *sock = rtnl_open();
	bool left, reached;
	unsigned long n;
	int err;

	for (n = first; n <= last; n += step) {
		link_request(buf, RTM_NEWLINK, name);
		arm(n);
		err = rtnl_talk(sock, buf, sizeof(buf));
		reached = !disarm();
		left = if_nametoindex(name);
		printf("%lu %s %s %s\n", n, reached ? "injected" : "unreached",
		       err ? strerrorname_np(-err) ?: "?" : "ok",
		       left ? "device" : "none");
		if (left) {
			link_request(buf, RTM_DELLINK, name);
			if (rtnl_talk(sock, buf, sizeof(buf)))
				return 2;
		}
		if (!reached)
			break;
	}
	mnl_socket_close(sock);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "setconf"))
		return do_setconf(argv[2], argv[3], strtoul(argv[4], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "newlink"))
		return do_newlink(argv[2], strtoul(argv[3], NULL, 10));
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "newlinks"))
		return do_newlinks(argv[2], strtoul(argv[3], NULL, 10),
				   strtoul(argv[4], NULL, 10),
				   argc == 6 ? strtoul(argv[5], NULL, 10) ?: 1 : 1);
	fprintf(stderr, "usage: faultsend setconf DEV FILE N | newlink NAME N | newlinks NAME N M [STEP]\n");
	return 2;
}
