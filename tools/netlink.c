// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <ztnet.h>

#include "err.h"
#include "exitcode.h"
#include "key.h"
#include "netlink.h"

/* The state of one ztnet_nl_talk, shared by its callbacks. */
struct talk {
	struct ztnet_nl *nl;
	mnl_cb_t cb;
	void *data;
	int error;		/* negative errno, 0 if none */
};

static int ext_ack_attr(const struct nlattr *attr, void *arg)
{
	struct ztnet_nl *nl = arg;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(nl->ext_ack, sizeof(nl->ext_ack), "%s",
			 mnl_attr_get_str(attr));
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_OFFS)
		nl->ext_ack_has_offset = true;
	return MNL_CB_OK;
}

/* Reads the extended ACK attributes that start offset bytes into nlh. */
static void read_ext_ack(struct ztnet_nl *nl, const struct nlmsghdr *nlh,
			 size_t offset)
{
	offset = MNL_ALIGN(offset);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, (unsigned int)offset, ext_ack_attr, nl);
}

static int kernel_failed(struct talk *t, int error)
{
	t->error = error < 0 ? error : -EPROTO;
	t->nl->kernel_error = true;
	return MNL_CB_ERROR;
}

/*
 * Without NETLINK_CAP_ACK the kernel echoes our whole request after the
 * error code, and the extended ACK follows the echo.
 */
static size_t echoed_payload_len(const struct nlmsghdr *nlh,
				 const struct nlmsgerr *e)
{
	if (nlh->nlmsg_flags & NLM_F_CAPPED ||
	    e->msg.nlmsg_len < sizeof(e->msg))
		return 0;
	return e->msg.nlmsg_len - sizeof(e->msg);
}

/* NLMSG_ERROR is the ACK of a request when its error is zero. */
static int on_error(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = arg;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		t->error = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	read_ext_ack(t->nl, nlh, sizeof(*e) + echoed_payload_len(nlh, e));
	return kernel_failed(t, e->error);
}

/* A dump that fails part way ends with NLMSG_DONE carrying the error. */
static int on_done(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;
	int error;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(error))
		return MNL_CB_STOP;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error == 0)
		return MNL_CB_STOP;
	read_ext_ack(t->nl, nlh, sizeof(error));
	return kernel_failed(t, error);
}

static int on_overrun(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;

	(void)nlh;
	t->error = -ENOBUFS;
	return MNL_CB_ERROR;
}

static int on_data(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;
	int ret;

	errno = 0;
	ret = t->cb(nlh, t->data);
	if (ret == MNL_CB_ERROR)
		t->error = errno ? -errno : -EBADMSG;
	return ret;
}

/* Not const: libmnl 1.0.4 takes a mutable array. */
static mnl_cb_t control_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = on_error,
	[NLMSG_DONE] = on_done,
	[NLMSG_OVERRUN] = on_overrun,
};

static int receive_replies(struct ztnet_nl *nl, uint32_t seq, struct talk *t)
{
	for (;;) {
		ssize_t len;
		int ret;

		len = mnl_socket_recvfrom(nl->sock, nl->recv_buf,
					  sizeof(nl->recv_buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run2(nl->recv_buf, (size_t)len, seq, nl->portid,
				  on_data, t, control_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR)
			return t->error ? t->error : -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static void enable_ext_ack(struct ztnet_nl *nl);

/*
 * A dump read no further than an error that is not the kernel's last word
 * (NLM_F_DUMP_INTR, or a reply we refused) goes on in the kernel: its rest
 * would answer the next request, or make it busy.  Closing the socket ends
 * it; requests go on over a new one.
 */
static void end_dump(struct ztnet_nl *nl)
{
	struct mnl_socket *sock = mnl_socket_open(NETLINK_GENERIC);

	if (!sock)
		return;
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(sock);
		return;
	}
	mnl_socket_close(nl->sock);
	nl->sock = sock;
	nl->portid = mnl_socket_get_portid(sock);
	enable_ext_ack(nl);
}

int ztnet_nl_talk(struct ztnet_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		  void *data)
{
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	int err;

	nl->kernel_error = false;
	nl->ext_ack[0] = '\0';
	nl->ext_ack_has_offset = false;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -errno;
	err = receive_replies(nl, req->nlmsg_seq, &t);
	if (err && (req->nlmsg_flags & NLM_F_DUMP) && !nl->kernel_error)
		end_dump(nl);
	return err;
}

static struct nlmsghdr *put_request(struct ztnet_nl *nl, uint16_t type,
				    uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	/*
	 * libmnl 1.0.4 leaves attribute padding as it finds it: start from
	 * zeros so that no stale bytes, perhaps of a key, reach the kernel.
	 */
	ztnet_wipe(nl->send_buf, sizeof(nl->send_buf));
	nlh = mnl_nlmsg_put_header(nl->send_buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	if (!(flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ZTNET_GENL_VERSION;
	return nlh;
}

struct nlmsghdr *ztnet_nl_request(struct ztnet_nl *nl, uint8_t cmd,
				  uint16_t flags)
{
	return put_request(nl, nl->family_id, cmd, flags);
}

/* One element of CTRL_ATTR_MCAST_GROUPS: keeps the events group's id. */
static int mcast_group_attr(const struct nlattr *attr, void *arg)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };
	const struct nlattr *inner;
	struct ztnet_nl *nl = arg;

	mnl_attr_for_each_nested(inner, attr) {
		uint16_t type = mnl_attr_get_type(inner);

		if (type <= CTRL_ATTR_MCAST_GRP_MAX)
			tb[type] = inner;
	}
	if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID] ||
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME], MNL_TYPE_NUL_STRING) < 0 ||
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID], MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	if (strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
		   ZTNET_MCGRP_EVENTS) == 0)
		nl->events_group = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int family_attr(const struct nlattr *attr, void *arg)
{
	struct ztnet_nl *nl = arg;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS) {
		mnl_attr_parse_nested(attr, mcast_group_attr, nl);
		return MNL_CB_OK;
	}
	if (mnl_attr_get_type(attr) != CTRL_ATTR_FAMILY_ID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	nl->family_id = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int on_family(const struct nlmsghdr *nlh, void *arg)
{
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr,
			      arg);
}

