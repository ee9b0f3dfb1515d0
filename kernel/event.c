// SPDX-License-Identifier: GPL-2.0
/*
 * Policy events (event.h).  A message is allocated only once the bucket
 * has let it through, with GFP_ATOMIC, and sized for the peer's groups,
 * so that a flood costs one listener check and one per-CPU bucket each.
 */

#include <linux/ktime.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <net/genetlink.h>

#include "device.h"
#include "event.h"
#include "netlink.h"
#include "policy.h"

/* One CPU's bucket for one device. */
struct ztnet_event_bucket {
	u64 refilled_ns;
	u32 tokens;
	u64 suppressed;
};

/* Takes a token, refilling first; counts what it refuses. */
static bool ztnet_event_take(struct ztnet_event_bucket *b, u64 *suppressed)
{
	const u64 interval = NSEC_PER_SEC / ZTNET_EVENTS_PER_SEC;
	u64 now = ktime_get_mono_fast_ns(), earned;

	earned = div_u64(now - b->refilled_ns, interval);
	if (earned) {
		b->tokens = min_t(u64, ZTNET_EVENTS_BURST, b->tokens + earned);
		/* A full bucket earns nothing; a partial one keeps its change. */
		if (b->tokens == ZTNET_EVENTS_BURST)
			b->refilled_ns = now;
		else
			b->refilled_ns += earned * interval;
	}
	if (!b->tokens) {
		b->suppressed++;
		return false;
	}
	b->tokens--;
	*suppressed = b->suppressed;
	b->suppressed = 0;
	return true;
}

static bool ztnet_event_allowed(struct ztnet_device *zt, u64 *suppressed)
{
	bool ok;

	/* The bucket is per CPU: BHs off keeps the fast path off it. */
	local_bh_disable();
	ok = ztnet_event_take(this_cpu_ptr(zt->event_buckets), suppressed);
	local_bh_enable();
	return ok;
}

static const struct ztnet_groups *ztnet_event_groups(const struct ztnet_event *ev)
{
	if (!ev->policy || !ev->key)
		return NULL;
	return ztnet_policy_groups(ev->policy, ev->key);
}

static size_t ztnet_event_size(const struct ztnet_groups *groups)
{
	size_t size = NLMSG_GOODSIZE;

	if (groups)
		size += groups->len * nla_total_size(ZTRULE_NAME_MAX + 1);
	return size;
}

