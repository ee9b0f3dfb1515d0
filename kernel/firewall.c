// SPDX-License-Identifier: GPL-2.0
/*
 * The microsegment firewall (see firewall.h).  A packet of a known flow
 * costs one lookup in the flow table; only the first packet of a flow is
 * judged by the rules, and again only if the policy changed since.  In
 * mode off the cost is one pointer read.
 *
 * What it decides about a flow is also an event (event.h); a reject,
 * in enforce mode, is also answered (reject.h).
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/tcp.h>

#include "device.h"
#include "event.h"
#include "firewall.h"
#include "flow.h"
#include "fragtrack.h"
#include "peer.h"
#include "pktinfo.h"
#include "policy.h"
#include "reject.h"

/* IPv4's fragment offset bits (RFC 791). */
#define ZTNET_FW_IP_OFFSET	0x1fff

/* What device->flows points into. */
struct ztnet_fw {
	struct ztnet_flow_table ft;
	struct ztnet_frags frags;
};

/* One packet being judged. */
struct ztnet_fw_ctx {
	struct ztnet_device *zt;
	struct ztnet_peer *peer;
	const struct ztnet_policy *policy;
	struct sk_buff *skb;
	struct ztnet_pkt pkt;
	struct ztnet_flow_key key;
	u8 tcp_flags;
	bool audit;
};

static struct ztnet_fw *ztnet_fw_of(struct ztnet_device *zt)
{
	return container_of(zt->flows, struct ztnet_fw, ft);
}

/* BHs are off on both paths, so this CPU's counters are ours. */
static void ztnet_fw_count(struct ztnet_device *zt, u8 reason, bool audit)
{
	struct ztnet_fw_stats *stats = this_cpu_ptr(zt->fw_stats);

	u64_stats_update_begin(&stats->syncp);
	if (audit)
		stats->would_drop[reason]++;
	else
		stats->dropped[reason]++;
	u64_stats_update_end(&stats->syncp);
}

/* Whether the packet goes on: in audit mode it does, counted. */
static bool ztnet_fw_drop(struct ztnet_fw_ctx *c, u8 reason)
{
	ztnet_fw_count(c->zt, reason, c->audit);
	return c->audit;
}

static void ztnet_fw_count_rule(const struct ztnet_policy *policy, u32 rule,
				unsigned int len, u64 flows)
{
	struct ztnet_rule_stats __percpu *stats;

	if (rule >= policy->rules_len || !policy->rule_stats)
		return;
	stats = ztnet_policy_rule_counters(policy, rule);
	this_cpu_inc(stats->packets);
	this_cpu_add(stats->bytes, len);
	this_cpu_add(stats->flows, flows);
}

/* The rule at @place as events name it: its number and name, or 0. */
static void ztnet_fw_event_rule(const struct ztnet_policy *policy, u32 place,
				struct ztnet_event *ev)
{
	if (place >= policy->rules_len)
		return;
	ev->rule = policy->rule_numbers[place];
	ev->rule_name = policy->rule_names ? policy->rule_names[place] : NULL;
}

/* An event about @pkt: the packet judged, or the flow it stands for. */
static void ztnet_fw_event_on(const struct ztnet_fw_ctx *c,
			      const struct ztnet_rule_pkt *pkt, u8 type,
			      u32 place, u8 reason)
{
	struct ztnet_event ev = {
		.type = type,
		.reason = reason,
		.pkt = pkt,
		.key = c->peer->public_key,
		.policy = c->policy,
	};

	ztnet_fw_event_rule(c->policy, place, &ev);
	ztnet_event_send(c->zt, &ev);
}

static void ztnet_fw_event(const struct ztnet_fw_ctx *c, u8 type, u32 place,
			   u8 reason)
{
	ztnet_fw_event_on(c, &c->pkt.rule, type, place, reason);
}

static bool ztnet_icmp_is_request(u8 proto, u8 type)
{
	return type == (proto == IPPROTO_ICMP ? ICMP_ECHO : ICMPV6_ECHO_REQUEST);
}

/*
 * An echo's id, on the requester's side of the key: a reply reverses
 * it, as the flow's reply node does, but a request from the other side
 * with the same id does not, so it is not taken for a reply.
 */
