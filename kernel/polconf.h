/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device's configured policy: what SET_DEVICE said and GET_DEVICE
 * reports, rules and group lists kept as the attributes they came in.
 * The policy object (policy.h) is built from it.  A change works on a
 * copy, made in the plan, and the copy replaces the device's at apply, so
 * that a change that fails leaves it untouched.  The copy is changed and
 * built under the device's policy_lock alone; it replaces the device's
 * under policy_lock and update_lock, which readers take.
 */
#ifndef _ZTNET_POLCONF_H
#define _ZTNET_POLCONF_H

#include <linux/hashtable.h>
#include <linux/refcount.h>
#include <net/netlink.h>

#include "uapi/ztnet.h"

struct ztnet_device;
struct ztnet_plan;
struct ztnet_policy;

/*
 * Attributes as they came, padded, shared between a configuration and
 * its copies.  A rule's is a list holding the one rule, as rulenl.c
 * parses it; a peer's groups are the ZTPEER_A_GROUPS attribute.
 */
struct ztnet_pblob {
	refcount_t ref;
	u32 len;
	u8 data[] __aligned(NLA_ALIGNTO);
};

struct ztnet_prule {
	u32 number;
	struct ztnet_pblob *blob;
};

struct ztnet_pmember {
	struct hlist_node node;
	u8 key[ZTNET_KEY_LEN];
	struct ztnet_pblob *groups;
};

#define ZTNET_MEMBER_BITS 10

struct ztnet_policy_conf {
	u8 mode;
	u8 default_action[__ZTRULE_DIR_LAST];
	u64 generation;
	u32 max_flows;
	u32 max_peer_flows;
	u32 timeout_sec[__ZTTIMEOUT_A_LAST];
	u32 *protect;
	u32 protect_len;
	/* Sorted by number, which is their order in the object too. */
	struct ztnet_prule *rules;
	u32 rules_len;
	u32 next_number;
	DECLARE_HASHTABLE(members, ZTNET_MEMBER_BITS);
	u32 members_len;
	/* Of the object last built from it, for GET_DEVICE. */
	u32 groups_len;
	u64 memory;
};

/* A rule's attributes inside its blob, and its name if it has one. */
const struct nlattr *ztnet_pblob_rule(const struct ztnet_pblob *blob);
const char *ztnet_pblob_rule_name(const struct ztnet_pblob *blob);

/* The device's configuration, or the defaults' when it has none. */
const struct ztnet_policy_conf *ztnet_polconf_get(struct ztnet_device *zt);
const struct ztnet_pblob *ztnet_polconf_groups(const struct ztnet_policy_conf *conf,
					       const u8 *key);

/* Validates a request's policy and groups as it comes; needs no device. */
int ztnet_polconf_validate(struct nlattr **attrs, struct netlink_ext_ack *extack);

/*
 * In the plan: the configuration and object the change leads to, if it
 * touches the policy at all.  Then apply publishes them, and what they
 * replace is freed after a grace period, by release.
 */
struct ztnet_polconf_change {
	struct ztnet_policy_conf *conf;
	struct ztnet_policy *policy;
	bool touched;
};

int ztnet_polconf_plan(struct ztnet_plan *plan, struct ztnet_polconf_change *change,
		       struct netlink_ext_ack *extack);
int ztnet_polconf_hook(struct ztnet_device *zt, struct ztnet_polconf_change *change,
		       struct netlink_ext_ack *extack);
void ztnet_polconf_apply(struct ztnet_device *zt, struct ztnet_polconf_change *change);
void ztnet_polconf_release(struct ztnet_polconf_change *change);
void ztnet_polconf_clear(struct ztnet_device *zt);

#endif /* _ZTNET_POLCONF_H */
