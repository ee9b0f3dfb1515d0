// SPDX-License-Identifier: GPL-2.0
/*
 * ZTNET_CMD_GET_FLOWS.  The dump holds nothing between its messages, so a
 * device can go, and its table with it, while one is under way: each
 * message finds the device again, by index and id, walks its table from
 * the start and skips the flows already sent.  That costs a walk of the
 * table per message, bounded by the flow cap; flows that come and go
 * meanwhile may be missed or sent twice, as the ABI says.
 */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "flow.h"
#include "flownl.h"
#include "peer.h"
#include "pktinfo.h"
#include "policy.h"

struct ztnet_flows_ctx {
	u32 ifindex;
	u64 device_id;
	u32 sent;		/* flows in the messages so far */
};

static struct net_device *ztnet_flows_device(struct net *net,
					     struct nlattr **attrs)
{
	struct net_device *dev;

	if (attrs[ZTDEVICE_A_IFINDEX])
		dev = dev_get_by_index(net, nla_get_u32(attrs[ZTDEVICE_A_IFINDEX]));
	else if (attrs[ZTDEVICE_A_IFNAME])
		dev = dev_get_by_name(net, nla_data(attrs[ZTDEVICE_A_IFNAME]));
	else
		return ERR_PTR(-EINVAL);
	if (!dev)
		return ERR_PTR(-ENODEV);
	if (!ztnet_device_is_ours(dev)) {
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

int ztnet_get_flows_start(struct netlink_callback *cb)
{
	struct ztnet_flows_ctx *ctx = (struct ztnet_flows_ctx *)cb->ctx;
	struct net_device *dev;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	memset(ctx, 0, sizeof(*ctx));
	dev = ztnet_flows_device(sock_net(cb->skb->sk),
				 ztnet_compat_dump_attrs(cb));
	if (IS_ERR(dev)) {
		NL_SET_ERR_MSG(cb->extack, "ztnet: name a ztnet device by ifindex or ifname");
		return PTR_ERR(dev);
	}
	ctx->ifindex = dev->ifindex;
	ctx->device_id = ((struct ztnet_device *)netdev_priv(dev))->id;
	dev_put(dev);
	return 0;
}

/* The family is the request's: its id is the message type it came in. */
static void *ztnet_flows_header(struct sk_buff *skb, struct net_device *dev,
				struct netlink_callback *cb)
{
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			cb->nlh->nlmsg_type, GENL_HDRLEN, NLM_F_MULTI);
	if (!nlh)
		return NULL;
	genl = nlmsg_data(nlh);
	genl->cmd = ZTNET_CMD_GET_FLOWS;
	genl->version = ZTNET_GENL_VERSION;
	genl->reserved = 0;
	if (nla_put_u32(skb, ZTDEVICE_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, ZTDEVICE_A_IFNAME, dev->name)) {
		nlmsg_cancel(skb, nlh);
		return NULL;
	}
	return nlh;
}

static bool ztnet_flow_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP;
}

static int ztnet_put_flow_tuple(struct sk_buff *skb,
				const struct ztnet_flow *flow)
{
	const struct ztnet_flow_key *key = &flow->node[0].key;
	int alen = key->family == AF_INET ? 4 : 16;

	if (nla_put(skb, ZTFLOW_A_PUBLIC_KEY, ZTNET_KEY_LEN,
		    flow->peer->public_key) ||
	    nla_put_u8(skb, ZTFLOW_A_DIRECTION, key->dir) ||
	    nla_put_u16(skb, ZTFLOW_A_FAMILY, key->family) ||
	    nla_put_u8(skb, ZTFLOW_A_PROTO, key->proto) ||
	    nla_put(skb, ZTFLOW_A_SRC, alen, &key->src) ||
	    nla_put(skb, ZTFLOW_A_DST, alen, &key->dst))
		return -EMSGSIZE;
	if (ztnet_flow_has_ports(key->proto) &&
	    (nla_put_u16(skb, ZTFLOW_A_SPORT, key->sport) ||
	     nla_put_u16(skb, ZTFLOW_A_DPORT, key->dport)))
		return -EMSGSIZE;
	/* The id is on the requester's side of the key (firewall.c). */
	if (ztnet_icmp_is_echo(key->proto, flow->icmp_type) &&
	    nla_put_u16(skb, ZTFLOW_A_ICMP_ID, key->sport | key->dport))
		return -EMSGSIZE;
	return 0;
}

/* The number of the rule that accepted it, if that policy is in force. */
static u32 ztnet_flow_rule_number(const struct ztnet_flow *flow,
				  const struct ztnet_policy *policy)
{
	u32 rule = READ_ONCE(flow->rule);

	if (!policy || READ_ONCE(flow->generation) != policy->generation ||
	    rule >= policy->rules_len || !policy->rule_numbers)
		return 0;
	return policy->rule_numbers[rule];
}

