// SPDX-License-Identifier: GPL-2.0
/*
 * Messages to a struct ztnet_device: GET_DEVICE replies for the tool,
 * SET_DEVICE requests for the tests.  A reply comes from whatever module
 * answers to "ztnet", so every length is checked before it is read and
 * anything malformed refuses the whole message.
 */
#include <linux/genetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "attr.h"
#include "decode.h"
#include "device.h"
#include "key.h"
#include "policy.h"
#include "ruleattr.h"

/* What one attribute stream is parsed for. */
struct decode {
	struct ztnet_device *dev;
	struct ztnet_peer *peer;
	struct ztnet_allowedip *ip;
	bool request;		/* a SET_DEVICE request: flags count */
	bool has_key;		/* the peer named itself */
	bool has_family, has_cidr;
	uint16_t addr_len;	/* 0: no address yet */
};

static const struct ztnet_attr_rule device_rules[ZTDEVICE_A_MAX + 1] = {
	[ZTDEVICE_A_IFINDEX] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTDEVICE_A_IFNAME] = ZTNET_ATTR_STRING(IFNAMSIZ),
	[ZTDEVICE_A_PRIVATE_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTDEVICE_A_PUBLIC_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTDEVICE_A_FLAGS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTDEVICE_A_LISTEN_PORT] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTDEVICE_A_FWMARK] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTDEVICE_A_PEERS] = ZTNET_ATTR_NESTED,
	[ZTDEVICE_A_STAGED] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTDEVICE_A_POLICY] = ZTNET_ATTR_NESTED,
};

static const struct ztnet_attr_rule peer_rules[ZTPEER_A_MAX + 1] = {
	[ZTPEER_A_PUBLIC_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTPEER_A_PRESHARED_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTPEER_A_FLAGS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPEER_A_ENDPOINT] = { .known = true,
				.min_len = sizeof(struct sockaddr_in),
				.max_len = sizeof(struct sockaddr_in6) },
	[ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL] =
		ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTPEER_A_LAST_HANDSHAKE_TIME] = ZTNET_ATTR_FIXED(2 * sizeof(int64_t)),
	[ZTPEER_A_RX_BYTES] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTPEER_A_TX_BYTES] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTPEER_A_ALLOWEDIPS] = ZTNET_ATTR_NESTED,
	[ZTPEER_A_PROTOCOL_VERSION] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTPEER_A_GROUPS] = ZTNET_ATTR_NESTED,
	[ZTPEER_A_ID] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
};

static const struct ztnet_attr_rule allowedip_rules[ZTALLOWEDIP_A_MAX + 1] = {
	[ZTALLOWEDIP_A_FAMILY] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTALLOWEDIP_A_IPADDR] = { .known = true,
				   .min_len = sizeof(struct in_addr),
				   .max_len = sizeof(struct in6_addr) },
	[ZTALLOWEDIP_A_CIDR_MASK] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTALLOWEDIP_A_FLAGS] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
};

/* The rule for attr, or NULL to skip it; *bad if it breaks its rule. */
static const struct ztnet_attr_rule *
checked_rule(const struct nlattr *attr, const struct ztnet_attr_rule *rules,
	     uint16_t max_type, bool *bad)
{
	const struct ztnet_attr_rule *rule;

	rule = ztnet_attr_rule(attr, rules, max_type);
	*bad = rule && !ztnet_attr_valid(attr, rule);
	return rule;
}

/* Runs cb on each element of a nested array whose types do not matter. */
static bool parse_array(const struct nlattr *nest, mnl_attr_cb_t cb,
			struct decode *d)
{
	if (!ztnet_attr_nested_complete(nest))
		return false;
	return mnl_attr_parse_nested(nest, cb, d) == MNL_CB_OK;
}

static bool allowedip_complete(const struct decode *d)
{
	if (!d->has_family || !d->has_cidr)
		return false;
	if (d->ip->family == AF_INET)
		return d->addr_len == sizeof(struct in_addr) && d->ip->cidr <= 32;
	if (d->ip->family == AF_INET6)
		return d->addr_len == sizeof(struct in6_addr) &&
		       d->ip->cidr <= 128;
	return false;
}

/* Flags count in a request only, as for a peer's. */
static bool store_allowedip_flags(struct ztnet_allowedip *ip,
				  const struct nlattr *attr)
{
	uint32_t flags = mnl_attr_get_u32(attr);

	ip->remove_me = flags & ZTALLOWEDIP_F_REMOVE_ME;
	return !(flags & ~(uint32_t)__ZTALLOWEDIP_F_ALL);
}