static void ztnet_fw_key_echo(struct ztnet_flow_key *key, u8 proto, u8 type,
			      u16 id)
{
	bool request = ztnet_icmp_is_request(proto, type);

	key->sport = request ? id : 0;
	key->dport = request ? 0 : id;
	key->echo = request ? ZTNET_FLOW_ECHO_REQUEST : ZTNET_FLOW_ECHO_REPLY;
}

/*
 * ICMP has no ports: an echo is keyed by its id, anything else by its
 * type and code, so that accepting one type lets no other through.
 */
static void ztnet_fw_key_ports(struct ztnet_flow_key *key,
			       const struct ztnet_pkt *pkt)
{
	const struct ztnet_rule_pkt *r = &pkt->rule;

	if (r->proto != IPPROTO_ICMP && r->proto != IPPROTO_ICMPV6) {
		key->sport = r->sport;
		key->dport = r->dport;
	} else if (ztnet_icmp_is_echo(r->proto, r->icmp_type)) {
		ztnet_fw_key_echo(key, r->proto, r->icmp_type, pkt->icmp_id);
	} else {
		key->sport = r->icmp_type << 8 | r->icmp_code;
		key->dport = key->sport;
	}
}

static void ztnet_fw_key(struct ztnet_fw_ctx *c)
{
	const struct ztnet_rule_pkt *r = &c->pkt.rule;

	memset(&c->key, 0, sizeof(c->key));
	c->key.peer_id = c->peer->internal_id;
	c->key.src = r->src;
	c->key.dst = r->dst;
	c->key.dir = r->dir;
	c->key.family = r->family;
	c->key.proto = r->proto;
	ztnet_fw_key_ports(&c->key, &c->pkt);
}

static u8 ztnet_fw_tcp_flags(const struct ztnet_fw_ctx *c)
{
	u8 buf;
	const u8 *flags;

	if (c->pkt.rule.proto != IPPROTO_TCP || c->pkt.frag == ZTNET_PKT_LATER)
		return 0;
	flags = skb_header_pointer(c->skb, c->pkt.l4_offset + 13, 1, &buf);
	return flags ? *flags : 0;
}

/* The flow's first packet, as the rules saw it, for judging it again. */
static void ztnet_fw_flow_pkt(const struct ztnet_flow *flow,
			      struct ztnet_rule_pkt *r)
{
	const struct ztnet_flow_key *key = &flow->node[0].key;

	memset(r, 0, sizeof(*r));
	r->dir = key->dir;
	r->family = key->family;
	r->proto = key->proto;
	r->src = key->src;
	r->dst = key->dst;
	r->icmp_type = flow->icmp_type;
	r->icmp_code = flow->icmp_code;
	if (key->proto != IPPROTO_ICMP && key->proto != IPPROTO_ICMPV6) {
		r->sport = key->sport;
		r->dport = key->dport;
	}
}

/*
 * A flow judged under another policy, or let through by audit mode, is
 * judged again: false if it is revoked.
 */
static bool ztnet_fw_rejudge(struct ztnet_fw_ctx *c, struct ztnet_flow *flow,
			     u32 *rule)
{
	struct ztnet_rule_pkt r;
	u8 action;

	ztnet_fw_flow_pkt(flow, &r);
	action = ztnet_policy_judge(c->policy, &r, c->peer->public_key, rule);
	if (action != ZTRULE_ACCEPT && !c->audit)
		return false;
	if (action != ZTRULE_ACCEPT && !flow->would_deny)
		ztnet_fw_count(c->zt, ZTDROP_REVOKED, true);
	WRITE_ONCE(flow->rule, *rule);
	WRITE_ONCE(flow->would_deny, action != ZTRULE_ACCEPT);
	WRITE_ONCE(flow->generation, c->policy->generation);
	return true;
}

static bool ztnet_fw_stale(const struct ztnet_fw_ctx *c,
			   const struct ztnet_flow *flow)
{
	return READ_ONCE(flow->generation) != c->policy->generation ||
	       (READ_ONCE(flow->would_deny) && !c->audit);
}

/*
 * A flow the policy in force no longer accepts, found by @pkt.  Its own
 * packet and an ICMP error quoting it may find it at once on two CPUs:
 * the one that claims it reports it.
 */
