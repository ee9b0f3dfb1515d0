// SPDX-License-Identifier: GPL-2.0
/*
 * The "ztnet" generic netlink family: how ztnet(8) reads and changes a
 * device.  The ABI is documented in uapi/ztnet.h.
 */

#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "config.h"
#include "debug.h"
#include "device.h"
#include "flownl.h"
#include "netlink.h"
#include "peer.h"
#include "polconf.h"
#include "polnl.h"
#include "nlpolicy.h"
#include "txn.h"
#include "validate.h"

static struct genl_family ztnet_genl_family;

/*
 * Where a GET_DEVICE dump resumes, kept in netlink_callback::ctx.  A dump
 * of one device goes peer by peer, and a peer's allowed IPs may continue
 * in the next message; a dump of all devices lists only their names.
 */
struct ztnet_dump_ctx {
	u32 ifindex;		/* the one device asked for, or 0 for all */
	/* next_rule: the next rule to send, by place, once the peers are out. */
	u32 device_sent:1, peers_done:1, done:1, next_rule:29;
	union {
		/* A dump of one device. */
		struct {
			/* Its id: another device may take its ifindex. */
			u64 device_id;
			struct ztnet_peer *next_peer;	/* holds a reference */
			struct ztnet_allowedips_cursor cursor;
		};
		/* A dump of all devices: how many were listed already. */
		u32 sent;
	};
};

static struct net_device *ztnet_find_device(struct net *net,
					    struct nlattr **attrs)
{
	if (attrs[ZTDEVICE_A_IFINDEX])
		return dev_get_by_index(net, nla_get_u32(attrs[ZTDEVICE_A_IFINDEX]));
	return dev_get_by_name(net, nla_data(attrs[ZTDEVICE_A_IFNAME]));
}

/* Returns the ztnet device a request names, with a reference held. */
static struct net_device *ztnet_lookup_device(struct net *net,
					      struct nlattr **attrs,
					      struct netlink_ext_ack *extack)
{
	struct nlattr *ifname = attrs[ZTDEVICE_A_IFNAME];
	struct net_device *dev;

	if (!attrs[ZTDEVICE_A_IFINDEX] && !ifname) {
		NL_SET_ERR_MSG(extack, "ztnet: name the device by ifindex or ifname");
		return ERR_PTR(-EINVAL);
	}
	dev = ztnet_find_device(net, attrs);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "ztnet: no such device");
		return ERR_PTR(-ENODEV);
	}
	if (attrs[ZTDEVICE_A_IFINDEX] && ifname &&
	    strcmp(dev->name, nla_data(ifname))) {
		NL_SET_ERR_MSG_ATTR(extack, ifname,
				    "ztnet: ifindex and ifname name different devices");
		goto put_einval;
	}
	if (!ztnet_device_is_ours(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG(extack, "ztnet: not a ztnet device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;

put_einval:
	dev_put(dev);
	return ERR_PTR(-EINVAL);
}

static void *ztnet_put_header(struct sk_buff *skb, struct net_device *dev,
			      struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &ztnet_genl_family, NLM_F_MULTI, ZTNET_CMD_GET_DEVICE);
	if (!hdr)
		return NULL;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, ZTDEVICE_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, ZTDEVICE_A_IFNAME, dev->name)) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

/* The private key goes only to those who could set it: see the family. */
static int ztnet_put_device_config(struct sk_buff *skb, struct ztnet_device *zt)
{
	const struct ztnet_identity *id = &zt->identity;

	if (nla_put_u16(skb, ZTDEVICE_A_LISTEN_PORT, zt->listen_port) ||
	    nla_put_u32(skb, ZTDEVICE_A_FWMARK, zt->fwmark))
		return -EMSGSIZE;
	if (id->has_identity &&
	    (nla_put(skb, ZTDEVICE_A_PRIVATE_KEY, ZTNET_KEY_LEN, id->private_key) ||
	     nla_put(skb, ZTDEVICE_A_PUBLIC_KEY, ZTNET_KEY_LEN, id->public_key)))
		return -EMSGSIZE;
	return ztnet_polnl_put_settings(skb, zt);
}

/* Copies what the data path may change while the dump reads it. */
static void ztnet_peer_snapshot(struct ztnet_peer *peer,
				struct ztnet_endpoint *endpoint,
				u8 psk[ZTNET_KEY_LEN])
{
	read_lock_bh(&peer->endpoint_lock);
	*endpoint = peer->endpoint;
	read_unlock_bh(&peer->endpoint_lock);
	down_read(&peer->handshake.lock);
	memcpy(psk, peer->handshake.preshared_key, ZTNET_KEY_LEN);
	up_read(&peer->handshake.lock);
}

