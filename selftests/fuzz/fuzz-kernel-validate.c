// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the module's validation of SET_DEVICE (kernel/validate.c,
 * compiled unchanged against kshim/) behind its netlink policy, in the
 * order the kernel runs them: generic netlink parses the request against
 * ztnet_device_policy, then the handler calls ztnet_validate_set().  The
 * input is the attribute stream of a request, after the generic netlink
 * header.
 *
 * What passes must be what the handlers may apply without looking again,
 * as uapi/ztnet.h describes it; the checks below are written from there,
 * walking the raw attributes, not from validate.c.  Like the handlers they
 * see the last of several attributes of one type.  What fails must say why.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sodium.h>

#include "nlpolicy.h"
#include "validate.h"

static void require(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz-kernel-validate: invariant broken: %s\n",
			what);
		abort();
	}
}

/* The attribute a handler's tb[type] would hold: the last one. */
static const struct nlattr *last_of(const struct nlattr *nest, int type)
{
	const struct nlattr *attr, *found = NULL;
	int rem;

	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == type)
			found = attr;
	return found;
}

/* Any 32 bytes: zero and low-order keys are taken, as WireGuard takes them. */
static void check_public_key(const struct nlattr *key)
{
	require(key, "a peer has a public key");
	require(nla_len(key) == ZTNET_KEY_LEN, "a public key is 32 bytes");
}

static void check_endpoint(const struct nlattr *endpoint)
{
	sa_family_t family;
	int len = nla_len(endpoint);

	require(len >= (int)sizeof(family), "an endpoint holds a family");
	memcpy(&family, nla_data(endpoint), sizeof(family));
	require((family == AF_INET && len == sizeof(struct sockaddr_in)) ||
		(family == AF_INET6 && len == sizeof(struct sockaddr_in6)),
		"an endpoint is a sockaddr_in or sockaddr_in6");
}

static void check_allowedip(const struct nlattr *ip)
{
	const struct nlattr *family = last_of(ip, ZTALLOWEDIP_A_FAMILY);
	const struct nlattr *addr = last_of(ip, ZTALLOWEDIP_A_IPADDR);
	const struct nlattr *cidr = last_of(ip, ZTALLOWEDIP_A_CIDR_MASK);
	const struct nlattr *flags = last_of(ip, ZTALLOWEDIP_A_FLAGS);
	int bits;

	require(ip->nla_type & NLA_F_NESTED, "an allowed IP is a nest");
	require(family && addr && cidr,
		"an allowed IP has family, address and CIDR");
	require(nla_len(family) == 2 && nla_len(cidr) == 1,
		"family is a u16 and CIDR a u8");
	require(!flags || (nla_len(flags) == 4 &&
			   !(nla_get_u32(flags) & ~__ZTALLOWEDIP_F_ALL)),
		"allowed-IP flags are a u32 of known bits");
	switch (nla_get_u16(family)) {
	case AF_INET:
		bits = 32;
		break;
	case AF_INET6:
		bits = 128;
		break;
	default:
		require(false, "an allowed IP is IPv4 or IPv6");
		return;
	}
	require(nla_len(addr) == bits / 8, "the address fits its family");
	require(nla_get_u8(cidr) <= bits, "the CIDR fits its family");
}

static void check_peer(const struct nlattr *peer)
{
	const struct nlattr *endpoint = last_of(peer, ZTPEER_A_ENDPOINT);
	const struct nlattr *ips = last_of(peer, ZTPEER_A_ALLOWEDIPS);
	const struct nlattr *ip;
	int rem;

	require(peer->nla_type & NLA_F_NESTED, "a peer is a nest");
	check_public_key(last_of(peer, ZTPEER_A_PUBLIC_KEY));
	require(!last_of(peer, ZTPEER_A_RX_BYTES) &&
		!last_of(peer, ZTPEER_A_TX_BYTES) &&
		!last_of(peer, ZTPEER_A_LAST_HANDSHAKE_TIME) &&
		!last_of(peer, ZTPEER_A_ID),
		"a request sets no statistics");
	if (endpoint)
		check_endpoint(endpoint);
	if (!ips)
		return;
	nla_for_each_nested(ip, ips, rem)
		check_allowedip(ip);
}

static void check_accepted(struct nlattr **attrs)
{
	const struct nlattr *peer;
	int rem;

	require(!attrs[ZTDEVICE_A_PUBLIC_KEY], "nobody sets the public key");
	if (!attrs[ZTDEVICE_A_PEERS])
		return;
	nla_for_each_nested(peer, attrs[ZTDEVICE_A_PEERS], rem)
		check_peer(peer);
}

static void check_refused(int err, const struct netlink_ext_ack *extack,
			  const uint8_t *data, size_t size)
{
	const uint8_t *bad = (const uint8_t *)extack->bad_attr;

	require(err == -EINVAL || err == -ERANGE,
		"refusals are EINVAL or ERANGE");
	require(extack->_msg, "a refusal explains itself");
	require(!bad || (bad >= data && bad + NLA_HDRLEN <= data + size),
		"a refusal names an attribute of the request");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlattr *attrs[ZTDEVICE_A_MAX + 1];
	struct netlink_ext_ack extack = { 0 };
	int err;

	/* A request travels in one skb: its attributes are under 64 KiB. */
	if (size > UINT16_MAX)
		return 0;
	err = nla_parse(attrs, ZTDEVICE_A_MAX, (const struct nlattr *)data,
			(int)size, ztnet_device_policy, &extack);
	if (err)
		return 0;	/* fuzz-kernel-nlpolicy holds the policy to account */
	err = ztnet_validate_set(attrs, &extack);
	if (err)
		check_refused(err, &extack, data, size);
	else
		check_accepted(attrs);
	return 0;
}
