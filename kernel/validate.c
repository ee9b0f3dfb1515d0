// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of a SET_DEVICE request beyond what the attribute policies can
 * say: the meaning of keys, endpoints and allowed IPs.  It runs before any
 * of the request is applied, and needs nothing of a device, so that the
 * fuzz harness can compile it alone.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/socket.h>

#include "nlpolicy.h"
#include "validate.h"

static int ztnet_check_allowedip(const struct nlattr *attr,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZTALLOWEDIP_A_MAX + 1];
	int err, family, len;

	err = nla_parse_nested(tb, ZTALLOWEDIP_A_MAX, attr,
			       ztnet_allowedip_policy, extack);
	if (err)
		return err;
	if (!tb[ZTALLOWEDIP_A_FAMILY] || !tb[ZTALLOWEDIP_A_IPADDR] ||
	    !tb[ZTALLOWEDIP_A_CIDR_MASK]) {
		NL_SET_ERR_MSG(extack, "ztnet: an allowed IP needs family, address and CIDR");
		return -EINVAL;
	}
	family = nla_get_u16(tb[ZTALLOWEDIP_A_FAMILY]);
	len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	if (!len || nla_len(tb[ZTALLOWEDIP_A_IPADDR]) != len ||
	    nla_get_u8(tb[ZTALLOWEDIP_A_CIDR_MASK]) > len * 8) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "ztnet: allowed IP family, address length and CIDR disagree");
		return -EINVAL;
	}
	return 0;
}

static int ztnet_check_endpoint(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	const struct sockaddr *addr = nla_data(attr);
	int len = nla_len(attr);

	if ((addr->sa_family == AF_INET && len == sizeof(struct sockaddr_in)) ||
	    (addr->sa_family == AF_INET6 && len == sizeof(struct sockaddr_in6)))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "ztnet: endpoint is not a sockaddr_in or sockaddr_in6");
	return -EINVAL;
}

static int ztnet_check_peer_keys(struct nlattr **tb, struct netlink_ext_ack *extack)
{
	if (!tb[ZTPEER_A_PUBLIC_KEY]) {
		NL_SET_ERR_MSG(extack, "ztnet: a peer needs a public key");
		return -EINVAL;
	}
	if (tb[ZTPEER_A_LAST_HANDSHAKE_TIME] || tb[ZTPEER_A_RX_BYTES] ||
	    tb[ZTPEER_A_TX_BYTES] || tb[ZTPEER_A_ID]) {
		NL_SET_ERR_MSG(extack, "ztnet: peer statistics are read-only");
		return -EINVAL;
	}
	return 0;
}

static int ztnet_check_peer(const struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZTPEER_A_MAX + 1], *ip;
	int err, rem;

	err = nla_parse_nested(tb, ZTPEER_A_MAX, attr, ztnet_peer_policy, extack);
	if (err)
		return err;
	err = ztnet_check_peer_keys(tb, extack);
	if (!err && tb[ZTPEER_A_ENDPOINT])
		err = ztnet_check_endpoint(tb[ZTPEER_A_ENDPOINT], extack);
	if (err || !tb[ZTPEER_A_ALLOWEDIPS])
		return err;
	nla_for_each_nested(ip, tb[ZTPEER_A_ALLOWEDIPS], rem) {
		err = ztnet_check_allowedip(ip, extack);
		if (err)
			return err;
	}
	return 0;
}

int ztnet_validate_set(struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	struct nlattr *peer;
	int err, rem;

	if (attrs[ZTDEVICE_A_PUBLIC_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[ZTDEVICE_A_PUBLIC_KEY],
				    "ztnet: the public key is derived from the private key");
		return -EINVAL;
	}
	if (!attrs[ZTDEVICE_A_PEERS])
		return 0;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem) {
		err = ztnet_check_peer(peer, extack);
		if (err)
			return err;
	}
	return 0;
}

