// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink attribute policies.  The core validates every request against
 * these before a handler runs, strictly: unknown attributes, wrong lengths
 * and unknown flag bits are refused with an extended ACK naming the
 * attribute.  They are kept apart from the handlers so that the fuzz
 * harness can exercise them alone.
 */

#include <linux/if.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/time64.h>

#include "nlpolicy.h"

const struct nla_policy ztnet_allowedip_policy[ZTALLOWEDIP_A_MAX + 1] = {
	[ZTALLOWEDIP_A_FAMILY]		= { .type = NLA_U16 },
	[ZTALLOWEDIP_A_IPADDR]		= NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[ZTALLOWEDIP_A_CIDR_MASK]	= NLA_POLICY_MAX(NLA_U8, 128),
	[ZTALLOWEDIP_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __ZTALLOWEDIP_F_ALL),
};

const struct nla_policy ztnet_peer_policy[ZTPEER_A_MAX + 1] = {
	[ZTPEER_A_PUBLIC_KEY]		= NLA_POLICY_EXACT_LEN(ZTNET_KEY_LEN),
	[ZTPEER_A_PRESHARED_KEY]	= NLA_POLICY_EXACT_LEN(ZTNET_KEY_LEN),
	[ZTPEER_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __ZTPEER_F_ALL),
	[ZTPEER_A_ENDPOINT]		= NLA_POLICY_MIN_LEN(sizeof(struct sockaddr_in)),
	[ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL] = { .type = NLA_U16 },
	[ZTPEER_A_LAST_HANDSHAKE_TIME]	= NLA_POLICY_EXACT_LEN(sizeof(struct __kernel_timespec)),
	[ZTPEER_A_RX_BYTES]		= { .type = NLA_U64 },
	[ZTPEER_A_TX_BYTES]		= { .type = NLA_U64 },
	[ZTPEER_A_ALLOWEDIPS]		= NLA_POLICY_NESTED_ARRAY(ztnet_allowedip_policy),
	[ZTPEER_A_PROTOCOL_VERSION]	= NLA_POLICY_RANGE(NLA_U32, 1, 1),
	/* An array of NLA_NUL_STRING names, which polconf.c checks. */
	[ZTPEER_A_GROUPS]		= { .type = NLA_NESTED },
	[ZTPEER_A_ID]			= { .type = NLA_U64 },
};

const struct nla_policy ztnet_spec_policy[ZTSPEC_A_MAX + 1] = {
	[ZTSPEC_A_KIND]			= NLA_POLICY_MAX(NLA_U8, __ZTSPEC_KIND_LAST - 1),
	[ZTSPEC_A_FAMILY]		= { .type = NLA_U16 },
	[ZTSPEC_A_IPADDR]		= NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[ZTSPEC_A_CIDR_MASK]		= NLA_POLICY_MAX(NLA_U8, 128),
	[ZTSPEC_A_GROUP]		= { .type = NLA_NUL_STRING, .len = ZTRULE_NAME_MAX },
	[ZTSPEC_A_PUBLIC_KEY]		= NLA_POLICY_EXACT_LEN(ZTNET_KEY_LEN),
};

/* The port lists are arrays of NLA_U32 that the rule parser checks. */
const struct nla_policy ztnet_rule_policy[ZTRULE_A_MAX + 1] = {
	[ZTRULE_A_ACTION]		= NLA_POLICY_MAX(NLA_U8, __ZTRULE_ACTION_LAST - 1),
	[ZTRULE_A_DIRECTION]		= NLA_POLICY_MAX(NLA_U8, __ZTRULE_DIR_LAST - 1),
	[ZTRULE_A_FROM]			= NLA_POLICY_NESTED_ARRAY(ztnet_spec_policy),
	[ZTRULE_A_TO]			= NLA_POLICY_NESTED_ARRAY(ztnet_spec_policy),
	[ZTRULE_A_PROTO]		= { .type = NLA_U8 },
	[ZTRULE_A_PORTS]		= { .type = NLA_NESTED },
	[ZTRULE_A_SPORTS]		= { .type = NLA_NESTED },
	[ZTRULE_A_ICMP_TYPE]		= { .type = NLA_U8 },
	[ZTRULE_A_ICMP_CODE]		= { .type = NLA_U8 },
	[ZTRULE_A_NAME]			= { .type = NLA_NUL_STRING, .len = ZTRULE_NAME_MAX },
};

/* A rule named for deletion: its number and nothing else. */
const struct nla_policy ztnet_rule_number_policy[ZTRULE_A_MAX + 1] = {
	[ZTRULE_A_NUMBER]		= NLA_POLICY_MIN(NLA_U32, 1),
};

/* At most S32_MAX, which polconf.c checks: the bounds here are s16. */
const struct nla_policy ztnet_timeout_policy[ZTTIMEOUT_A_MAX + 1] = {
	[ZTTIMEOUT_A_TCP_OPENING]	= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTTIMEOUT_A_TCP_ESTABLISHED]	= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTTIMEOUT_A_TCP_CLOSING]	= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTTIMEOUT_A_UDP]		= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTTIMEOUT_A_ICMP]		= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTTIMEOUT_A_OTHER]		= NLA_POLICY_MIN(NLA_U32, 1),
};

/*
 * What SET_DEVICE takes of a policy.  The rules and the protected
 * services are arrays that polconf.c checks element by element; what
 * only GET reports is left out, so a SET that carries it is refused.
 */
const struct nla_policy ztnet_policy_nl_policy[ZTPOLICY_A_MAX + 1] = {
	[ZTPOLICY_A_MODE]		= NLA_POLICY_MAX(NLA_U8, __ZTPOLICY_MODE_LAST - 1),
	[ZTPOLICY_A_DEFAULT_IN]		= NLA_POLICY_MAX(NLA_U8, __ZTRULE_ACTION_LAST - 1),
	[ZTPOLICY_A_DEFAULT_OUT]	= NLA_POLICY_MAX(NLA_U8, __ZTRULE_ACTION_LAST - 1),
	[ZTPOLICY_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __ZTPOLICY_F_ALL),
	[ZTPOLICY_A_RULES]		= { .type = NLA_NESTED },
	[ZTPOLICY_A_PROTECT]		= { .type = NLA_NESTED },
	[ZTPOLICY_A_MAX_FLOWS]		= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTPOLICY_A_MAX_PEER_FLOWS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[ZTPOLICY_A_TIMEOUTS]		= NLA_POLICY_NESTED(ztnet_timeout_policy),
	[ZTPOLICY_A_GENERATION]		= { .type = NLA_U64 },
};

const struct nla_policy ztnet_device_policy[ZTDEVICE_A_MAX + 1] = {
	[ZTDEVICE_A_IFINDEX]		= { .type = NLA_U32 },
	[ZTDEVICE_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZTDEVICE_A_PRIVATE_KEY]	= NLA_POLICY_EXACT_LEN(ZTNET_KEY_LEN),
	[ZTDEVICE_A_PUBLIC_KEY]		= NLA_POLICY_EXACT_LEN(ZTNET_KEY_LEN),
	[ZTDEVICE_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __ZTDEVICE_F_ALL),
	[ZTDEVICE_A_LISTEN_PORT]	= { .type = NLA_U16 },
	[ZTDEVICE_A_FWMARK]		= { .type = NLA_U32 },
	[ZTDEVICE_A_PEERS]		= NLA_POLICY_NESTED_ARRAY(ztnet_peer_policy),
	[ZTDEVICE_A_STAGED]		= { .type = NLA_U32 },
	[ZTDEVICE_A_POLICY]		= NLA_POLICY_NESTED(ztnet_policy_nl_policy),
};
