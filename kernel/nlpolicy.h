/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_NLPOLICY_H
#define _ZTNET_NLPOLICY_H

#include <net/netlink.h>

#include "uapi/ztnet.h"

extern const struct nla_policy ztnet_device_policy[ZTDEVICE_A_MAX + 1];
extern const struct nla_policy ztnet_peer_policy[ZTPEER_A_MAX + 1];
extern const struct nla_policy ztnet_allowedip_policy[ZTALLOWEDIP_A_MAX + 1];
extern const struct nla_policy ztnet_spec_policy[ZTSPEC_A_MAX + 1];
extern const struct nla_policy ztnet_rule_policy[ZTRULE_A_MAX + 1];

extern const struct nla_policy ztnet_rule_number_policy[ZTRULE_A_MAX + 1];
extern const struct nla_policy ztnet_timeout_policy[ZTTIMEOUT_A_MAX + 1];
extern const struct nla_policy ztnet_policy_nl_policy[ZTPOLICY_A_MAX + 1];

#endif /* _ZTNET_NLPOLICY_H */