static u64 ztnet_flow_expires_ms(const struct ztnet_flow *flow,
				 const struct ztnet_policy *policy)
{
	unsigned long end;

	if (!policy)
		return 0;
	end = READ_ONCE(flow->last_seen) + ztnet_flow_timeout(flow, policy);
	return time_after(end, jiffies) ? jiffies_to_msecs(end - jiffies) : 0;
}

static int ztnet_put_flow_state(struct sk_buff *skb,
				const struct ztnet_flow *flow,
				const struct ztnet_policy *policy)
{
	u64 age = jiffies_to_msecs(jiffies - flow->start);

	if (nla_put_u8(skb, ZTFLOW_A_STATE, READ_ONCE(flow->state)) ||
	    nla_put_u32(skb, ZTFLOW_A_RULE, ztnet_flow_rule_number(flow, policy)) ||
	    nla_put_u64_64bit(skb, ZTFLOW_A_AGE_MS, age, ZTFLOW_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTFLOW_A_EXPIRES_MS,
			      ztnet_flow_expires_ms(flow, policy), ZTFLOW_A_UNSPEC))
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, ZTFLOW_A_PACKETS_ORIG,
			      atomic64_read(&flow->packets[0]), ZTFLOW_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTFLOW_A_BYTES_ORIG,
			      atomic64_read(&flow->bytes[0]), ZTFLOW_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTFLOW_A_PACKETS_REPLY,
			      atomic64_read(&flow->packets[1]), ZTFLOW_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTFLOW_A_BYTES_REPLY,
			      atomic64_read(&flow->bytes[1]), ZTFLOW_A_UNSPEC))
		return -EMSGSIZE;
	return 0;
}

static int ztnet_put_flow(struct sk_buff *skb, const struct ztnet_flow *flow,
			  const struct ztnet_policy *policy)
{
	struct nlattr *nest = nla_nest_start(skb, 0);

	if (!nest)
		return -EMSGSIZE;
	if (ztnet_put_flow_tuple(skb, flow) ||
	    ztnet_put_flow_state(skb, flow, policy)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The next flow, by its original node, or NULL at the end of the table. */
static struct ztnet_flow *ztnet_flows_next(struct rhashtable_iter *iter)
{
	struct ztnet_flow_node *node;

	for (;;) {
		node = rhashtable_walk_next(iter);
		if (IS_ERR(node))
			continue;
		if (!node)
			return NULL;
		if (!node->reply)
			return container_of(node, struct ztnet_flow, node[0]);
	}
}

/* Puts flows after the first ctx->sent; 0 when the table is done. */
static int ztnet_put_flows(struct sk_buff *skb, struct ztnet_device *zt,
			   struct ztnet_flows_ctx *ctx)
{
	struct ztnet_policy *policy = ztnet_policy_get(zt);
	struct rhashtable_iter iter;
	struct ztnet_flow *flow;
	u32 seen = 0;
	int err = 0;

	rhashtable_walk_enter(&zt->flows->table, &iter);
	rhashtable_walk_start(&iter);
	while ((flow = ztnet_flows_next(&iter))) {
		if (seen++ < ctx->sent)
			continue;
		err = ztnet_put_flow(skb, flow, policy);
		if (err)
			break;
		ctx->sent = seen;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return err;
}

static int ztnet_dump_flows(struct sk_buff *skb, struct net_device *dev,
			    struct netlink_callback *cb)
{
	struct ztnet_flows_ctx *ctx = (struct ztnet_flows_ctx *)cb->ctx;
	struct nlattr *flows;
	void *hdr;
	int err;

	hdr = ztnet_flows_header(skb, dev, cb);
	if (!hdr)
		return -EMSGSIZE;
	flows = nla_nest_start(skb, ZTDEVICE_A_FLOWS);
	if (!flows) {
		nlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	rcu_read_lock();
	err = ztnet_put_flows(skb, netdev_priv(dev), ctx);
	rcu_read_unlock();
	nla_nest_end(skb, flows);
	nlmsg_end(skb, hdr);
	return err;
}

int ztnet_get_flows_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ztnet_flows_ctx *ctx = (struct ztnet_flows_ctx *)cb->ctx;
	struct net_device *dev;
	int err;

	if (!ctx->ifindex)
		return 0;
	dev = dev_get_by_index(sock_net(skb->sk), ctx->ifindex);
	if (!dev || !ztnet_device_is_ours(dev) ||
	    ((struct ztnet_device *)netdev_priv(dev))->id != ctx->device_id) {
		dev_put(dev);
		return -ENODEV;
	}
	err = ztnet_dump_flows(skb, dev, cb);
	dev_put(dev);
	if (!err)
		ctx->ifindex = 0;	/* done: the next call ends the dump */
	/* A full message is not an error: the next call resumes after it. */
	if (err == -EMSGSIZE && ctx->sent)
		return skb->len;
	return err ?: skb->len;
}
