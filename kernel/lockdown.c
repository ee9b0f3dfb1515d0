// SPDX-License-Identifier: GPL-2.0
/*
 * Plaintext lockdown (lockdown.h).  The hooks follow the device: a
 * device that moves to another namespace takes them along, through the
 * netdevice notifier, and a device that goes removes them before its
 * state can be freed (unregistering waits for running hooks).  A device
 * whose hooks could not follow it does not come up until they do.
 *
 * The hook runs just before nftables' filter chains (NF_IP_PRI_FILTER -
 * 1), so a protected port is closed whatever those chains accept, and a
 * packet they would drop anyway is still counted as plaintext here.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/rtnetlink.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "debug.h"
#include "device.h"
#include "event.h"
#include "firewall.h"
#include "lockdown.h"
#include "policy.h"

/* Counts a packet to a protected port, dropped or, in audit, let through. */
static void ztnet_lockdown_count(struct ztnet_device *zt, bool audit)
{
	struct ztnet_fw_stats *stats;

	local_bh_disable();
	stats = this_cpu_ptr(zt->fw_stats);
	u64_stats_update_begin(&stats->syncp);
	if (audit)
		stats->would_drop[ZTDROP_PLAINTEXT]++;
	else
		stats->dropped[ZTDROP_PLAINTEXT]++;
	u64_stats_update_end(&stats->syncp);
	local_bh_enable();
}

/* Loopback and every ztnet device are the ways in that need no lock. */
static bool ztnet_lockdown_trusted(const struct net_device *in)
{
	return !in || (in->flags & IFF_LOOPBACK) || ztnet_device_is_ours(in);
}

/* The packet's addresses, for the event. */
static void ztnet_lockdown_addrs(struct sk_buff *skb, u8 pf,
				 struct ztnet_rule_pkt *pkt)
{
	if (pf == NFPROTO_IPV4) {
		pkt->family = AF_INET;
		memcpy(&pkt->src, &ip_hdr(skb)->saddr, 4);
		memcpy(&pkt->dst, &ip_hdr(skb)->daddr, 4);
	} else {
		pkt->family = AF_INET6;
		pkt->src = ipv6_hdr(skb)->saddr;
		pkt->dst = ipv6_hdr(skb)->daddr;
	}
}

/* A packet the lockdown stopped, or would have in audit mode. */
static void ztnet_lockdown_report(struct ztnet_device *zt, struct sk_buff *skb,
				  u8 pf, struct ztnet_rule_pkt *pkt, bool audit)
{
	struct ztnet_event ev = {
		.type = audit ? ZTEVENT_PLAINTEXT_WOULD_BLOCK :
				ZTEVENT_PLAINTEXT_BLOCK,
		.reason = ZTDROP_PLAINTEXT,
		.pkt = pkt,
	};

	ztnet_lockdown_addrs(skb, pf, pkt);
	pkt->dir = ZTRULE_DIR_IN;
	ztnet_lockdown_count(zt, audit);
	ztnet_event_send(zt, &ev);
}

/* The L4 protocol and ports, into pkt; false for what has no port here. */
static bool ztnet_lockdown_port(struct sk_buff *skb, u8 pf,
				struct ztnet_rule_pkt *pkt)
{
	unsigned int offset;
	__be16 _ports[2];
	const __be16 *ports;
	int nexthdr;

	if (pf == NFPROTO_IPV4) {
		/* LOCAL_IN comes after IPv4 reassembly: never a fragment. */
		nexthdr = ip_hdr(skb)->protocol;
		offset = skb_network_offset(skb) + ip_hdrlen(skb);
	} else {
		unsigned short frag_off = 0;
		int off = 0;

		/* IPv6 reassembles later; a first fragment holds the ports. */
		nexthdr = ipv6_find_hdr(skb, &off, -1, &frag_off, NULL);
		if (nexthdr < 0 || frag_off)
			return false;
		offset = off;
	}
	if (nexthdr != IPPROTO_TCP && nexthdr != IPPROTO_UDP &&
	    nexthdr != IPPROTO_SCTP)
		return false;
	ports = skb_header_pointer(skb, offset, sizeof(_ports), _ports);
	if (!ports)
		return false;
	pkt->proto = nexthdr;
	pkt->sport = ntohs(ports[0]);
	pkt->dport = ntohs(ports[1]);
	return true;
}