static void ztnet_fw_revoke(struct ztnet_fw_ctx *c, struct ztnet_flow *flow,
			    const struct ztnet_rule_pkt *pkt, u32 rule)
{
	if (!ztnet_flow_claim(flow))
		return;
	ztnet_fw_event_on(c, pkt, ZTEVENT_REVOKED, rule, ZTDROP_REVOKED);
	ztnet_flow_unlink_claimed(c->zt->flows, flow);
}

static bool ztnet_fw_known(struct ztnet_fw_ctx *c, struct ztnet_flow *flow,
			   u8 reply)
{
	u32 rule;

	if (ztnet_fw_stale(c, flow) && !ztnet_fw_rejudge(c, flow, &rule)) {
		ztnet_fw_revoke(c, flow, &c->pkt.rule, rule);
		return ztnet_fw_drop(c, ZTDROP_REVOKED);
	}
	ztnet_flow_seen(flow, reply, c->skb->len, c->tcp_flags);
	ztnet_fw_count_rule(c->policy, READ_ONCE(flow->rule), c->skb->len, 0);
	return true;
}

/* A live flow the key names, either way; expired ones are unlinked. */
static struct ztnet_flow *ztnet_fw_find(struct ztnet_fw_ctx *c,
					const struct ztnet_flow_key *key,
					u8 *reply)
{
	struct ztnet_flow *flow = ztnet_flow_lookup(c->zt->flows, key, reply);

	if (flow && ztnet_flow_expired(flow, c->policy)) {
		ztnet_flow_unlink(c->zt->flows, flow);
		return NULL;
	}
	return flow;
}

static bool ztnet_icmp_is_error(u8 proto, u8 type)
{
	if (proto == IPPROTO_ICMP)
		return type == ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
		       type == ICMP_REDIRECT || type == ICMP_TIME_EXCEEDED ||
		       type == ICMP_PARAMETERPROB;
	return proto == IPPROTO_ICMPV6 && type < 128;
}

/* The quoted packet's L4 fields at @off, into @key; false if unreadable. */
static bool ztnet_fw_quoted_l4(const struct ztnet_fw_ctx *c,
			       struct ztnet_flow_key *key, unsigned int off)
{
	u8 buf[8];
	const u8 *h = skb_header_pointer(c->skb, off, sizeof(buf), buf);

	if (!h)
		return false;
	switch (key->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		key->sport = h[0] << 8 | h[1];
		key->dport = h[2] << 8 | h[3];
		return true;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (!ztnet_icmp_is_echo(key->proto, h[0]))
			return false;
		ztnet_fw_key_echo(key, key->proto, h[0], h[4] << 8 | h[5]);
		return true;
	default:
		return false;
	}
}

/* An IPv4 header quoted at @off: no options walked past but its own. */
static bool ztnet_fw_quoted4(const struct ztnet_fw_ctx *c,
			     struct ztnet_flow_key *key, unsigned int off)
{
	struct iphdr buf;
	const struct iphdr *ip = skb_header_pointer(c->skb, off, sizeof(buf), &buf);

	if (!ip || ip->version != 4 || ip->ihl < 5 ||
	    ip->frag_off & htons(ZTNET_FW_IP_OFFSET))
		return false;
	key->proto = ip->protocol;
	memcpy(&key->src, &ip->saddr, sizeof(ip->saddr));
	memcpy(&key->dst, &ip->daddr, sizeof(ip->daddr));
	return ztnet_fw_quoted_l4(c, key, off + ip->ihl * 4);
}

/* An IPv6 header quoted at @off: extension headers are not walked. */
static bool ztnet_fw_quoted6(const struct ztnet_fw_ctx *c,
			     struct ztnet_flow_key *key, unsigned int off)
{
	struct ipv6hdr buf;
	const struct ipv6hdr *ip6 = skb_header_pointer(c->skb, off, sizeof(buf),
						       &buf);

	if (!ip6 || ip6->version != 6)
		return false;
	key->proto = ip6->nexthdr;
	key->src = ip6->saddr;
	key->dst = ip6->daddr;
	return ztnet_fw_quoted_l4(c, key, off + sizeof(*ip6));
}

/*
 * An error goes with the flow it quotes only while the policy in force
 * accepts that flow, which is judged again when its own packet would
 * be, and revoked as its own packet would revoke it: after a switch from
 * audit to enforce, an error must not outlive the flow it relates to.
 * The error of a revoked flow is then judged on its own.
 */
