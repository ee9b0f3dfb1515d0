// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "decode.h"
#include "err.h"
#include "exitcode.h"
#include "query.h"

int ztnet_collect_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct ztnet_collect *c = arg;
	struct ztnet_device part;

	if (!ztnet_device_parse(nlh, &part)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (c->have_current && ztnet_device_same(&c->current, &part)) {
		ztnet_device_absorb(&c->current, &part);
		return MNL_CB_OK;
	}
	if (c->have_current && !c->flush(&c->current, c->arg)) {
		c->have_current = false;
		ztnet_device_wipe(&part);
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	c->current = part;
	c->have_current = true;
	return MNL_CB_OK;
}

bool ztnet_collect_finish(struct ztnet_collect *c)
{
	if (!c->have_current)
		return true;
	c->have_current = false;
	return c->flush(&c->current, c->arg);
}

void ztnet_collect_discard(struct ztnet_collect *c)
{
	if (c->have_current)
		ztnet_device_wipe(&c->current);
	c->have_current = false;
}

struct one_device {
	struct ztnet_device *dev;
	bool found;
};

/* A dump for one name that yields two devices is not from ztnet. */
static bool keep_one(struct ztnet_device *dev, void *arg)
{
	struct one_device *one = arg;

	if (one->found) {
		ztnet_device_wipe(dev);
		return false;
	}
	*one->dev = *dev;
	one->found = true;
	return true;
}

static int query_once(struct ztnet_nl *nl, const char *ifname,
		      struct ztnet_device *dev)
{
	struct one_device one = { .dev = dev };
	struct ztnet_collect collect = { .flush = keep_one, .arg = &one };
	struct nlmsghdr *req;
	int err;

	memset(dev, 0, sizeof(*dev));
	req = ztnet_nl_request(nl, ZTNET_CMD_GET_DEVICE, NLM_F_DUMP);
	mnl_attr_put_strz(req, ZTDEVICE_A_IFNAME, ifname);
	err = ztnet_nl_talk(nl, req, ztnet_collect_reply, &collect);
	if (!err && !ztnet_collect_finish(&collect))
		err = -EBADMSG;
	ztnet_collect_discard(&collect);
	if (!err && !one.found)
		err = -ENODEV;
	if (err)
		ztnet_device_wipe(dev);
	return err;
}

/* A dump cut by a change of the configuration is read again, as wg does. */
#define ZTNET_QUERY_TRIES 10

int ztnet_query_device_raw(struct ztnet_nl *nl, const char *ifname,
			   struct ztnet_device *dev)
{
	int err, tries = 0;

	do
		err = query_once(nl, ifname, dev);
	while (err == -EINTR && ++tries < ZTNET_QUERY_TRIES);
	return err;
}

int ztnet_query_device_nl(struct ztnet_nl *nl, const char *ifname,
			  struct ztnet_device *dev)
{
	int err = ztnet_query_device_raw(nl, ifname, dev);

	if (!err)
		return ZTNET_EXIT_OK;
	/* A module that ignored the name would dump nothing, not fail. */
	if (err == -ENODEV && !nl->kernel_error) {
		ztnet_err("no such ztnet device: %s", ifname);
		return ZTNET_EXIT_NO_DEVICE;
	}
	return ztnet_nl_report(nl, err, ifname);
}

int ztnet_query_device(const char *ifname, struct ztnet_device *dev)
{
	struct ztnet_nl nl;
	int ret;

	memset(dev, 0, sizeof(*dev));
	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = ztnet_query_device_nl(&nl, ifname, dev);
	ztnet_nl_close(&nl);
	return ret;
}
