/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the UAPI header, and struct nf_hook_ops, which device.h holds
 * (lockdown.h) though no fuzz target registers a hook.
 */
#ifndef ZTNET_KSHIM_LINUX_NETFILTER_H
#define ZTNET_KSHIM_LINUX_NETFILTER_H

#include_next <linux/netfilter.h>
#include <linux/types.h>

struct nf_hook_ops {
	void *hook;
	void *dev;
	void *priv;
	u8 pf;
	unsigned int hooknum;
	int priority;
};

#endif /* ZTNET_KSHIM_LINUX_NETFILTER_H */