static int ztnet_put_peer_config(struct sk_buff *skb, struct ztnet_peer *peer)
{
	struct __kernel_timespec handshake = {
		.tv_sec = peer->last_handshake.tv_sec,
		.tv_nsec = peer->last_handshake.tv_nsec,
	};
	struct ztnet_endpoint endpoint;
	u8 psk[ZTNET_KEY_LEN];
	int endpoint_len, err = -EMSGSIZE;

	ztnet_peer_snapshot(peer, &endpoint, psk);
	endpoint_len = endpoint.addr.sa_family == AF_INET ? sizeof(endpoint.addr4) :
		       endpoint.addr.sa_family == AF_INET6 ? sizeof(endpoint.addr6) : 0;
	if (nla_put(skb, ZTPEER_A_PRESHARED_KEY, ZTNET_KEY_LEN, psk) ||
	    nla_put(skb, ZTPEER_A_LAST_HANDSHAKE_TIME, sizeof(handshake), &handshake) ||
	    nla_put_u16(skb, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
			peer->persistent_keepalive_interval) ||
	    nla_put_u64_64bit(skb, ZTPEER_A_TX_BYTES, atomic64_read(&peer->tx_bytes), 0) ||
	    nla_put_u64_64bit(skb, ZTPEER_A_RX_BYTES, atomic64_read(&peer->rx_bytes), 0) ||
	    nla_put_u32(skb, ZTPEER_A_PROTOCOL_VERSION, 1) ||
	    nla_put_u64_64bit(skb, ZTPEER_A_ID, peer->internal_id, 0))
		goto out;
	if (endpoint_len &&
	    nla_put(skb, ZTPEER_A_ENDPOINT, endpoint_len, &endpoint.addr))
		goto out;
	err = ztnet_polnl_put_groups(skb, peer->device, peer->public_key);
out:
	memzero_explicit(psk, sizeof(psk));
	return err;
}

static int ztnet_put_allowedip(struct sk_buff *skb,
			       const struct ztnet_allowedips_entry *entry)
{
	struct nlattr *nest = nla_nest_start(skb, 0);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, ZTALLOWEDIP_A_FAMILY, entry->family) ||
	    nla_put(skb, ZTALLOWEDIP_A_IPADDR,
		    entry->family == AF_INET ? 4 : 16, entry->addr) ||
	    nla_put_u8(skb, ZTALLOWEDIP_A_CIDR_MASK, entry->cidr)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Puts as many of the peer's allowed IPs as fit, counting them in *put.
 * Returns 0 when all are in, -EMSGSIZE when the message is full, -EAGAIN
 * when the table changed under a dump that spans messages.
 */
static int ztnet_put_allowedips(struct sk_buff *skb, struct ztnet_device *zt,
				struct ztnet_peer *peer,
				struct ztnet_allowedips_cursor *cursor,
				unsigned int *put)
{
	struct ztnet_allowedips_entry entry;
	struct nlattr *list;
	int err;

	list = nla_nest_start(skb, ZTPEER_A_ALLOWEDIPS);
	if (!list)
		return -EMSGSIZE;
	while (!(err = ztnet_allowedips_cursor_peek(&zt->allowedips,
						    &peer->allowedips_list,
						    cursor, &entry))) {
		err = ztnet_put_allowedip(skb, &entry);
		if (err)
			break;
		ztnet_allowedips_cursor_advance(&zt->allowedips,
						&peer->allowedips_list, cursor);
		++*put;
	}
	nla_nest_end(skb, list);
	return err == -ENOENT ? 0 : err;
}

/*
 * A peer's first chunk carries its settings; later ones only its IPs.  A
 * first chunk that would hold none of its allowed IPs is not sent: the
 * whole peer goes in the next message, so that its settings come once.
 */
static int ztnet_put_peer(struct sk_buff *skb, struct ztnet_device *zt,
			  struct ztnet_peer *peer,
			  struct ztnet_allowedips_cursor *cursor)
{
	struct nlattr *nest = nla_nest_start(skb, 0);
	bool first = !cursor->started;
	unsigned int put = 0;
	int err;