static bool ztnet_fw_related(struct ztnet_fw_ctx *c, struct ztnet_flow *flow)
{
	struct ztnet_rule_pkt r;
	u32 rule;

	if (!ztnet_fw_stale(c, flow) || ztnet_fw_rejudge(c, flow, &rule))
		return true;
	/* The event names the flow revoked, not the error that found it. */
	ztnet_fw_flow_pkt(flow, &r);
	ztnet_fw_revoke(c, flow, &r, rule);
	return false;
}

/*
 * An ICMP error about a packet of a tracked flow goes with that flow.
 * The packet it quotes went the other way.
 */
static bool ztnet_fw_error_tracked(struct ztnet_fw_ctx *c)
{
	unsigned int off = c->pkt.l4_offset + 8;
	struct ztnet_flow_key key;
	struct ztnet_flow *flow;
	bool ok;
	u8 reply;

	if (!ztnet_icmp_is_error(c->pkt.rule.proto, c->pkt.rule.icmp_type))
		return false;
	memset(&key, 0, sizeof(key));
	key.peer_id = c->peer->internal_id;
	key.dir = !c->pkt.rule.dir;
	key.family = c->pkt.rule.family;
	if (key.family == AF_INET)
		ok = ztnet_fw_quoted4(c, &key, off);
	else
		ok = ztnet_fw_quoted6(c, &key, off);
	/*
	 * An error goes to whoever sent what it quotes: one addressed to
	 * anyone else is a new packet, whatever flow it names.
	 */
	if (!ok || memcmp(&key.src, &c->pkt.rule.dst, sizeof(key.src)))
		return false;
	flow = ztnet_fw_find(c, &key, &reply);
	return flow && ztnet_fw_related(c, flow);
}

static void ztnet_fw_flow_fill(struct ztnet_fw_ctx *c, struct ztnet_flow *flow,
			       u32 rule, bool would_deny)
{
	flow->generation = c->policy->generation;
	flow->rule = rule;
	flow->would_deny = would_deny;
	flow->icmp_type = c->pkt.rule.icmp_type;
	flow->icmp_code = c->pkt.rule.icmp_code;
	ztnet_flow_seen(flow, 0, c->skb->len, c->tcp_flags);
}

/*
 * Of ICMP, only an echo request has replies to let back: any other
 * message opens nothing the other way.
 */
static bool ztnet_fw_two_way(const struct ztnet_rule_pkt *r)
{
	if (r->proto != IPPROTO_ICMP && r->proto != IPPROTO_ICMPV6)
		return true;
	return ztnet_icmp_is_request(r->proto, r->icmp_type);
}

/*
 * An echo reply that answers no request this host let through: its key is
 * the reply key of a request from here, which a flow of its own would take.
 */
static bool ztnet_fw_stray_reply(const struct ztnet_rule_pkt *r)
{
	return !ztnet_fw_two_way(r) && ztnet_icmp_is_echo(r->proto, r->icmp_type);
}

/*
 * Enters a judged flow.  A packet accepted but left without a flow, for
 * want of memory or as its peer goes, still passes: its replies are
 * judged on their own.  A stray echo reply is judged each time.
 */
static bool ztnet_fw_enter(struct ztnet_fw_ctx *c, u32 rule, bool would_deny)
{
	struct ztnet_flow *flow;
	u8 reply;
	int err;

	if (ztnet_fw_stray_reply(&c->pkt.rule)) {
		if (!would_deny)
			ztnet_fw_event(c, ZTEVENT_FLOW_ACCEPT, rule, 0);
		return true;
	}
	flow = ztnet_flow_alloc(c->zt->flows, c->peer, &c->key,
				ztnet_fw_two_way(&c->pkt.rule), c->policy);
	if (IS_ERR(flow)) {
		if (PTR_ERR(flow) != -ENOSPC)
			return true;
		ztnet_fw_event(c, ZTEVENT_OVER_CAP, rule, ZTDROP_OVER_CAP);
		return ztnet_fw_drop(c, ZTDROP_OVER_CAP);
	}
	ztnet_fw_flow_fill(c, flow, rule, would_deny);
	err = ztnet_flow_insert(c->zt->flows, flow);
	if (!err && !would_deny)
		ztnet_fw_event(c, ZTEVENT_FLOW_ACCEPT, rule, 0);
	if (err != -EEXIST)
		return true;
	/* Another CPU entered it first: this packet is that flow's. */
	flow = ztnet_fw_find(c, &c->key, &reply);
	return flow ? ztnet_fw_known(c, flow, reply) : true;
}