static unsigned int ztnet_lockdown_hook(void *priv, struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	struct ztnet_device *zt = priv;
	const struct ztnet_policy *policy;
	struct ztnet_rule_pkt pkt = {};
	bool audit;

	/* Netfilter runs hooks under rcu_read_lock(). */
	policy = rcu_dereference(zt->policy);
	if (!policy || !policy->protect_len || ztnet_lockdown_trusted(state->in))
		return NF_ACCEPT;
	if (!ztnet_lockdown_port(skb, state->pf, &pkt) ||
	    !ztnet_policy_protects(policy, pkt.proto, pkt.dport))
		return NF_ACCEPT;
	audit = policy->mode == ZTPOLICY_MODE_AUDIT;
	ztnet_lockdown_report(zt, skb, state->pf, &pkt, audit);
	return audit ? NF_ACCEPT : NF_DROP;
}

static bool ztnet_lockdown_needed(struct ztnet_device *zt)
{
	const struct ztnet_policy *policy;

	policy = rcu_dereference_rtnl(zt->policy);
	return policy && policy->protect_len;
}

static int ztnet_lockdown_register(struct ztnet_device *zt)
{
	struct ztnet_lockdown *ld = &zt->lockdown;
	static const u8 pfs[] = { NFPROTO_IPV4, NFPROTO_IPV6 };
	struct net *net = dev_net(zt->dev);
	int i, err;

	ASSERT_RTNL();
	if (ld->net)
		return 0;
	if (ztnet_debug_fail_lockdown())
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(ld->ops); i++) {
		ld->ops[i] = (struct nf_hook_ops) {
			.hook = ztnet_lockdown_hook,
			.priv = zt,
			.pf = pfs[i],
			.hooknum = NF_INET_LOCAL_IN,
			.priority = NF_IP_PRI_FILTER - 1,
		};
	}
	err = nf_register_net_hooks(net, ld->ops, ARRAY_SIZE(ld->ops));
	if (err)
		return err;
	ld->net = net;
	return 0;
}

static void ztnet_lockdown_unregister(struct ztnet_device *zt)
{
	struct ztnet_lockdown *ld = &zt->lockdown;

	ASSERT_RTNL();
	if (!ld->net)
		return;
	nf_unregister_net_hooks(ld->net, ld->ops, ARRAY_SIZE(ld->ops));
	ld->net = NULL;
}

int ztnet_lockdown_prepare(struct ztnet_device *zt, bool needed)
{
	return needed ? ztnet_lockdown_register(zt) : 0;
}

void ztnet_lockdown_settle(struct ztnet_device *zt)
{
	if (!ztnet_lockdown_needed(zt))
		ztnet_lockdown_unregister(zt);
}

int ztnet_lockdown_restore(struct ztnet_device *zt)
{
	int err;

	if (!ztnet_lockdown_needed(zt))
		return 0;
	err = ztnet_lockdown_register(zt);
	if (err)
		netdev_warn(zt->dev, "cannot come up: its plaintext lockdown cannot be hooked in this namespace (%d)\n",
			    err);
	return err;
}

/*
 * A device registered in a namespace, new (with no policy yet) or moved
 * there.  A move cannot be refused from here, but it closes the device,
 * so it carries nothing until it is brought up again, which
 * ztnet_lockdown_restore() refuses while the hooks are missing.
 */
static void ztnet_lockdown_arrived(struct ztnet_device *zt)
{
	int err;

	if (!ztnet_lockdown_needed(zt))
		return;
	err = ztnet_lockdown_register(zt);
	if (err)
		netdev_warn(zt->dev, "plaintext lockdown not hooked in the new namespace (%d): the device cannot come up until it is\n",
			    err);
}

/*
 * A device leaving a namespace, to be deleted or moved, unregisters from
 * it (NETDEV_UNREGISTER, still in the old one), and registers again in
 * the new one (NETDEV_REGISTER).  The new registration can only fail for
 * memory.
 */
static int ztnet_lockdown_event(struct notifier_block *nb, unsigned long event,
				void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ztnet_device *zt;

	if (!ztnet_device_is_ours(dev))
		return NOTIFY_DONE;
	zt = netdev_priv(dev);
	if (event == NETDEV_UNREGISTER)
		ztnet_lockdown_unregister(zt);
	else if (event == NETDEV_REGISTER)
		ztnet_lockdown_arrived(zt);
	return NOTIFY_DONE;
}

static struct notifier_block ztnet_lockdown_notifier = {
	.notifier_call = ztnet_lockdown_event,
};

int ztnet_lockdown_init(void)
{
	return register_netdevice_notifier(&ztnet_lockdown_notifier);
}

void ztnet_lockdown_uninit(void)
{
	unregister_netdevice_notifier(&ztnet_lockdown_notifier);
}