	if (!nest)
		return -EMSGSIZE;
	err = nla_put(skb, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, peer->public_key);
	if (!err && first)
		err = ztnet_put_peer_config(skb, peer);
	if (!err)
		err = ztnet_put_allowedips(skb, zt, peer, cursor, &put);
	if (err == -EMSGSIZE && !put) {
		nla_nest_cancel(skb, nest);
		/* A walk that had not begun begins again next time. */
		if (first)
			ztnet_allowedips_cursor_init(cursor);
		return err;
	}
	nla_nest_end(skb, nest);
	return err;
}

static void ztnet_dump_hold_next(struct ztnet_dump_ctx *ctx,
				 struct ztnet_peer *peer)
{
	ztnet_peer_put(ctx->next_peer);
	ctx->next_peer = peer ? ztnet_peer_get_maybe_zero(peer) : NULL;
}

/* Returns 0 when every peer is out, or -EMSGSIZE when the message is full. */
static int ztnet_put_peers(struct sk_buff *skb, struct ztnet_device *zt,
			   struct ztnet_dump_ctx *ctx)
{
	struct ztnet_peer *peer = ctx->next_peer;
	struct nlattr *peers;
	int err = 0;

	/* A peer removed since the last message ends the dump early. */
	if (peer && peer->dead)
		return 0;
	if (!peer)
		peer = list_first_entry_or_null(&zt->peer_list,
						struct ztnet_peer, peer_list);
	if (!peer)
		return 0;
	peers = nla_nest_start(skb, ZTDEVICE_A_PEERS);
	if (!peers)
		return -EMSGSIZE;
	list_for_each_entry_from(peer, &zt->peer_list, peer_list) {
		err = ztnet_put_peer(skb, zt, peer, &ctx->cursor);
		if (err == -EMSGSIZE) {
			ztnet_dump_hold_next(ctx, peer);
			break;
		}
		ztnet_allowedips_cursor_init(&ctx->cursor);
		if (err)	/* changed under us: the header says so */
			break;
	}
	nla_nest_end(skb, peers);
	return err == -EMSGSIZE ? err : 0;
}

static int ztnet_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			  struct ztnet_device *zt)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;
	u32 next_rule;
	void *hdr;
	int err = 0;

	cb->seq = zt->config_seq;
	hdr = ztnet_put_header(skb, zt->dev, cb);
	if (!hdr)
		return -EMSGSIZE;
	if (!ctx->device_sent)
		err = ztnet_put_device_config(skb, zt);
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	ctx->device_sent = 1;
	/* Once out, the peers are not sent again for the rules that follow. */
	if (!ctx->peers_done) {
		err = ztnet_put_peers(skb, zt, ctx);
		if (!err) {
			ctx->peers_done = 1;
			ztnet_dump_hold_next(ctx, NULL);
		}
	}
	if (!err) {
		next_rule = ctx->next_rule;
		err = ztnet_polnl_put_rules(skb, zt, &next_rule);
		ctx->next_rule = next_rule;
	}
	genlmsg_end(skb, hdr);
	if (!err) {
		ztnet_dump_hold_next(ctx, NULL);
		ctx->done = 1;
	}
	return 0;
}

static int ztnet_dump_device(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;
	struct net_device *dev;
	struct ztnet_device *zt;
	int err;

	if (ctx->done)
		return 0;
	dev = dev_get_by_index(sock_net(skb->sk), ctx->ifindex);
	if (!dev || !ztnet_device_is_ours(dev)) {
		dev_put(dev);
		return 0;	/* gone since the dump started */
	}
	zt = netdev_priv(dev);
	/* The device went, and another took its ifindex: the dump ends. */
	if (zt->id != ctx->device_id) {
		dev_put(dev);
		return 0;
	}
	mutex_lock(&zt->update_lock);
	err = ztnet_dump_one(skb, cb, zt);
	mutex_unlock(&zt->update_lock);
	dev_put(dev);
	return err ?: skb->len;
}

static int ztnet_put_device_name(struct sk_buff *skb, struct net_device *dev,
				 struct netlink_callback *cb)
{
	void *hdr = ztnet_put_header(skb, dev, cb);

