// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "links.h"
#include "value.h"

/* A dump cut by a change of the links (NLM_F_DUMP_INTR) is read again. */
#define ZTNET_LINKS_TRIES 10
/* Enough for any message of a dump, which the kernel sizes to fit ours. */
#define ZTNET_LINKS_BUF 32768

struct link_attrs {
	const char *ifname;
	const char *kind;
};

static int info_attr(const struct nlattr *attr, void *arg)
{
	struct link_attrs *a = arg;

	if (mnl_attr_get_type(attr) == IFLA_INFO_KIND &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		a->kind = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

static int link_attr(const struct nlattr *attr, void *arg)
{
	struct link_attrs *a = arg;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			a->ifname = mnl_attr_get_str(attr);
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0)
			mnl_attr_parse_nested(attr, info_attr, a);
		break;
	}
	return MNL_CB_OK;
}

static int link_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct ztnet_names *list = arg;
	struct link_attrs a = { 0 };
	char (*grown)[IFNAMSIZ];

	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr, &a);
	if (!a.ifname || !a.kind || strcmp(a.kind, "ztnet") != 0 ||
	    !ztnet_ifname_valid(a.ifname))
		return MNL_CB_OK;
	grown = realloc(list->names, (list->len + 1) * sizeof(*grown));
	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	list->names = grown;
	strcpy(grown[list->len++], a.ifname);
	return MNL_CB_OK;
}

static int dump_links(struct mnl_socket *sock, uint32_t seq,
		      struct ztnet_names *list)
{
	static char buf[ZTNET_LINKS_BUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	uint32_t portid = mnl_socket_get_portid(sock);
	struct ifinfomsg *ifm;
	ssize_t n;
	int ret;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	list->len = 0;
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, link_reply, list);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -errno : 0;
}

/*
 * One dump on a socket of its own: a dump cut short (NLM_F_DUMP_INTR)
 * goes on in the kernel, so a retry on the same socket would read its
 * rest, or be refused as busy.  Closing the socket ends it.
 */
static int try_links(uint32_t seq, struct ztnet_names *list)
{
	struct mnl_socket *sock = mnl_socket_open(NETLINK_ROUTE);
	int err;

	if (!sock)
		return -errno;
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		err = -errno;
	else
		err = dump_links(sock, seq, list);
	mnl_socket_close(sock);
	return err;
}

int ztnet_links_list(struct ztnet_names *list)
{
	uint32_t seq = (uint32_t)time(NULL);
	int err, tries = 0;

	do
		err = try_links(seq + (uint32_t)tries, list);
	while (err == -EINTR && ++tries < ZTNET_LINKS_TRIES);
	if (err)
		ztnet_names_free(list);
	return err;
}

void ztnet_names_free(struct ztnet_names *list)
{
	free(list->names);
	list->names = NULL;
	list->len = 0;
}
