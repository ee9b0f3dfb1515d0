// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "apply.h"
#include "encode.h"
#include "err.h"
#include "exitcode.h"
#include "key.h"

/* SET_DEVICE answers with an ACK only; anything else is ignored. */
static int ignore_reply(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_OK;
}

int ztnet_apply_send(struct ztnet_nl *nl, const struct ztnet_device *dev)
{
	struct ztnet_set_cursor cur = { .oversize = ZTNET_NL_SEND_MAX };

	while (!cur.done) {
		struct nlmsghdr *req;
		int err;

		req = ztnet_nl_request(nl, ZTNET_CMD_SET_DEVICE, 0);
		if (!ztnet_set_encode(dev, &cur, req, ZTNET_NL_SEND_SIZE)) {
			nl->kernel_error = false;
			return -EMSGSIZE;
		}
		err = ztnet_nl_talk(nl, req, ignore_reply, NULL);
		if (err)
			return err;
	}
	return 0;
}

/* WireGuard takes such a peer, and never sends to it: say so. */
static void warn_unusable_keys(const struct ztnet_device *dev)
{
	char b64[ZTNET_KEY_B64_LEN + 1];
	size_t i;

	for (i = 0; i < dev->peers_len; i++) {
		if (dev->peers[i].remove_me ||
		    ztnet_key_usable(dev->peers[i].public_key))
			continue;
		ztnet_key_to_base64(b64, dev->peers[i].public_key);
		ztnet_warn("peer %s has a zero or low-order public key: nothing will ever be sent to it",
			   b64);
	}
}

int ztnet_apply_nl(struct ztnet_nl *nl, const struct ztnet_device *dev)
{
	int err;

	warn_unusable_keys(dev);
	err = ztnet_apply_send(nl, dev);

	if (err == -EMSGSIZE && !nl->kernel_error) {
		ztnet_err("cannot encode the configuration");
		return ZTNET_EXIT_FAILURE;
	}
	return err ? ztnet_nl_report(nl, err, dev->ifname) : ZTNET_EXIT_OK;
}

int ztnet_apply(const struct ztnet_device *dev)
{
	struct ztnet_nl nl;
	int ret;

	ret = ztnet_nl_open(&nl, ZTNET_GENL_NAME);
	if (ret != ZTNET_EXIT_OK)
		return ret;
	ret = ztnet_apply_nl(&nl, dev);
	ztnet_nl_close(&nl);
	return ret;
}
