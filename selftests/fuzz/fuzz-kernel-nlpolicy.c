// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the module's netlink policy (kernel/nlpolicy.c, compiled unchanged
 * against kshim/) with a userspace mirror of the kernel's strict
 * validation.  The input is the attribute stream of a request, after the
 * generic netlink header.
 *
 * When a stream validates, the checks below walk it again and hold it to
 * what the handlers rely on and uapi/ztnet.h promises: keys of exactly
 * ZTNET_KEY_LEN bytes, a NUL-terminated name that fits a device, flags
 * within their masks, prefix lengths of at most 128.  They are written from
 * the uapi header, not from the policy, so a policy that is too loose
 * fails here.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if.h>
#include <linux/in.h>

#include "nlpolicy.h"
#include "tool-attrs.h"

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-kernel-nlpolicy: invariant broken: %s\n",
			what);
		abort();
	}
}

static void require_len(const struct nlattr *nla, int len, const char *what)
{
	require(nla_len(nla) == len, what);
}

static void check_allowedip(const struct nlattr *attr)
{
	switch (nla_type(attr)) {
	case ZTALLOWEDIP_A_FAMILY:
		require_len(attr, 2, "allowed-IP family is a u16");
		break;
	case ZTALLOWEDIP_A_IPADDR:
		require(nla_len(attr) >= 4, "allowed-IP address has 4 bytes");
		break;
	case ZTALLOWEDIP_A_CIDR_MASK:
		require_len(attr, 1, "CIDR mask is a u8");
		require(nla_get_u8(attr) <= 128, "CIDR mask is at most 128");
		break;
	case ZTALLOWEDIP_A_FLAGS:
		require_len(attr, 4, "allowed-IP flags are a u32");
		require(!(nla_get_u32(attr) & ~__ZTALLOWEDIP_F_ALL),
			"allowed-IP flags are known");
		break;
	default:
		require(false, "allowed-IP attribute type is known");
	}
}

/* Every element of a nested array; empty elements are skipped. */
static void check_array(const struct nlattr *array,
			void (*check)(const struct nlattr *attr))
{
	const struct nlattr *element, *attr;
	int rem, element_rem;

	require(array->nla_type & NLA_F_NESTED, "arrays are flagged nested");
	nla_for_each_nested(element, array, rem)
		nla_for_each_nested(attr, element, element_rem)
			check(attr);
}

static void check_peer(const struct nlattr *attr)
{
	switch (nla_type(attr)) {
	case ZTPEER_A_PUBLIC_KEY:
	case ZTPEER_A_PRESHARED_KEY:
		require_len(attr, ZTNET_KEY_LEN, "peer keys are 32 bytes");
		break;
	case ZTPEER_A_FLAGS:
		require_len(attr, 4, "peer flags are a u32");
		require(!(nla_get_u32(attr) & ~__ZTPEER_F_ALL),
			"peer flags are known");
		break;
	case ZTPEER_A_ENDPOINT:
		require(nla_len(attr) >= (int)sizeof(struct sockaddr_in),
			"endpoint holds a sockaddr_in");
		break;
	case ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
		require_len(attr, 2, "keepalive is a u16");
		break;
	case ZTPEER_A_LAST_HANDSHAKE_TIME:
		require_len(attr, 16, "handshake time is a __kernel_timespec");
		break;
	case ZTPEER_A_RX_BYTES:
	case ZTPEER_A_TX_BYTES:
		require_len(attr, 8, "byte counters are u64");
		break;
	case ZTPEER_A_ALLOWEDIPS:
		check_array(attr, check_allowedip);
		break;
	case ZTPEER_A_PROTOCOL_VERSION:
		require_len(attr, 4, "protocol version is a u32");
		require(nla_get_u32(attr) == 1, "protocol version is 1");
		break;
	case ZTPEER_A_GROUPS:
		/* Its names are polconf.c's to check. */
		break;
	default:
		require(false, "peer attribute type is known");
	}
}

static void check_timeout(const struct nlattr *attr)
{
	require(nla_type(attr) >= 1 && nla_type(attr) <= ZTTIMEOUT_A_MAX,
		"timeout type is known");
	require_len(attr, 4, "a timeout is a u32");
	require(nla_get_u32(attr) >= 1, "a timeout is 1 s at least");
}

