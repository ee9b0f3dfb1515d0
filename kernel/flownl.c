// SPDX-License-Identifier: GPL-2.0
/*
 * ZTNET_CMD_GET_FLOWS.  The dump holds nothing between its messages, so a
 * device can go, and its table with it, while one is under way: each
 * message finds the device again, by index and id, and resumes at a
 * cursor over the table's buckets, so the dump costs one walk of the
 * table in all.  A cursor over a peer's flow list would have to hold that
 * peer or a flow from one message to the next, which could keep a peer
 * or a device from going, or point at freed memory once they went; a
 * bucket number points at nothing.
 *
 * A bucket is sent whole in one message, unless it fits in none (the
 * cursor then also counts its flows already sent), so a flow that stays
 * in the table for the whole dump is sent exactly once, whatever else
 * comes and goes; unless the table is resized or rehashed meanwhile,
 * which moves every flow to another bucket: the walk then starts again
 * in the new table, and a message that finds the table changed or
 * changing carries NLM_F_DUMP_INTR.
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
	u32 bucket;		/* the next bucket to send */
	u32 skip;		/* its flows already sent, if it fits in no message */
	/* The bucket table walked, or 0 before the first message. */
	u32 size;
	u32 hash_rnd;		/* its seed: a rehash of the same size changes it */
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

/*
 * Puts the flows of one bucket, by their original nodes, after the first
 * *@pos, moving *@pos past each one put.
 */
static int ztnet_put_bucket(struct sk_buff *skb, const struct bucket_table *tbl,
			    u32 hash, u32 *pos, const struct ztnet_policy *policy)
{
	struct ztnet_flow_node *node;
	struct rhash_head *head;
	u32 n = 0;

	rht_for_each_entry_rcu(node, head, tbl, hash, node) {
		if (node->reply || n++ < *pos)
			continue;
		if (ztnet_put_flow(skb, container_of(node, struct ztnet_flow,
						     node[0]), policy))
			return -EMSGSIZE;
		*pos = n;
	}
	return 0;
}

/* True if @tbl is not the table the walk was in: it starts again there. */
static bool ztnet_flows_moved(struct ztnet_flows_ctx *ctx,
			      const struct bucket_table *tbl)
{
	bool moved = ctx->size != 0;

	if (ctx->size == tbl->size && ctx->hash_rnd == tbl->hash_rnd)
		return false;
	ctx->size = tbl->size;
	ctx->hash_rnd = tbl->hash_rnd;
	ctx->bucket = 0;
	ctx->skip = 0;
	return moved;
}

/*
 * Ends a message at a bucket that did not fit: cut back to its start, or,
 * if it is the first in the message, kept as far as it went.  False if
 * the message holds no flow at all.
 */
static bool ztnet_flows_cut(struct sk_buff *skb, struct ztnet_flows_ctx *ctx,
			    unsigned int start, unsigned char *mark, u32 pos)
{
	if (mark - skb->data > start) {
		nlmsg_trim(skb, mark);
		return true;
	}
	if (pos == ctx->skip)
		return false;
	ctx->skip = pos;
	return true;
}

/*
 * Puts flows from the cursor on: 0 when the table is done, 1 when more
 * are left for the next message, -EMSGSIZE if not one fitted.  *@intr
 * says whether the table was resized or rehashed since the last message
 * or while this one was made; a rehash under way moves flows out of the
 * buckets as they are read.
 */
static int ztnet_put_flows(struct sk_buff *skb, struct ztnet_device *zt,
			   struct ztnet_flows_ctx *ctx, bool *intr)
{
	const struct ztnet_policy *policy = ztnet_policy_get(zt);
	struct rhashtable *ht = &zt->flows->table;
	const struct bucket_table *tbl = rht_dereference_rcu(ht->tbl, ht);
	unsigned int start = skb->len;
	int ret = 0;

	*intr = ztnet_flows_moved(ctx, tbl);
	for (; ctx->bucket < tbl->size; ctx->bucket++, ctx->skip = 0) {
		unsigned char *mark = skb_tail_pointer(skb);
		u32 pos = ctx->skip;

		if (ztnet_put_bucket(skb, tbl, ctx->bucket, &pos, policy)) {
			ret = ztnet_flows_cut(skb, ctx, start, mark, pos) ?
			      1 : -EMSGSIZE;
			break;
		}
	}
	/* Pairs with the rehash's publication of the table it moves flows to. */
	smp_rmb();
	if (rcu_access_pointer(tbl->future_tbl))
		*intr = true;
	return ret;
}

static int ztnet_dump_flows(struct sk_buff *skb, struct net_device *dev,
			    struct netlink_callback *cb)
{
	struct ztnet_flows_ctx *ctx = (struct ztnet_flows_ctx *)cb->ctx;
	struct nlmsghdr *hdr;
	struct nlattr *flows;
	bool intr;
	int ret;

	hdr = ztnet_flows_header(skb, dev, cb);
	if (!hdr)
		return -EMSGSIZE;
	flows = nla_nest_start(skb, ZTDEVICE_A_FLOWS);
	if (!flows) {
		nlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	rcu_read_lock();
	ret = ztnet_put_flows(skb, netdev_priv(dev), ctx, &intr);
	rcu_read_unlock();
	if (ret < 0) {
		nlmsg_cancel(skb, hdr);
		return ret;
	}
	nla_nest_end(skb, flows);
	nlmsg_end(skb, hdr);
	if (intr)
		hdr->nlmsg_flags |= NLM_F_DUMP_INTR;
	return ret;
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
	if (err < 0)
		return err;
	if (!err)
		ctx->ifindex = 0;	/* done: the next call ends the dump */
	return skb->len;
}