static int allowedip_attr(const struct nlattr *attr, void *arg)
{
	struct decode *d = arg;
	bool bad;

	if (!checked_rule(attr, allowedip_rules, ZTALLOWEDIP_A_MAX, &bad))
		return MNL_CB_OK;
	if (bad)
		return MNL_CB_ERROR;
	switch (mnl_attr_get_type(attr)) {
	case ZTALLOWEDIP_A_FAMILY:
		d->ip->family = mnl_attr_get_u16(attr);
		d->has_family = true;
		break;
	case ZTALLOWEDIP_A_IPADDR:
		d->addr_len = mnl_attr_get_payload_len(attr);
		memcpy(&d->ip->ip6, mnl_attr_get_payload(attr), d->addr_len);
		break;
	case ZTALLOWEDIP_A_CIDR_MASK:
		d->ip->cidr = mnl_attr_get_u8(attr);
		d->has_cidr = true;
		break;
	case ZTALLOWEDIP_A_FLAGS:
		if (d->request && !store_allowedip_flags(d->ip, attr))
			return MNL_CB_ERROR;
		break;
	}
	return MNL_CB_OK;
}

static int allowedip_elem(const struct nlattr *attr, void *arg)
{
	struct decode *d = arg;
	struct ztnet_allowedip ip = { 0 };
	struct decode sub = { .ip = &ip, .request = d->request };

	if (!parse_array(attr, allowedip_attr, &sub) ||
	    !allowedip_complete(&sub))
		return MNL_CB_ERROR;
	ztnet_peer_add_allowedip(d->peer, &ip);
	return MNL_CB_OK;
}

static bool store_endpoint(struct ztnet_peer *peer, const struct nlattr *attr)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	memcpy(&peer->endpoint, mnl_attr_get_payload(attr), len);
	if (peer->endpoint.addr.sa_family == AF_INET)
		return len == sizeof(struct sockaddr_in);
	if (peer->endpoint.addr.sa_family == AF_INET6)
		return len == sizeof(struct sockaddr_in6);
	return false;
}

static bool store_peer_flags(struct ztnet_peer *peer, uint32_t flags)
{
	peer->remove_me = flags & ZTPEER_F_REMOVE_ME;
	peer->replace_allowedips = flags & ZTPEER_F_REPLACE_ALLOWEDIPS;
	peer->update_only = flags & ZTPEER_F_UPDATE_ONLY;
	return !(flags & ~(uint32_t)__ZTPEER_F_ALL);
}

static void store_handshake(struct ztnet_peer *peer, const struct nlattr *attr)
{
	int64_t ts[2];

	memcpy(ts, mnl_attr_get_payload(attr), sizeof(ts));
	peer->last_handshake_sec = ts[0];
	peer->last_handshake_nsec = ts[1];
}

static void store_preshared_key(struct decode *d, const struct nlattr *attr)
{
	struct ztnet_peer *peer = d->peer;

	memcpy(peer->preshared_key, mnl_attr_get_payload(attr), ZTNET_KEY_LEN);
	/* A reply of zeros means none; a request of zeros removes it. */
	peer->has_preshared_key = d->request ||
				  !ztnet_key_is_zero(peer->preshared_key);
}

static bool store_peer_attr(struct decode *d, const struct nlattr *attr)
{
	struct ztnet_peer *peer = d->peer;

	switch (mnl_attr_get_type(attr)) {
	case ZTPEER_A_PUBLIC_KEY:
		memcpy(peer->public_key, mnl_attr_get_payload(attr),
		       ZTNET_KEY_LEN);
		d->has_key = true;
		return true;
	case ZTPEER_A_PRESHARED_KEY:
		store_preshared_key(d, attr);
		return true;
	case ZTPEER_A_FLAGS:
		return !d->request ||
		       store_peer_flags(peer, mnl_attr_get_u32(attr));
	case ZTPEER_A_ENDPOINT:
		return store_endpoint(peer, attr);
	case ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
		peer->keepalive = mnl_attr_get_u16(attr);
		peer->has_keepalive = true;
		return true;
	case ZTPEER_A_LAST_HANDSHAKE_TIME:
		store_handshake(peer, attr);
		return true;
	case ZTPEER_A_RX_BYTES:
		peer->rx_bytes = mnl_attr_get_u64(attr);
		return true;
	case ZTPEER_A_TX_BYTES:
		peer->tx_bytes = mnl_attr_get_u64(attr);
		return true;
	case ZTPEER_A_ALLOWEDIPS:
		return parse_array(attr, allowedip_elem, d);
	case ZTPEER_A_GROUPS:
		return ztnet_groups_get(attr, peer);
	case ZTPEER_A_ID:
		peer->id = mnl_attr_get_u64(attr);
		return true;
	}
	return true;	/* the protocol version: 1 is all there is */
}