static int ztnet_event_put_groups(struct sk_buff *skb,
				  const struct ztnet_event *ev,
				  const struct ztnet_groups *groups)
{
	struct nlattr *nest;
	const char *name;
	u32 i;

	if (!groups)
		return 0;
	nest = nla_nest_start(skb, ZTEVENT_A_GROUPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < groups->len; i++) {
		name = ztnet_policy_group_name(ev->policy, groups->ids[i]);
		if (name && nla_put_string(skb, i + 1, name))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ztnet_event_put_ports(struct sk_buff *skb,
				 const struct ztnet_rule_pkt *pkt)
{
	switch (pkt->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		if (nla_put_u16(skb, ZTEVENT_A_SPORT, pkt->sport) ||
		    nla_put_u16(skb, ZTEVENT_A_DPORT, pkt->dport))
			return -EMSGSIZE;
		return 0;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (nla_put_u8(skb, ZTEVENT_A_ICMP_TYPE, pkt->icmp_type) ||
		    nla_put_u8(skb, ZTEVENT_A_ICMP_CODE, pkt->icmp_code))
			return -EMSGSIZE;
		return 0;
	}
	return 0;
}

static int ztnet_event_put_packet(struct sk_buff *skb,
				  const struct ztnet_rule_pkt *pkt)
{
	int len = pkt->family == AF_INET ? 4 : 16;

	if (nla_put_u8(skb, ZTEVENT_A_DIRECTION, pkt->dir) ||
	    nla_put_u16(skb, ZTEVENT_A_FAMILY, pkt->family) ||
	    nla_put_u8(skb, ZTEVENT_A_PROTO, pkt->proto) ||
	    nla_put(skb, ZTEVENT_A_SRC, len, &pkt->src) ||
	    nla_put(skb, ZTEVENT_A_DST, len, &pkt->dst))
		return -EMSGSIZE;
	return ztnet_event_put_ports(skb, pkt);
}

static int ztnet_event_put_flow_end(struct sk_buff *skb,
				    const struct ztnet_event *ev)
{
	if (ev->type != ZTEVENT_FLOW_END)
		return 0;
	if (nla_put_u64_64bit(skb, ZTEVENT_A_PACKETS_ORIG, ev->packets[0], ZTEVENT_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTEVENT_A_BYTES_ORIG, ev->bytes[0], ZTEVENT_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTEVENT_A_PACKETS_REPLY, ev->packets[1], ZTEVENT_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTEVENT_A_BYTES_REPLY, ev->bytes[1], ZTEVENT_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, ZTEVENT_A_DURATION_MS, ev->duration_ms, ZTEVENT_A_UNSPEC))
		return -EMSGSIZE;
	return 0;
}

static int ztnet_event_put_verdict(struct sk_buff *skb,
				   const struct ztnet_event *ev)
{
	if (ev->type == ZTEVENT_POLICY_COMMIT)
		return nla_put_u64_64bit(skb, ZTEVENT_A_GENERATION,
					 ev->generation, ZTEVENT_A_UNSPEC);
	if (nla_put_u32(skb, ZTEVENT_A_RULE, ev->rule) ||
	    (ev->rule_name &&
	     nla_put_string(skb, ZTEVENT_A_RULE_NAME, ev->rule_name)) ||
	    (ev->reason && nla_put_u8(skb, ZTEVENT_A_REASON, ev->reason)))
		return -EMSGSIZE;
	return 0;
}

static int ztnet_event_fill(struct sk_buff *skb, struct ztnet_device *zt,
			    const struct ztnet_event *ev, u64 suppressed)
{
	const struct ztnet_groups *groups = ztnet_event_groups(ev);

	if (nla_put_u8(skb, ZTEVENT_A_TYPE, ev->type) ||
	    nla_put_u64_64bit(skb, ZTEVENT_A_TIME_NS, ktime_get_real_ns(), ZTEVENT_A_UNSPEC) ||
	    nla_put_u32(skb, ZTEVENT_A_IFINDEX, zt->dev->ifindex) ||
	    nla_put_string(skb, ZTEVENT_A_IFNAME, zt->dev->name) ||
	    (ev->key && nla_put(skb, ZTEVENT_A_PUBLIC_KEY, ZTNET_KEY_LEN, ev->key)) ||
	    ztnet_event_put_groups(skb, ev, groups) ||
	    (ev->pkt && ztnet_event_put_packet(skb, ev->pkt)) ||
	    ztnet_event_put_verdict(skb, ev) ||
	    ztnet_event_put_flow_end(skb, ev) ||
	    (suppressed && nla_put_u64_64bit(skb, ZTEVENT_A_SUPPRESSED,
					     suppressed, ZTEVENT_A_UNSPEC)))
		return -EMSGSIZE;
	return 0;
}

void ztnet_event_send(struct ztnet_device *zt, const struct ztnet_event *ev)
{
	struct net *net = dev_net(zt->dev);
	struct sk_buff *skb;
	u64 suppressed;
	void *hdr;

	if (!ztnet_genl_event_listeners(net) ||
	    !ztnet_event_allowed(zt, &suppressed))
		return;
	skb = genlmsg_new(ztnet_event_size(ztnet_event_groups(ev)), GFP_ATOMIC);
	if (!skb)
		return;
	hdr = ztnet_genl_event_header(skb);
	if (!hdr || ztnet_event_fill(skb, zt, ev, suppressed))
		goto err;
	genlmsg_end(skb, hdr);
	ztnet_genl_event_multicast(net, skb);
	return;

err:
	/* Sized for the largest event: a bug, not a condition to report. */
	WARN_ON_ONCE(1);
	nlmsg_free(skb);
}

int ztnet_event_init(struct ztnet_device *zt)
{
	struct ztnet_event_bucket *b;
	int cpu;

	zt->event_buckets = alloc_percpu(struct ztnet_event_bucket);
	if (!zt->event_buckets)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		b = per_cpu_ptr(zt->event_buckets, cpu);
		b->tokens = ZTNET_EVENTS_BURST;
		b->refilled_ns = ktime_get_mono_fast_ns();
	}
	return 0;
}

void ztnet_event_uninit(struct ztnet_device *zt)
{
	free_percpu(zt->event_buckets);
	zt->event_buckets = NULL;
}
