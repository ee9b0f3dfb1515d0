/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plaintext lockdown: the local services a policy protects (Protect =)
 * may be reached only through a ztnet device.  A netfilter hook at
 * NF_INET_LOCAL_IN, in the namespace the device lives in, drops what
 * reaches them over any other interface but loopback.
 */
#ifndef _ZTNET_LOCKDOWN_H
#define _ZTNET_LOCKDOWN_H

#include <linux/netfilter.h>

struct ztnet_device;

/* A device's hooks, IPv4 and IPv6, and where they are registered. */
struct ztnet_lockdown {
	struct nf_hook_ops ops[2];
	/* Not a reference: the hooks go before the device leaves it. */
	struct net *net;
};

/*
 * Under RTNL, before a policy that protects services is published: the
 * hooks are in place first, so that the change cannot fail after it.
 * They let everything through until such a policy is in force.
 */
int ztnet_lockdown_prepare(struct ztnet_device *zt, bool needed);
/* Under RTNL, after a policy is published: removes hooks it no longer needs. */
void ztnet_lockdown_settle(struct ztnet_device *zt);
/*
 * Under RTNL, as the device comes up (ndo_open): the hooks its policy
 * needs, which a move to another namespace may have failed to register
 * there, are registered now, or the device stays down with the error.
 */
int ztnet_lockdown_restore(struct ztnet_device *zt);

int ztnet_lockdown_init(void);
void ztnet_lockdown_uninit(void);

#endif /* _ZTNET_LOCKDOWN_H */