/* A new flow the rules refuse: reported, and in enforce answered if asked. */
static bool ztnet_fw_refuse(struct ztnet_fw_ctx *c, u8 action, u32 rule)
{
	u8 reason = rule == ZTNET_RULE_NONE ? ZTDROP_NO_RULE : ZTDROP_DENIED;

	ztnet_fw_event(c, c->audit ? ZTEVENT_FLOW_WOULD_DENY : ZTEVENT_FLOW_DENY,
		       rule, reason);
	if (!ztnet_fw_drop(c, reason)) {
		if (action == ZTRULE_REJECT)
			ztnet_reject(c->zt, c->peer, c->skb, c->pkt.rule.dir);
		return false;
	}
	/* Audit: entered all the same, so the flow is counted once. */
	return ztnet_fw_enter(c, rule, true);
}

static bool ztnet_fw_new(struct ztnet_fw_ctx *c)
{
	u32 rule = ZTNET_RULE_NONE;
	u8 action;

	action = ztnet_policy_judge(c->policy, &c->pkt.rule,
				    c->peer->public_key, &rule);
	ztnet_fw_count_rule(c->policy, rule, c->skb->len, 1);
	if (action == ZTRULE_ACCEPT)
		return ztnet_fw_enter(c, rule, false);
	return ztnet_fw_refuse(c, action, rule);
}

static bool ztnet_fw_packet(struct ztnet_fw_ctx *c)
{
	struct ztnet_flow *flow;
	u8 reply;

	ztnet_fw_key(c);
	c->tcp_flags = ztnet_fw_tcp_flags(c);
	flow = ztnet_fw_find(c, &c->key, &reply);
	if (flow)
		return ztnet_fw_known(c, flow, reply);
	if (ztnet_fw_error_tracked(c))
		return true;
	return ztnet_fw_new(c);
}

static bool ztnet_fw_judge(struct ztnet_fw_ctx *c)
{
	struct ztnet_fw *fw = ztnet_fw_of(c->zt);
	u64 peer_id = c->peer->internal_id;
	bool ok;

	if (ztnet_pkt_parse(c->skb, &c->pkt))
		return ztnet_fw_drop(c, ZTDROP_UNPARSABLE);
	if (c->pkt.frag == ZTNET_PKT_LATER)
		return ztnet_frags_vouched(&fw->frags, &c->pkt, peer_id) ||
		       ztnet_fw_drop(c, ZTDROP_FRAGMENT);
	ok = ztnet_fw_packet(c);
	if (ok && c->pkt.frag == ZTNET_PKT_FIRST)
		ztnet_frags_vouch(&fw->frags, &c->pkt, peer_id);
	return ok;
}

static bool ztnet_fw_check(struct ztnet_device *zt, struct ztnet_peer *peer,
			   struct sk_buff *skb, u8 dir)
{
	struct ztnet_fw_ctx c = { .zt = zt, .peer = peer, .skb = skb };
	bool ok = true;

	rcu_read_lock();
	c.policy = ztnet_policy_get(zt);
	if (c.policy && c.policy->mode != ZTPOLICY_MODE_OFF && zt->flows) {
		c.audit = c.policy->mode == ZTPOLICY_MODE_AUDIT;
		c.pkt.rule.dir = dir;
		ok = ztnet_fw_judge(&c);
	}
	rcu_read_unlock();
	return ok;
}

bool ztnet_fw_out(struct ztnet_device *zt, struct ztnet_peer *peer,
		  struct sk_buff *skb)
{
	if (likely(!rcu_access_pointer(zt->policy)))
		return true;
	return ztnet_fw_check(zt, peer, skb, ZTRULE_DIR_OUT);
}

bool ztnet_fw_in(struct ztnet_device *zt, struct ztnet_peer *peer,
		 struct sk_buff *skb)
{
	if (likely(!rcu_access_pointer(zt->policy)))
		return true;
	return ztnet_fw_check(zt, peer, skb, ZTRULE_DIR_IN);
}