static void check_policy_u8(const struct nlattr *attr, unsigned int last)
{
	require_len(attr, 1, "mode and defaults are u8");
	require(nla_get_u8(attr) < last, "mode and defaults are known");
}

static void check_policy(const struct nlattr *attr)
{
	const struct nlattr *timeout;
	int rem;

	switch (nla_type(attr)) {
	case ZTPOLICY_A_MODE:
		check_policy_u8(attr, __ZTPOLICY_MODE_LAST);
		break;
	case ZTPOLICY_A_DEFAULT_IN:
	case ZTPOLICY_A_DEFAULT_OUT:
		check_policy_u8(attr, __ZTRULE_ACTION_LAST);
		break;
	case ZTPOLICY_A_FLAGS:
		require_len(attr, 4, "policy flags are a u32");
		require(!(nla_get_u32(attr) & ~__ZTPOLICY_F_ALL), "policy flags are known");
		break;
	case ZTPOLICY_A_RULES:
	case ZTPOLICY_A_PROTECT:
		/* Arrays that rulenl.c and polconf.c check element by element. */
		break;
	case ZTPOLICY_A_MAX_FLOWS:
	case ZTPOLICY_A_MAX_PEER_FLOWS:
		require_len(attr, 4, "flow caps are u32");
		require(nla_get_u32(attr) >= 1, "flow caps are 1 at least");
		break;
	case ZTPOLICY_A_TIMEOUTS:
		nla_for_each_nested(timeout, attr, rem)
			check_timeout(timeout);
		break;
	case ZTPOLICY_A_GENERATION:
		require_len(attr, 8, "the generation is a u64");
		break;
	default:
		require(false, "a SET's policy attribute type is known");
	}
}

static void check_ifname(const struct nlattr *attr)
{
	const char *name = nla_data(attr);
	int len = nla_len(attr);

	require(len >= 1 && memchr(name, '\0', len), "ifname has its NUL");
	require(strnlen(name, len) < IFNAMSIZ, "ifname fits a device");
}

static void check_device(const struct nlattr *attr)
{
	switch (nla_type(attr)) {
	case ZTDEVICE_A_IFINDEX:
	case ZTDEVICE_A_FWMARK:
	case ZTDEVICE_A_STAGED:
		require_len(attr, 4, "ifindex, fwmark and staged are u32");
		break;
	case ZTDEVICE_A_IFNAME:
		check_ifname(attr);
		break;
	case ZTDEVICE_A_PRIVATE_KEY:
	case ZTDEVICE_A_PUBLIC_KEY:
		require_len(attr, ZTNET_KEY_LEN, "device keys are 32 bytes");
		break;
	case ZTDEVICE_A_FLAGS:
		require_len(attr, 4, "device flags are a u32");
		require(!(nla_get_u32(attr) & ~__ZTDEVICE_F_ALL),
			"device flags are known");
		break;
	case ZTDEVICE_A_LISTEN_PORT:
		require_len(attr, 2, "listen port is a u16");
		break;
	case ZTDEVICE_A_PEERS:
		check_array(attr, check_peer);
		break;
	case ZTDEVICE_A_POLICY: {
		const struct nlattr *inner;
		int rem;

		nla_for_each_nested(inner, attr, rem)
			check_policy(inner);
		break;
	}
	default:
		require(false, "device attribute type is known");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlattr *head = (const struct nlattr *)data;
	struct netlink_ext_ack extack;
	const struct nlattr *attr;
	int len, rem, err;

	/* A request travels in one skb: its attributes are under 64 KiB. */
	if (size > UINT16_MAX)
		return 0;
	len = (int)size;
	err = nla_validate(head, len, ZTDEVICE_A_MAX, ztnet_device_policy,
			   &extack);
	if (err) {
		require(err == -EINVAL || err == -ERANGE,
			"refusals are EINVAL or ERANGE");
		require(extack._msg, "a refusal explains itself");
		return 0;
	}
	nla_for_each_attr(attr, head, len, rem)
		check_device(attr);
	require(ztnet_tool_accepts_device_attrs(data, size),
		"the tool accepts what the kernel accepts");
	return 0;
}