	if (!hdr)
		return -EMSGSIZE;
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Errors found here reach the caller as a plain netlink error, which is why
 * the named device is looked up now and not in the first dumpit call.
 */
static int ztnet_get_device_start(struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;
	struct nlattr **attrs = ztnet_compat_dump_attrs(cb);
	struct net_device *dev;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	memset(ctx, 0, sizeof(*ctx));
	if (!attrs[ZTDEVICE_A_IFINDEX] && !attrs[ZTDEVICE_A_IFNAME])
		return 0;

	dev = ztnet_lookup_device(sock_net(cb->skb->sk), attrs, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ztnet_allowedips_cursor_init(&ctx->cursor);
	ctx->ifindex = dev->ifindex;
	ctx->device_id = ((struct ztnet_device *)netdev_priv(dev))->id;
	dev_put(dev);
	return 0;
}

static int ztnet_get_device_done(struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;

	if (!ctx->ifindex)
		return 0;
	ztnet_peer_put(ctx->next_peer);
	ctx->next_peer = NULL;
	return 0;
}

/*
 * The device list only changes under RTNL, and dev_base_seq counts those
 * changes: a dump that spans a change is flagged NLM_F_DUMP_INTR.
 */
static int ztnet_dump_names(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	u32 seen = 0;
	int err = 0;

	rtnl_lock();
	cb->seq = net->dev_base_seq;
	for_each_netdev(net, dev) {
		if (!ztnet_device_is_ours(dev) || seen++ < ctx->sent)
			continue;
		err = ztnet_put_device_name(skb, dev, cb);
		if (err)
			break;
		ctx->sent = seen;
	}
	rtnl_unlock();

	/* A full message is not an error: the next call resumes after it. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static int ztnet_get_device_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ztnet_dump_ctx *ctx = (struct ztnet_dump_ctx *)cb->ctx;

	return ctx->ifindex ? ztnet_dump_device(skb, cb) : ztnet_dump_names(skb, cb);
}

static int ztnet_set_device(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	int err;

	dev = ztnet_lookup_device(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	ztnet_debug_delay(ZTNET_DELAY_SET_DEVICE);
	err = ztnet_validate_set(info->attrs, info->extack);
	if (!err)
		err = ztnet_polconf_validate(info->attrs, info->extack);
	/* A change one of whose requests is refused is not made at all. */
	if (err)
		ztnet_txn_abort(netdev_priv(dev), NETLINK_CB(skb).sk, info);
	else
		err = ztnet_config_set(netdev_priv(dev), NETLINK_CB(skb).sk, info);
	dev_put(dev);
	return err;
}

static const struct genl_ops ztnet_genl_ops[] = {
	{
		.cmd	= ZTNET_CMD_GET_DEVICE,
		.start	= ztnet_get_device_start,
		.dumpit	= ztnet_get_device_dump,
		.done	= ztnet_get_device_done,
		.flags	= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd	= ZTNET_CMD_SET_DEVICE,
		.doit	= ztnet_set_device,
		.flags	= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd	= ZTNET_CMD_GET_FLOWS,
		.start	= ztnet_get_flows_start,
		.dumpit	= ztnet_get_flows_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

enum ztnet_mcgrp {
	ZTNET_MCGRP_EVENTS_ID,
};

/* Events name peers and addresses: they are no more public than a dump. */
static const struct genl_multicast_group ztnet_genl_mcgrps[] = {
	[ZTNET_MCGRP_EVENTS_ID] = {
		.name	= ZTNET_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family ztnet_genl_family __ro_after_init = {
	.name		= ZTNET_GENL_NAME,
	.version	= ZTNET_GENL_VERSION,
	.maxattr	= ZTDEVICE_A_MAX,
	.policy		= ztnet_device_policy,
	.ops		= ztnet_genl_ops,
	.n_ops		= ARRAY_SIZE(ztnet_genl_ops),
	.mcgrps		= ztnet_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ztnet_genl_mcgrps),
	.netnsok	= true,
	/*
	 * Not under genetlink's one mutex, which every family without this
	 * shares: a commit that builds a large policy takes seconds, and
	 * would stall them all.  Each request takes the locks it needs.
	 */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
};

int __init ztnet_genl_init(void)
{
	return genl_register_family(&ztnet_genl_family);
}

void ztnet_genl_uninit(void)
{
	genl_unregister_family(&ztnet_genl_family);
}

bool ztnet_genl_event_listeners(struct net *net)
{
	return genl_has_listeners(&ztnet_genl_family, net, ZTNET_MCGRP_EVENTS_ID);
}

void *ztnet_genl_event_header(struct sk_buff *skb)
{
	return genlmsg_put(skb, 0, 0, &ztnet_genl_family, 0, ZTNET_CMD_EVENT);
}

void ztnet_genl_event_multicast(struct net *net, struct sk_buff *skb)
{
	genlmsg_multicast_netns(&ztnet_genl_family, net, skb, 0,
				ZTNET_MCGRP_EVENTS_ID, GFP_ATOMIC);
}