static int ztnet_fw_stats_init(struct ztnet_device *zt)
{
	int cpu;

	zt->fw_stats = alloc_percpu(struct ztnet_fw_stats);
	if (!zt->fw_stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(zt->fw_stats, cpu)->syncp);
	return 0;
}

int ztnet_fw_init(struct ztnet_device *zt)
{
	struct ztnet_fw *fw;
	int err;

	fw = kzalloc(sizeof(*fw), GFP_KERNEL_ACCOUNT);
	if (!fw)
		return -ENOMEM;
	ztnet_frags_init(&fw->frags);
	err = ztnet_flow_table_init(&fw->ft, zt);
	if (err)
		goto err_fw;
	err = ztnet_fw_stats_init(zt);
	if (err)
		goto err_table;
	zt->flows = &fw->ft;
	return 0;

err_table:
	ztnet_flow_table_uninit(&fw->ft);
err_fw:
	kfree(fw);
	return err;
}

void ztnet_fw_uninit(struct ztnet_device *zt)
{
	if (!zt->flows)
		return;
	ztnet_flow_table_uninit(zt->flows);
	kfree(ztnet_fw_of(zt));
	zt->flows = NULL;
	free_percpu(zt->fw_stats);
	zt->fw_stats = NULL;
}

void ztnet_fw_flow_ended(struct ztnet_device *zt, const struct ztnet_flow *flow)
{
	const struct ztnet_policy *policy;
	struct ztnet_rule_pkt r;
	struct ztnet_event ev = {
		.type = ZTEVENT_FLOW_END,
		.pkt = &r,
		.key = flow->peer->public_key,
		.packets = { atomic64_read(&flow->packets[0]),
			     atomic64_read(&flow->packets[1]) },
		.bytes = { atomic64_read(&flow->bytes[0]),
			   atomic64_read(&flow->bytes[1]) },
		.duration_ms = jiffies_to_msecs(jiffies - flow->start),
	};

	ztnet_fw_flow_pkt(flow, &r);
	rcu_read_lock();
	policy = ztnet_policy_get(zt);
	if (policy) {
		ev.policy = policy;
		if (READ_ONCE(flow->generation) == policy->generation)
			ztnet_fw_event_rule(policy, READ_ONCE(flow->rule), &ev);
	}
	ztnet_event_send(zt, &ev);
	rcu_read_unlock();
}

/* Process context, the peer already unreachable. */
void ztnet_fw_peer_gone(struct ztnet_peer *peer)
{
	struct ztnet_device *zt = peer->device;

	if (zt->flows)
		ztnet_flow_peer_gone(zt->flows, &peer->flows);
}

static void ztnet_fw_stats_add(const struct ztnet_fw_stats *stats,
			       u64 dropped[__ZTDROP_LAST],
			       u64 would_drop[__ZTDROP_LAST])
{
	u64 d[__ZTDROP_LAST], w[__ZTDROP_LAST];
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&stats->syncp);
		memcpy(d, stats->dropped, sizeof(d));
		memcpy(w, stats->would_drop, sizeof(w));
	} while (u64_stats_fetch_retry(&stats->syncp, start));
	for (i = 0; i < __ZTDROP_LAST; i++) {
		dropped[i] += d[i];
		would_drop[i] += w[i];
	}
}

void ztnet_fw_stats_sum(struct ztnet_device *zt, u64 dropped[__ZTDROP_LAST],
			u64 would_drop[__ZTDROP_LAST])
{
	int cpu;

	memset(dropped, 0, sizeof(u64) * __ZTDROP_LAST);
	memset(would_drop, 0, sizeof(u64) * __ZTDROP_LAST);
	if (!zt->fw_stats)
		return;
	for_each_possible_cpu(cpu)
		ztnet_fw_stats_add(per_cpu_ptr(zt->fw_stats, cpu), dropped,
				   would_drop);
}

u32 ztnet_fw_flow_count(struct ztnet_device *zt)
{
	return zt->flows ? ztnet_flow_count(zt->flows) : 0;
}

int ztnet_fw_module_init(void)
{
	return ztnet_flow_module_init();
}

void ztnet_fw_module_uninit(void)
{
	ztnet_flow_module_uninit();
}
