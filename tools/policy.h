/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device's microsegment policy (uapi/ztnet.h, "Policy"), as a config
 * file's [Policy] section, `set` words and GET_DEVICE replies hold it,
 * and peers' groups.  Every setting has a has_ flag: a SET leaves out
 * what is not had, and the kernel keeps it as it is.
 *
 * Pure: the parsers fill structs and the printers write to a FILE.
 */
#ifndef ZTNET_POLICY_H
#define ZTNET_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "device.h"
#include "rule.h"
#include "value.h"

/* The kernel's defaults (uapi/ztnet.h), which showconf leaves out. */
#define ZTNET_POLICY_MAX_FLOWS		65536
#define ZTNET_POLICY_MAX_PEER_FLOWS	4096
#define ZTNET_TIMEOUT_MAX		0x7fffffffU
#define ZTNET_PROTECT_MAX		1024

/* A rule in force, or one of a request. */
struct ztnet_policy_rule {
	struct ztnet_rule rule;
	bool by_number;		/* a request: names a rule in force */
	uint32_t number;	/* 0: not known */
	uint64_t packets, bytes, flows;
};

struct ztnet_policy {
	bool has_mode, has_default_in, has_default_out;
	uint8_t mode;			/* enum ztpolicy_mode */
	uint8_t default_in, default_out;	/* enum ztrule_action */
	bool has_protect;
	uint32_t *protect;		/* proto << 16 | port */
	size_t protect_len;
	bool has_max_flows, has_max_peer_flows;
	uint32_t max_flows, max_peer_flows;
	bool has_timeout[ZTTIMEOUT_A_MAX + 1];
	uint32_t timeout[ZTTIMEOUT_A_MAX + 1];
	bool replace_rules, delete_rules;
	bool has_generation;
	uint64_t generation;
	struct ztnet_policy_rule *rules;
	size_t rules_len, rules_cap;
	/* GET only. */
	uint64_t drops[ZTDROP_MAX + 1], would_drop[ZTDROP_MAX + 1];
	uint32_t flows, groups;
	uint64_t memory;
};

/* dev's policy, made (empty) if it has none; exits if memory runs out. */
struct ztnet_policy *ztnet_policy_of(struct ztnet_device *dev);

/* Appends a rule (taking what it holds) and returns its slot. */
/* Whether the peer is in the group already. */
bool ztnet_peer_in_group(const struct ztnet_peer *peer, const char *name);

struct ztnet_policy_rule *ztnet_policy_add_rule(struct ztnet_policy *policy,
						struct ztnet_rule *rule);

/* Frees the policy and what it holds; NULL is fine. */
void ztnet_policy_free(struct ztnet_policy *policy);

/*
 * Sets everything a whole configuration says, the kernel's defaults
 * for what it leaves out, as setconf resets a port left out.
 */
void ztnet_policy_set_defaults(struct ztnet_policy *policy);

/* Moves the rules of from to the end of to. */
void ztnet_policy_take_rules(struct ztnet_policy *to,
			     struct ztnet_policy *from);

/* "off", "enforce" or "audit". */
bool ztnet_parse_mode(const char *text, uint8_t *mode,
		      struct ztnet_parse_error *err);
/* "accept", "drop" or "reject"; what names the setting goes in err. */
bool ztnet_parse_action(const char *text, uint8_t *action, const char *what,
			struct ztnet_parse_error *err);
/* "tcp/5432,udp/53" without white space; "" or "none" is the empty set. */
bool ztnet_parse_protect(const char *text, struct ztnet_policy *policy,
			 struct ztnet_parse_error *err);
/* A number of flows, 1 to 2^32 - 1. */
bool ztnet_parse_flows(const char *text, uint32_t *value, const char *what,
		       struct ztnet_parse_error *err);
/* The timeout that a config key names (TimeoutUdp), or 0. */
int ztnet_timeout_find(const char *key);
/* Seconds, 1 to 2^31 - 1. */
bool ztnet_parse_timeout(const char *text, uint32_t *value, const char *what,
			 struct ztnet_parse_error *err);
/*
 * "web,prod" without white space, replacing the peer's groups;
 * "" or "none" is no group.  Duplicates are refused.
 */
bool ztnet_parse_groups(const char *text, struct ztnet_peer *peer,
			struct ztnet_parse_error *err);

const char *ztnet_mode_name(uint8_t mode);
const char *ztnet_action_name(uint8_t action);
const char *ztnet_timeout_key(int timeout);

/* "tcp/5432, udp/53", as Protect = takes it. */
void ztnet_protect_print(FILE *out, const struct ztnet_policy *policy);
/* "web, prod", as Groups = takes it. */
void ztnet_groups_print(FILE *out, const struct ztnet_peer *peer,
			const char *sep);

/*
 * Whether the policy differs from a device's defaults, so that showconf
 * must print a [Policy] section for setconf to restore it.
 */
bool ztnet_policy_is_default(const struct ztnet_policy *policy);

/* The [Policy] section as showconf prints it; settings at their default are left out. */
void ztnet_policy_conf_print(FILE *out, const struct ztnet_policy *policy);

/* Checks limits across the file: groups named in all, per peer. */
bool ztnet_policy_check_groups(const struct ztnet_device *dev,
			       struct ztnet_parse_error *err);

#endif /* ZTNET_POLICY_H */