static int resolve_family(struct ztnet_nl *nl, const char *family)
{
	struct nlmsghdr *req;
	int err;

	req = put_request(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, family);
	nl->family_id = 0;
	nl->events_group = 0;
	err = ztnet_nl_talk(nl, req, on_family, nl);
	if (err == -ENOENT && nl->kernel_error) {
		if (strcmp(family, ZTNET_GENL_NAME) == 0)
			ztnet_err("the ztnet module is not loaded (try: modprobe ztnet)");
		else
			ztnet_err("generic netlink family '%s' not found", family);
		return ZTNET_EXIT_NO_MODULE;
	}
	if (err == 0 && nl->family_id == 0)
		err = -EBADMSG;
	return err ? ztnet_nl_report(nl, err, NULL) : ZTNET_EXIT_OK;
}

/* The module's messages name it, for tools that do not; ours does. */
static const char *ext_ack_text(const struct ztnet_nl *nl)
{
	static const char prefix[] = "ztnet: ";

	if (strncmp(nl->ext_ack, prefix, sizeof(prefix) - 1) == 0)
		return nl->ext_ack + sizeof(prefix) - 1;
	return nl->ext_ack;
}

/* Asks for short, capped ACKs with a reason; old kernels may refuse. */
static void enable_ext_ack(struct ztnet_nl *nl)
{
	int one = 1;

	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
}

int ztnet_nl_open(struct ztnet_nl *nl, const char *family)
{
	int ret;

	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		ztnet_err("cannot open a netlink socket: %s", strerror(errno));
		return ZTNET_EXIT_FAILURE;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		ztnet_err("cannot bind the netlink socket: %s",
			  strerror(errno));
		ztnet_nl_close(nl);
		return ZTNET_EXIT_FAILURE;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	enable_ext_ack(nl);
	ret = resolve_family(nl, family);
	if (ret != ZTNET_EXIT_OK)
		ztnet_nl_close(nl);
	return ret;
}

void ztnet_nl_close(struct ztnet_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	ztnet_wipe(nl->send_buf, sizeof(nl->send_buf));
	ztnet_wipe(nl->recv_buf, sizeof(nl->recv_buf));
}

static int report_kernel_error(const struct ztnet_nl *nl, int err,
			       const char *ifname)
{
	switch (err) {
	case EPERM:
	case EACCES:
		ztnet_err("not permitted (need CAP_NET_ADMIN)");
		return ZTNET_EXIT_NOT_PERMITTED;
	case EOPNOTSUPP:
		/* An attribute the module does not implement, not the device. */
		if (nl->ext_ack_has_offset)
			break;
		__attribute__((fallthrough));
	case ENODEV:
		if (!ifname)
			break;
		ztnet_err("no such ztnet device: %s", ifname);
		return ZTNET_EXIT_NO_DEVICE;
	}
	if (nl->ext_ack[0])
		ztnet_err("%s: %s", strerror(err), ext_ack_text(nl));
	else
		ztnet_err("%s", strerror(err));
	return ZTNET_EXIT_FAILURE;
}

static int report_local_error(int err)
{
	switch (err) {
	case EBADMSG:
		ztnet_err("malformed reply from the kernel");
		break;
	case EINTR:
		ztnet_err("the devices changed during the dump; try again");
		break;
	default:
		ztnet_err("netlink: %s", strerror(err));
	}
	return ZTNET_EXIT_FAILURE;
}

int ztnet_nl_report(const struct ztnet_nl *nl, int err, const char *ifname)
{
	if (err == 0)
		return ZTNET_EXIT_OK;
	if (nl->kernel_error)
		return report_kernel_error(nl, -err, ifname);
	return report_local_error(-err);
}