static int peer_attr(const struct nlattr *attr, void *arg)
{
	struct decode *d = arg;
	bool bad;

	if (!checked_rule(attr, peer_rules, ZTPEER_A_MAX, &bad))
		return MNL_CB_OK;
	if (bad || !store_peer_attr(d, attr))
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

static int peer_elem(const struct nlattr *attr, void *arg)
{
	struct decode *d = arg;
	struct ztnet_peer peer = { 0 };
	struct decode sub = { .peer = &peer, .request = d->request };

	if (!parse_array(attr, peer_attr, &sub) || !sub.has_key) {
		ztnet_peer_wipe(&peer);
		return MNL_CB_ERROR;
	}
	ztnet_device_take_peer(d->dev, &peer);
	return MNL_CB_OK;
}

static void store_key(uint8_t key[ZTNET_KEY_LEN], bool *has,
		      const struct nlattr *attr)
{
	memcpy(key, mnl_attr_get_payload(attr), ZTNET_KEY_LEN);
	*has = true;
}

static bool store_device_attr(struct decode *d, const struct nlattr *attr)
{
	struct ztnet_device *dev = d->dev;
	uint32_t flags;

	switch (mnl_attr_get_type(attr)) {
	case ZTDEVICE_A_IFINDEX:
		dev->ifindex = mnl_attr_get_u32(attr);
		break;
	case ZTDEVICE_A_IFNAME:
		/* The rule guarantees a NUL within IFNAMSIZ bytes. */
		strcpy(dev->ifname, mnl_attr_get_str(attr));
		break;
	case ZTDEVICE_A_PRIVATE_KEY:
		store_key(dev->private_key, &dev->has_private_key, attr);
		break;
	case ZTDEVICE_A_PUBLIC_KEY:
		store_key(dev->public_key, &dev->has_public_key, attr);
		break;
	case ZTDEVICE_A_FLAGS:
		flags = mnl_attr_get_u32(attr);
		dev->replace_peers = flags & ZTDEVICE_F_REPLACE_PEERS;
		dev->staged = flags & ZTDEVICE_F_STAGE;
		return !(flags & ~(uint32_t)__ZTDEVICE_F_ALL);
	case ZTDEVICE_A_STAGED:
		dev->staged_count = mnl_attr_get_u32(attr);
		dev->has_staged_count = true;
		break;
	case ZTDEVICE_A_LISTEN_PORT:
		dev->listen_port = mnl_attr_get_u16(attr);
		dev->has_listen_port = true;
		break;
	case ZTDEVICE_A_FWMARK:
		dev->fwmark = mnl_attr_get_u32(attr);
		dev->has_fwmark = true;
		break;
	case ZTDEVICE_A_PEERS:
		return parse_array(attr, peer_elem, d);
	case ZTDEVICE_A_POLICY:
		/*
		 * One per request.  A reply's settings come in the first
		 * message, and its rules after the peers, which may be a
		 * second nest of the same message.
		 */
		if (d->request && dev->policy)
			return false;
		return ztnet_policy_get(attr, d->request, ztnet_policy_of(dev));
	}
	return true;
}

static int device_attr(const struct nlattr *attr, void *arg)
{
	struct decode *d = arg;
	bool bad;

	/* Flags are a request's; a reply's are ignored, like unknown types. */
	if (!d->request && mnl_attr_get_type(attr) == ZTDEVICE_A_FLAGS)
		return MNL_CB_OK;
	if (!checked_rule(attr, device_rules, ZTDEVICE_A_MAX, &bad))
		return MNL_CB_OK;
	if (bad || !store_device_attr(d, attr))
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

static bool parse_message(const struct nlmsghdr *nlh, uint8_t cmd,
			  struct ztnet_device *dev)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct decode d = {
		.dev = dev, .request = cmd == ZTNET_CMD_SET_DEVICE,
	};

	memset(dev, 0, sizeof(*dev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) || genl->cmd != cmd)
		return false;
	if (!ztnet_attr_payload_complete(nlh, sizeof(*genl)) ||
	    mnl_attr_parse(nlh, sizeof(*genl), device_attr, &d) !=
	    MNL_CB_OK || dev->ifname[0] == '\0') {
		ztnet_device_wipe(dev);
		return false;
	}
	return true;
}

bool ztnet_device_parse(const struct nlmsghdr *nlh, struct ztnet_device *dev)
{
	return parse_message(nlh, ZTNET_CMD_GET_DEVICE, dev);
}

bool ztnet_request_parse(const struct nlmsghdr *nlh, struct ztnet_device *dev)
{
	return parse_message(nlh, ZTNET_CMD_SET_DEVICE, dev);
}
