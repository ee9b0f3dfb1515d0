// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of every fuzz target, so that the committed
 * seeds can be regenerated and reviewed: `make corpus`.
 *
 *   mkcorpus <dir>    writes <dir>/<target>/<seed>
 *
 * Seeds are small and few: valid inputs so that the fuzzer starts deep in
 * the code, and near misses so that it starts next to each check.
 *
 * fuzz-handshake writes its own seeds (ZTNET_FUZZ_HANDSHAKE_SEEDS; see
 * fuzz-handshake.c): valid handshake messages need the kernel's crypto,
 * which only that target links.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ztnet.h>

#include "nlbuild.h"

static const char *out_dir;
static char buf[4096] __attribute__((aligned(8)));

static void die(const char *what)
{
	fprintf(stderr, "mkcorpus: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_seed(const char *target, const char *name,
		       const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	if (mkdir(path, 0755) && errno != EEXIST)
		die(path);
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f))
		die(path);
}

static void key_seed(const char *name, const char *text)
{
	write_seed("fuzz-key", name, text, strlen(text));
}

static void key_seeds(void)
{
	key_seed("valid", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=");
	key_seed("valid-newline",
		 "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\n");
	key_seed("valid-crlf-tab",
		 "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=\r\n\t ");
	key_seed("zero", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
	key_seed("all-ones", "//////////////////////////////////////////8=");
	key_seed("noncanonical", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmp=");
	key_seed("short", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTm=");
	key_seed("long", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmoA=");
	key_seed("no-pad", "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmoA");
	key_seed("bad-char", "hSDwCYkwp1R0i33ctD73Wg2-Og0mOBr066SpjqqbTmo=");
	key_seed("leading-space", " hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=");
}

/* Arguments after the program name, NUL-separated. */
#define ARGS_SEED(name, args) \
	write_seed("fuzz-show-args", name, args, sizeof(args) - 1)

static void args_seeds(void)
{
	ARGS_SEED("show", "show");
	ARGS_SEED("show-all", "show\0all");
	ARGS_SEED("show-interfaces", "show\0interfaces");
	ARGS_SEED("show-name", "show\0zt0");
	ARGS_SEED("show-name-15", "show\0abcdefghijklmno");
	ARGS_SEED("show-name-16", "show\0abcdefghijklmnop");
	ARGS_SEED("show-empty-name", "show\0\0");
	ARGS_SEED("show-too-many", "show\0zt0\0extra");
	ARGS_SEED("show-help", "show\0--help");
	ARGS_SEED("help", "--help");
	ARGS_SEED("version", "--version");
	ARGS_SEED("unknown", "frobnicate\0zt0");
	ARGS_SEED("genkey", "genkey");
	ARGS_SEED("show-name-dump", "show\0zt0\0dump");
	ARGS_SEED("show-all-peers", "show\0all\0peers");
	ARGS_SEED("show-bad-field", "show\0zt0\0Dump");
	ARGS_SEED("show-interfaces-field", "show\0interfaces\0dump");
	ARGS_SEED("showconf", "showconf\0zt0");
}

static struct nlmsghdr *start_message(uint8_t cmd)
{
	struct nlmsghdr *nlh = ztnet_nlbuild_start(buf, sizeof(buf),
						   GENL_MIN_ID + 7, cmd);

	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 1;
	return nlh;
}

static void put_key(struct nlmsghdr *nlh, uint16_t type, uint8_t fill)
{
	uint8_t key[ZTNET_KEY_LEN];

	memset(key, fill, sizeof(key));
	mnl_attr_put(nlh, type, sizeof(key), key);
}

static void put_allowedip(struct nlmsghdr *nlh, int family, const char *addr,
			  uint8_t cidr)
{
	struct nlattr *ip = mnl_attr_nest_start(nlh, 0);
	uint8_t raw[16];

	inet_pton(family, addr, raw);
	mnl_attr_put_u16(nlh, ZTALLOWEDIP_A_FAMILY, family);
	mnl_attr_put(nlh, ZTALLOWEDIP_A_IPADDR,
		     family == AF_INET ? 4 : 16, raw);
	mnl_attr_put_u8(nlh, ZTALLOWEDIP_A_CIDR_MASK, cidr);
	mnl_attr_nest_end(nlh, ip);
}

/* One peer with every attribute SET_DEVICE takes; cidr of its first IP. */
static void put_peer(struct nlmsghdr *nlh, uint32_t flags, uint8_t cidr)
{
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0);
	struct sockaddr_in endpoint = {
		.sin_family = AF_INET,
		.sin_port = htons(51820),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct nlattr *ips;

	put_key(nlh, ZTPEER_A_PUBLIC_KEY, 0x42);
	put_key(nlh, ZTPEER_A_PRESHARED_KEY, 0x17);
	mnl_attr_put_u32(nlh, ZTPEER_A_FLAGS, flags);
	mnl_attr_put(nlh, ZTPEER_A_ENDPOINT, sizeof(endpoint), &endpoint);
	mnl_attr_put_u16(nlh, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	mnl_attr_put_u32(nlh, ZTPEER_A_PROTOCOL_VERSION, 1);
	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	put_allowedip(nlh, AF_INET, "10.0.0.0", cidr);
	put_allowedip(nlh, AF_INET6, "fd00::", 64);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
}

/* A peer whose one allowed IP carries @flags, as `allowed-ips -IP` sends. */
static void put_allowedip_flags(struct nlmsghdr *nlh, uint32_t flags)
{
	struct nlattr *peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0);
	struct nlattr *ips, *ip;

	put_key(nlh, ZTPEER_A_PUBLIC_KEY, 0x42);
	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	ip = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTALLOWEDIP_A_FAMILY, AF_INET);
	mnl_attr_put(nlh, ZTALLOWEDIP_A_IPADDR, 4, "\x0a\x01\x00\x00");
	mnl_attr_put_u8(nlh, ZTALLOWEDIP_A_CIDR_MASK, 16);
	mnl_attr_put_u32(nlh, ZTALLOWEDIP_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, ip);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
}

static void put_peers(struct nlmsghdr *nlh, uint32_t flags, uint8_t cidr)
{
	struct nlattr *peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);

	put_peer(nlh, flags, cidr);
	mnl_attr_nest_end(nlh, peers);
}

static void reply_seed(const char *name, const struct nlmsghdr *nlh)
{
	write_seed("fuzz-device-reply", name, nlh, nlh->nlmsg_len);
}

static struct nlmsghdr *device_reply(const char *ifname)
{
	struct nlmsghdr *nlh = start_message(ZTNET_CMD_GET_DEVICE);

	mnl_attr_put_u32(nlh, ZTDEVICE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, ifname);
	return nlh;
}

/* GET_DEVICE with a policy and a peer with groups; an event; flows. */
static void policy_reply_seeds(void)
{
	const struct ztnet_nlbuild_counts counts = { .packets = 10 };
	struct nlmsghdr *nlh = device_reply("zt0");
	struct nlattr *policy, *nest, *peers, *peer;

	policy = mnl_attr_nest_start(nlh, ZTDEVICE_A_POLICY);
	mnl_attr_put_u8(nlh, ZTPOLICY_A_MODE, ZTPOLICY_MODE_ENFORCE);
	mnl_attr_put_u8(nlh, ZTPOLICY_A_DEFAULT_IN, ZTRULE_DROP);
	nest = mnl_attr_nest_start(nlh, ZTPOLICY_A_PROTECT);
	mnl_attr_put_u32(nlh, 0, 6U << 16 | 22);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ZTPOLICY_A_TIMEOUTS);
	mnl_attr_put_u32(nlh, ZTTIMEOUT_A_UDP, 30);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u64(nlh, ZTPOLICY_A_GENERATION, 3);
	nest = mnl_attr_nest_start(nlh, ZTPOLICY_A_RULES);
	ztnet_nlbuild_rule(nlh, ZTRULE_ACCEPT, 1, "db", &counts);
	ztnet_nlbuild_rule(nlh, ZTRULE_ACCEPT, 2, "db", &counts);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_nest_end(nlh, policy);
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	put_key(nlh, ZTPEER_A_PUBLIC_KEY, 0x33);
	nest = mnl_attr_nest_start(nlh, ZTPEER_A_GROUPS);
	mnl_attr_put_strz(nlh, 0, "web");
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	reply_seed("policy", nlh);

	nlh = start_message(ZTNET_CMD_EVENT);
	mnl_attr_put_u8(nlh, ZTEVENT_A_TYPE, ZTEVENT_FLOW_DENY);
	mnl_attr_put_strz(nlh, ZTEVENT_A_IFNAME, "zt0");
	put_key(nlh, ZTEVENT_A_PUBLIC_KEY, 0x33);
	mnl_attr_put_u16(nlh, ZTEVENT_A_FAMILY, AF_INET);
	mnl_attr_put_u32(nlh, ZTEVENT_A_SRC, htonl(0x0a000002));
	mnl_attr_put_u32(nlh, ZTEVENT_A_DST, htonl(0x0a000005));
	mnl_attr_put_u8(nlh, ZTEVENT_A_REASON, ZTDROP_NO_RULE);
	reply_seed("event", nlh);

	nlh = start_message(ZTNET_CMD_GET_FLOWS);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	nest = mnl_attr_nest_start(nlh, ZTDEVICE_A_FLOWS);
	peer = mnl_attr_nest_start(nlh, 0);
	put_key(nlh, ZTFLOW_A_PUBLIC_KEY, 0x33);
	mnl_attr_put_u8(nlh, ZTFLOW_A_DIRECTION, ZTRULE_DIR_IN);
	mnl_attr_put_u16(nlh, ZTFLOW_A_FAMILY, AF_INET);
	mnl_attr_put_u8(nlh, ZTFLOW_A_PROTO, 6);
	mnl_attr_put_u32(nlh, ZTFLOW_A_SRC, htonl(0x0a000002));
	mnl_attr_put_u32(nlh, ZTFLOW_A_DST, htonl(0x0a000005));
	mnl_attr_put_u16(nlh, ZTFLOW_A_SPORT, 40000);
	mnl_attr_put_u16(nlh, ZTFLOW_A_DPORT, 5432);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, nest);
	reply_seed("flows", nlh);
}

static void reply_seeds(void)
{
	struct nlmsghdr *nlh;

	policy_reply_seeds();

	reply_seed("minimal", device_reply("zt0"));

	nlh = device_reply("zt0");
	put_key(nlh, ZTDEVICE_A_PRIVATE_KEY, 0x11);
	put_key(nlh, ZTDEVICE_A_PUBLIC_KEY, 0x22);
	mnl_attr_put_u16(nlh, ZTDEVICE_A_LISTEN_PORT, 51820);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FWMARK, 0x2a);
	put_peers(nlh, 0, 24);
	reply_seed("full", nlh);

	nlh = device_reply("zt0");
	mnl_attr_put_u32(nlh, 99, 1);
	reply_seed("unknown-attr", nlh);

	nlh = device_reply("zt0");
	mnl_attr_put(nlh, ZTDEVICE_A_PUBLIC_KEY, 31, buf + 2048);
	reply_seed("short-key", nlh);

	nlh = start_message(ZTNET_CMD_GET_DEVICE);
	mnl_attr_put(nlh, ZTDEVICE_A_IFNAME, 4, "zt0x");
	reply_seed("name-without-nul", nlh);

	nlh = device_reply("zt0");
	nlh->nlmsg_len -= 2;
	reply_seed("truncated-attr", nlh);

	nlh = device_reply("zt0");
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd =
		ZTNET_CMD_SET_DEVICE;
	reply_seed("wrong-cmd", nlh);

	nlh = start_message(ZTNET_CMD_GET_DEVICE);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	reply_seed("short-genl", nlh);
}

/* The attributes of a request: what follows the generic netlink header. */
static void request_seed(const char *name, const struct nlmsghdr *nlh)
{
	size_t offset = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));

	write_seed("fuzz-kernel-nlpolicy", name, (const char *)nlh + offset,
		   nlh->nlmsg_len - offset);
}

static struct nlmsghdr *set_request(void)
{
	struct nlmsghdr *nlh = start_message(ZTNET_CMD_SET_DEVICE);

	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	return nlh;
}

static void request_seeds(void)
{
	struct nlmsghdr *nlh;

	request_seed("name-only", set_request());

	nlh = set_request();
	mnl_attr_put_u32(nlh, ZTDEVICE_A_IFINDEX, 7);
	put_key(nlh, ZTDEVICE_A_PRIVATE_KEY, 0x11);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FLAGS, ZTDEVICE_F_REPLACE_PEERS);
	mnl_attr_put_u16(nlh, ZTDEVICE_A_LISTEN_PORT, 51820);
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FWMARK, 0x2a);
	put_peers(nlh, ZTPEER_F_REPLACE_ALLOWEDIPS, 24);
	request_seed("full", nlh);

	nlh = set_request();
	put_peers(nlh, 0, 129);
	request_seed("cidr-129", nlh);

	nlh = set_request();
	put_peers(nlh, 1U << 3, 32);
	request_seed("unknown-peer-flag", nlh);

	nlh = set_request();
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FLAGS, __ZTDEVICE_F_ALL + 1);
	request_seed("unknown-device-flag", nlh);

	nlh = set_request();
	put_allowedip_flags(nlh, ZTALLOWEDIP_F_REMOVE_ME);
	request_seed("allowedip-remove", nlh);

	nlh = set_request();
	put_allowedip_flags(nlh, __ZTALLOWEDIP_F_ALL + 1);
	request_seed("unknown-allowedip-flag", nlh);

	nlh = set_request();
	mnl_attr_put(nlh, ZTDEVICE_A_PRIVATE_KEY, 31, buf + 2048);
	request_seed("short-key", nlh);

	nlh = start_message(ZTNET_CMD_SET_DEVICE);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "abcdefghijklmnop");
	request_seed("name-16", nlh);

	nlh = set_request();
	mnl_attr_put(nlh, ZTDEVICE_A_PEERS, 0, "");
	request_seed("peers-unflagged", nlh);

	nlh = set_request();
	mnl_attr_put_u32(nlh, ZTDEVICE_A_MAX + 1, 0);
	request_seed("unknown-type", nlh);

	nlh = set_request();
	memset(mnl_nlmsg_get_payload_tail(nlh), 0xff, 4);
	nlh->nlmsg_len += 3;
	request_seed("trailing-bytes", nlh);
}

/* fuzz-kernel-validate: the attributes of a request, as for the policy. */
static void validate_seed(const char *name, const struct nlmsghdr *nlh)
{
	size_t offset = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));

	write_seed("fuzz-kernel-validate", name, (const char *)nlh + offset,
		   nlh->nlmsg_len - offset);
}

/* A point of order 8: times any clamped scalar it is zero. */
static const uint8_t order8_point[ZTNET_KEY_LEN] = {
	0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24,
	0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b,
	0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86,
	0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57,
};

/* A request with one peer that has only a public key; nest left open. */
static struct nlmsghdr *peer_request(const uint8_t *key, struct nlattr **peers,
				     struct nlattr **peer)
{
	struct nlmsghdr *nlh = set_request();

	*peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	*peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, key);
	return nlh;
}

static void end_peer(struct nlmsghdr *nlh, struct nlattr *peers,
		     struct nlattr *peer)
{
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
}

/* One peer whose only allowed IP is @family, @len bytes of address, @cidr. */
static void allowedip_seed(const char *name, uint16_t family, size_t len,
			   uint8_t cidr)
{
	static const uint8_t key[ZTNET_KEY_LEN] = { 0x42, 0x42, 0x42 };
	struct nlattr *peers, *peer, *ips, *ip;
	struct nlmsghdr *nlh = peer_request(key, &peers, &peer);
	uint8_t addr[16] = { 10 };

	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	ip = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTALLOWEDIP_A_FAMILY, family);
	mnl_attr_put(nlh, ZTALLOWEDIP_A_IPADDR, len, addr);
	mnl_attr_put_u8(nlh, ZTALLOWEDIP_A_CIDR_MASK, cidr);
	mnl_attr_nest_end(nlh, ip);
	mnl_attr_nest_end(nlh, ips);
	end_peer(nlh, peers, peer);
	validate_seed(name, nlh);
}

static void key_validate_seeds(void)
{
	static const uint8_t key[ZTNET_KEY_LEN] = { 0x42, 0x42, 0x42 };
	static const uint8_t zero[ZTNET_KEY_LEN];
	struct nlattr *peers, *peer;
	struct nlmsghdr *nlh;

	nlh = peer_request(zero, &peers, &peer);
	end_peer(nlh, peers, peer);
	validate_seed("zero-key", nlh);

	nlh = peer_request(order8_point, &peers, &peer);
	end_peer(nlh, peers, peer);
	validate_seed("order-8-key", nlh);

	nlh = peer_request(key, &peers, &peer);
	mnl_attr_put_u64(nlh, ZTPEER_A_RX_BYTES, 1);
	end_peer(nlh, peers, peer);
	validate_seed("rx-bytes", nlh);

	nlh = set_request();
	put_key(nlh, ZTDEVICE_A_PUBLIC_KEY, 0x22);
	validate_seed("device-public-key", nlh);

	nlh = set_request();
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	end_peer(nlh, peers, peer);
	validate_seed("peer-without-key", nlh);
}

static void endpoint_validate_seeds(void)
{
	static const uint8_t key[ZTNET_KEY_LEN] = { 0x42, 0x42, 0x42 };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(51820) };
	struct nlattr *peers, *peer;
	struct nlmsghdr *nlh;

	nlh = peer_request(key, &peers, &peer);
	mnl_attr_put(nlh, ZTPEER_A_ENDPOINT, sizeof(v6), &v6);
	end_peer(nlh, peers, peer);
	validate_seed("endpoint-v6", nlh);

	/* An IPv6 family in the size of a sockaddr_in. */
	nlh = peer_request(key, &peers, &peer);
	mnl_attr_put(nlh, ZTPEER_A_ENDPOINT, sizeof(struct sockaddr_in), &v6);
	end_peer(nlh, peers, peer);
	validate_seed("endpoint-short-v6", nlh);
}

static void validate_seeds(void)
{
	struct nlmsghdr *nlh = set_request();

	mnl_attr_put_u32(nlh, ZTDEVICE_A_FLAGS, ZTDEVICE_F_REPLACE_PEERS);
	put_peers(nlh, ZTPEER_F_REPLACE_ALLOWEDIPS, 24);
	validate_seed("full", nlh);
	validate_seed("name-only", set_request());
	allowedip_seed("v4-32", AF_INET, 4, 32);
	allowedip_seed("v4-33", AF_INET, 4, 33);
	allowedip_seed("v6-128", AF_INET6, 16, 128);
	allowedip_seed("v4-16-bytes", AF_INET, 16, 24);
	allowedip_seed("unknown-family", 1, 4, 8);
	nlh = set_request();
	put_allowedip_flags(nlh, ZTALLOWEDIP_F_REMOVE_ME);
	validate_seed("allowedip-remove", nlh);
	key_validate_seeds();
	endpoint_validate_seeds();
}

/*
 * fuzz-allowedips: operations in the format fuzz-allowedips.c describes,
 * gathered in ops[] and written out by ops_seed().
 */
static uint8_t ops[1024];
static size_t ops_len;

static void op_bytes(const void *bytes, size_t len)
{
	if (ops_len + len > sizeof(ops)) {
		fprintf(stderr, "mkcorpus: allowedips seed too long\n");
		exit(1);
	}
	memcpy(ops + ops_len, bytes, len);
	ops_len += len;
}

static void op_byte(uint8_t byte)
{
	op_bytes(&byte, 1);
}

static void op_addr(const char *text)
{
	int family = strchr(text, ':') ? AF_INET6 : AF_INET;
	uint8_t raw[16];

	if (inet_pton(family, text, raw) != 1) {
		fprintf(stderr, "mkcorpus: bad address %s\n", text);
		exit(1);
	}
	op_bytes(raw, family == AF_INET ? 4 : 16);
}

static void op_insert(uint8_t peer, uint8_t cidr, const char *text)
{
	op_byte(strchr(text, ':') ? 1 : 0);
	op_byte(peer);
	op_byte(cidr);
	op_addr(text);
}

static void op_remove(uint8_t peer)
{
	op_byte(2);
	op_byte(peer);
}

static void op_lookup(const char *text)
{
	op_byte(strchr(text, ':') ? 4 : 3);
	op_addr(text);
}

/* A removal of @text/@cidr, if @peer has it. */
static void op_remove_prefix(uint8_t peer, uint8_t cidr, const char *text)
{
	op_byte(9);
	op_byte(strchr(text, ':') ? 1 : 0);
	op_byte(peer);
	op_byte(cidr);
	op_addr(text);
}

/* An insert whose allocation number 1 + @fail fails. */
static void op_insert_failing(uint8_t fail, uint8_t peer, uint8_t cidr,
			      const char *text)
{
	op_byte(7);
	op_byte(fail);
	op_byte(strchr(text, ':') ? 1 : 0);
	op_byte(peer);
	op_byte(cidr);
	op_addr(text);
}

/*
 * A reservation for @inserts inserts, allocation @fail of it failing (0:
 * none), and then @n inserts on it, each written by op_insert(): its
 * opcode, 0 or 1, is also the family byte that they start with.
 */
static void op_reserve(uint8_t inserts, uint8_t n, uint8_t fail)
{
	op_byte(8);
	op_byte(inserts);
	op_byte(n);
	op_byte(fail);
}

static void ops_seed(const char *name)
{
	write_seed("fuzz-allowedips", name, ops, ops_len);
	ops_len = 0;
}

static void allowedips_seeds(void)
{
	op_insert(1, 8, "10.0.0.0");
	op_insert(2, 16, "10.1.0.0");
	op_insert(3, 24, "10.1.1.0");
	op_lookup("10.1.1.5");
	op_lookup("10.1.2.3");
	op_lookup("10.2.0.0");
	op_lookup("11.0.0.0");
	op_byte(5);
	ops_seed("nested-v4");

	op_insert(1, 0, "0.0.0.0");
	op_insert(2, 0, "::");
	op_insert(3, 1, "128.0.0.0");
	op_lookup("1.2.3.4");
	op_lookup("200.0.0.1");
	op_lookup("2001:db8::1");
	ops_seed("defaults");

	op_insert(1, 128, "2001:db8::1");
	op_insert(2, 64, "2001:db8::");
	op_insert(3, 32, "2001:db8::");
	op_insert(4, 48, "2001:db8:1::");
	op_lookup("2001:db8::1");
	op_lookup("2001:db8::2");
	op_lookup("2001:db8:1::1");
	op_remove(2);
	op_lookup("2001:db8::2");
	op_byte(5);
	ops_seed("hosts-v6");

	op_insert(1, 8, "10.0.0.0");
	op_insert(2, 8, "10.9.9.9");
	op_remove(1);
	op_lookup("10.0.0.1");
	op_byte(5);
	ops_seed("reassign");

	op_insert(1, 16, "10.0.0.0");
	op_insert_failing(0, 2, 16, "10.1.0.0");
	op_insert_failing(1, 2, 16, "10.1.0.0");
	op_insert_failing(2, 2, 16, "10.1.0.0");
	op_insert_failing(0, 3, 8, "10.0.0.0");
	op_lookup("10.1.0.1");
	op_lookup("10.2.0.1");
	ops_seed("alloc-failure");

	op_insert(1, 24, "192.168.1.0");
	op_insert(2, 64, "fd00::");
	op_byte(6);
	op_lookup("192.168.1.1");
	op_insert(3, 24, "192.168.1.0");
	op_lookup("192.168.1.1");
	ops_seed("free-all");

	op_insert(1, 0xf0, "10.0.0.0");
	op_insert(6, 8, "10.0.0.0");
	op_byte(7);
	op_byte(0);
	op_byte(0xff);
	op_byte(1);
	op_byte(8);
	op_addr("::1");
	op_lookup("10.0.0.1");
	ops_seed("invalid");

	/*
	 * A fork and a leaf, a node above, a root, a move and a NULL peer:
	 * none allocates.
	 */
	op_insert(1, 16, "10.0.0.0");
	op_reserve(5, 5, 0);
	op_insert(2, 16, "10.1.0.0");
	op_insert(3, 8, "10.0.0.0");
	op_insert(1, 8, "fd00::");
	op_insert(4, 16, "10.1.0.0");
	op_insert(6, 24, "10.1.2.0");
	op_lookup("10.1.2.3");
	op_lookup("10.2.0.1");
	op_lookup("fd00::1");
	op_byte(5);
	ops_seed("reserved");

	op_insert(1, 16, "10.0.0.0");
	op_reserve(4, 2, 3);
	op_insert(2, 16, "10.1.0.0");
	op_insert(2, 16, "10.1.0.0");
	op_lookup("10.1.0.1");
	op_byte(5);
	ops_seed("reserve-failure");

	/*
	 * Removals: a leaf whose fork goes, a node with two children that
	 * stays as a fork, another peer's prefix, one covered, host bits,
	 * an IPv6 root, one that is gone and a NULL peer.
	 */
	op_insert(1, 8, "10.0.0.0");
	op_insert(2, 16, "10.1.0.0");
	op_insert(1, 16, "10.2.0.0");
	op_insert(3, 24, "10.1.1.0");
	op_insert(1, 48, "2001:db8::");
	op_remove_prefix(2, 16, "10.2.0.0");
	op_remove_prefix(1, 24, "10.2.0.0");
	op_remove_prefix(1, 16, "10.2.255.255");
	op_remove_prefix(1, 8, "10.0.0.0");
	op_remove_prefix(1, 8, "10.0.0.0");
	op_remove_prefix(3, 24, "10.1.1.0");
	op_remove_prefix(6, 16, "10.1.0.0");
	op_remove_prefix(1, 48, "2001:db8::");
	op_lookup("10.1.1.1");
	op_lookup("10.2.0.1");
	op_byte(5);
	ops_seed("remove-prefix");
}

/* fuzz-config: a first byte (addconf, message size), then the text. */
#define CONF_KEY1 "Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg="
#define CONF_KEY2 "67e4QOZl1WcuhiHk01VkzhEoSYcuenBNNvHu6BCWKn0="

static void conf_seed(const char *name, uint8_t first, const char *text)
{
	size_t len = strlen(text);
	char *seed = malloc(len + 1);

	if (!seed)
		die("malloc");
	seed[0] = (char)first;
	memcpy(seed + 1, text, len);
	write_seed("fuzz-config", name, seed, len + 1);
	free(seed);
}

/* [Policy] and Groups: whole, appended, split small, and broken. */
static void policy_seeds(void)
{
	conf_seed("policy-full", 0,
		  "[Interface]\nListenPort = 51820\n\n"
		  "[Policy]\nMode = enforce\nDefaultIn = reject\n"
		  "DefaultOut = accept\nProtect = tcp/5432, tcp/22, udp/53\n"
		  "MaxFlows = 1000\nMaxPeerFlows = 100\n"
		  "TimeoutTcpOpening = 5\nTimeoutTcpEstablished = 86400\n"
		  "TimeoutTcpClosing = 10\nTimeoutUdp = 30\n"
		  "TimeoutIcmp = 3\nTimeoutOther = 2147483647\n"
		  "Rule = accept in from group:web to 10.0.0.5 proto tcp "
		  "port 5432 name web-db   # db\n"
		  "Rule =\taccept in from group:admins , peer:" CONF_KEY1
		  " proto tcp port 22,8000-8999 sport 1024-65535\n"
		  "Rule = accept out to fd00::/64 proto icmpv6 type echo-request/0\n"
		  "Rule = reject in from any to 10.20.0.0/16\n\n"
		  "[Peer]\nPublicKey = " CONF_KEY2 "\nAllowedIPs = 10.0.0.2\n"
		  "Groups = web, prod\n\n"
		  "[Peer]\nPublicKey = " CONF_KEY1 "\nGroups = none\n");
	conf_seed("policy-addconf", 1,
		  "[policy]\nrule = drop in proto udp port 53\n"
		  "[peer]\npublickey = " CONF_KEY2 "\ngroups = a,b.c,_d-e\n");
	conf_seed("policy-split-small", 0,
		  "[Peer]\nPublicKey = " CONF_KEY2 "\nGroups = g1,g2,g3,g4,g5,"
		  "g6,g7,g8,g9,g10,g11,g12\nAllowedIPs = 10.0.0.1,10.0.0.2\n"
		  "[Policy]\nMode = audit\n"
		  "Rule = accept in from group:g1,group:g2,group:g3,group:g4 "
		  "proto tcp port 1,2,3,4,5,6,7,8,9,10\n"
		  "Rule = accept in from group:g5 name five\n"
		  "Rule = accept out proto icmp type 3/4\n");
	conf_seed("policy-bad-rule", 0,
		  "[Policy]\nRule = accept in to group:web\n");
	conf_seed("policy-bad-mode", 0, "[Policy]\nMode = on\n");
	conf_seed("policy-bad-protect", 0, "[Policy]\nProtect = tcp/22,tcp/22\n");
	conf_seed("policy-twice", 0, "[Policy]\n[Policy]\n");
	conf_seed("groups-bad", 0, "[Peer]\nPublicKey = " CONF_KEY2
		  "\nGroups = 9lives\n");
}

static void conf_seeds(void)
{
	conf_seed("full", 0,
		  "[Interface]\n"
		  "PrivateKey = " CONF_KEY1 "\n"
		  "ListenPort = 51820\n"
		  "FwMark = 0x2a # mark\n"
		  "\n"
		  "[Peer]\n"
		  "PublicKey = " CONF_KEY2 "\n"
		  "PresharedKey = " CONF_KEY1 "\n"
		  "AllowedIPs = 10.0.0.0/24, fd00::/64\n"
		  "AllowedIPs = 192.168.0.1\n"
		  "Endpoint = [fd00::1]:51820\n"
		  "PersistentKeepalive = 25\n"
		  "\n"
		  "[Peer]\n"
		  "PublicKey = " CONF_KEY1 "\n"
		  "Endpoint = 192.0.2.1:4500\n"
		  "PersistentKeepalive = off\n");
	conf_seed("addconf-case", 1,
		  "[interface]\r\nlistenport=1\r\n[PEER]\r\n"
		  "publickey=" CONF_KEY2 "\r\nallowedips=0.0.0.0/0,::/0\r\n");
	conf_seed("split-small", 0,
		  "[Peer]\nPublicKey = " CONF_KEY2 "\nAllowedIPs = "
		  "10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5,10.0.0.6,"
		  "10.0.0.7,10.0.0.8,10.0.0.9,fd00::1,fd00::2,fd00::3\n");
	conf_seed("empty", 0, "");
	conf_seed("wg-quick", 0, "[Interface]\nAddress = 10.0.0.1/24\n");
	conf_seed("no-public-key", 0, "[Peer]\nAllowedIPs = 10.0.0.0/8\n");
	conf_seed("bad-key", 0, "[Interface]\nPrivateKey = abc\n");
	conf_seed("bad-cidr", 0, "[Peer]\nPublicKey = " CONF_KEY2
		  "\nAllowedIPs = 10.0.0.0/33\n");
	conf_seed("bad-endpoint", 0, "[Peer]\nPublicKey = " CONF_KEY2
		  "\nEndpoint = [::1\n");
	conf_seed("unknown-section", 0, "[Peers]\n");
	conf_seed("incremental", 0, "[Peer]\nPublicKey = " CONF_KEY2
		  "\nAllowedIPs = 10.0.0.0/8\nAllowedIPs = +10.1.0.0/16, "
		  "-fd00::/64, 10.2.0.0/16\n");
	conf_seed("bad-sign", 0, "[Peer]\nPublicKey = " CONF_KEY2
		  "\nAllowedIPs = +-10.0.0.0/8\n");
	policy_seeds();
}

/* fuzz-quick: a wg-quick file, as `ztnet up` reads it. */
static void quick_seed(const char *name, const char *text)
{
	write_seed("fuzz-quick", name, text, strlen(text));
}

#define QUICK_PEER "[Peer]\nPublicKey = " CONF_KEY2 "\n"

/* What up plans: a full tunnel, DNS, hooks, each kind of Table. */
static void quick_plan_seeds(void)
{
	quick_seed("full-tunnel",
		   "[Interface]\nPrivateKey = " CONF_KEY1 "\n"
		   "Address = 10.0.0.2/24, fd00::2/64\nDNS = 10.0.0.1\n\n"
		   QUICK_PEER "Endpoint = 192.0.2.1:51820\n"
		   "AllowedIPs = 0.0.0.0/0, ::/0\nPersistentKeepalive = 25\n");
	quick_seed("fwmark-tunnel",
		   "[Interface]\nFwMark = 0x10\nAddress = 10.0.0.2/32\n"
		   QUICK_PEER "AllowedIPs = 0.0.0.0/0, 10.9.0.0/16\n");
	quick_seed("dns-search",
		   "[Interface]\nAddress = 10.0.0.2/24\n"
		   "DNS = 10.0.0.53, fd00::53, example.com corp.example.org\n"
		   "DNS = 1.1.1.1\n");
	quick_seed("dns-search-only",
		   "[Interface]\nDNS = example.com, lan\n" QUICK_PEER);
	quick_seed("hooks",
		   "[Interface]\nPreUp = echo %i %i\n"
		   "PostUp = iptables -A FORWARD -i %i -j ACCEPT # kept\n"
		   "PostUp = logger up\nPreDown=echo down %i\n"
		   "PostDown = iptables -D FORWARD -i %i -j ACCEPT\n");
	quick_seed("table-off", "[Interface]\nTable = off\n" QUICK_PEER
		   "AllowedIPs = 0.0.0.0/0\n");
	quick_seed("table-auto", "[Interface]\nTable = auto\n" QUICK_PEER
		   "AllowedIPs = 10.1.0.0/16, 10.1.2.0/24, 10.1.2.3/32\n");
	quick_seed("table-number", "[Interface]\nTable = 1234\n" QUICK_PEER
		   "AllowedIPs = ::/0, 10.2.0.0/16\n");
	quick_seed("table-main", "[Interface]\nTable = main\n" QUICK_PEER
		   "AllowedIPs = 10.3.0.0/16\n");
	quick_seed("covered", "[Interface]\nAddress = 10.4.0.1/16, fd04::1/64\n"
		   QUICK_PEER "AllowedIPs = 10.4.1.0/24, fd04::/64, 10.5.0.0/16\n"
		   QUICK_PEER "AllowedIPs = 10.4.1.0/24\n");
	quick_seed("mtu", "[Interface]\nMTU = 1280\nAddress = 10.0.0.2\n");
}

/* How the file is read: case, CRLF, comments, sections; and misses. */
static void quick_read_seeds(void)
{
	quick_seed("save-config", "[Interface]\nSaveConfig = true\n"
		   "ListenPort = 51820\nSaveConfig=FALSE\nsaveconfig = True\n");
	quick_seed("save-config-bad", "[Interface]\nSaveConfig = yes\n");
	quick_seed("crlf", "[Interface]\r\nAddress = 10.0.0.2/24\r\n"
		   "MTU = 1420\r\nPostUp = echo %i\r\n\r\n[Peer]\r\n"
		   "PublicKey = " CONF_KEY2 "\r\nAllowedIPs = 10.0.0.0/24\r\n");
	quick_seed("odd-case",
		   "  [interface]  \n\taddress=10.0.0.2/24\nmTu = 1380\n"
		   "dns=1.1.1.1\nTABLE = off\npostup = true\n"
		   "[PEER]\npublickey = " CONF_KEY2 "\nallowedIPs=10.0.0.0/8\n"
		   "[Interface] # again\nMTU = 1400\n");
	quick_seed("comments", "# MTU = 1400\n[Interface] # the device\n"
		   "Address = 10.0.0.2/24 # tunnel\n#Table = off\n"
		   "PreUp = echo '#' %i\n");
	/* Kept for setconf, which refuses it. */
	quick_seed("peer-address", QUICK_PEER "Address = 10.0.0.2/24\n");
	quick_seed("key-after-hash", "[Interface]\nMTU # = 1400\n");
	quick_seed("last-blank", "[Interface]\nMTU = 1420\n \t ");
	quick_seed("bad-address", "[Interface]\nAddress = 10.0.0.300/24\n");
	quick_seed("bad-mtu", "[Interface]\nMTU = 70000\n");
	quick_seed("bad-table", "[Interface]\nTable = vpn\n");
	quick_seed("bad-setconf", "[Interface]\nAddress = 10.0.0.2\n"
		   "PrivateKey = abc\n");
	quick_seed("empty", "");
}

/* fuzz-set-args: the arguments after "set", NUL-separated. */
#define SET_SEED(name, args) \
	write_seed("fuzz-set-args", name, args, sizeof(args) - 1)

static void set_seeds(void)
{
	SET_SEED("device", "zt0\0listen-port\0" "51820\0fwmark\0" "0x2a\0"
		 "private-key\0/dev/null");
	SET_SEED("peer", "zt0\0peer\0" CONF_KEY1 "\0preshared-key\0/k\0"
		 "endpoint\0[fd00::1]:51820\0persistent-keepalive\0" "25\0"
		 "allowed-ips\0" "10.0.0.0/24, fd00::/64\0peer\0" CONF_KEY2
		 "\0remove\0update-only");
	SET_SEED("clear-allowed-ips", "zt0\0peer\0" CONF_KEY1
		 "\0allowed-ips\0\0persistent-keepalive\0off");
	SET_SEED("bad-key", "zt0\0peer\0abc");
	SET_SEED("late-device-word", "zt0\0peer\0" CONF_KEY1
		 "\0listen-port\0" "1");
	SET_SEED("missing-value", "zt0\0fwmark");
	SET_SEED("no-settings", "zt0");
	SET_SEED("bad-name", "abcdefghijklmnop\0listen-port\0" "1");
	SET_SEED("policy", "zt0\0policy\0enforce\0default-in\0reject\0"
		 "default-out\0accept\0protect\0tcp/5432, udp/53\0peer\0"
		 CONF_KEY1 "\0groups\0web, prod");
	SET_SEED("groups-none", "zt0\0peer\0" CONF_KEY1 "\0groups\0none\0"
		 "peer\0" CONF_KEY2 "\0groups\0");
	SET_SEED("policy-bad", "zt0\0policy\0maybe");
	SET_SEED("protect-none", "zt0\0protect\0none");
	SET_SEED("incremental", "zt0\0peer\0" CONF_KEY1 "\0allowed-ips\0"
		 "+10.0.0.0/24, -10.1.0.0/16,10.2.0.0/16,-fd00::/64");
	SET_SEED("bad-sign", "zt0\0peer\0" CONF_KEY1 "\0allowed-ips\0"
		 "10.0.0.0/8,+");
}

/* fuzz-rule: one rule's text, good and bad. */
#define RULE_SEED(name, text) \
	write_seed("fuzz-rule", name, text, sizeof(text) - 1)

static void rule_seeds(void)
{
	RULE_SEED("web-db", "accept in from group:web to 10.0.0.5 proto tcp "
		  "port 5432 name web_db");
	RULE_SEED("admins-ssh", "accept in from group:admins proto tcp port 22");
	RULE_SEED("reject-out", "reject out to peer:" CONF_KEY1 ",fd00::/64 "
		  "proto udp port 0,1,65535 sport 1000-2000");
	RULE_SEED("icmpv6", "drop in from any proto icmpv6 type echo-request/0");
	RULE_SEED("lists", "accept in from group:a, group:b ,10.0.0.0/8 "
		  "proto icmp type 3/4");
	RULE_SEED("identity-local", "accept in to group:web");
	RULE_SEED("host-bits", "accept out to 10.1.2.3/8");
}

/*
 * fuzz-rules: bytes that fuzz-rules.c reads as a rule set and packets;
 * each seed is a pattern repeated, so that it holds many of both.
 */
static void rules_seeds(void)
{
	static const uint8_t patterns[][8] = {
		{ 0x05, 0x01, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05 },
		{ 0x18, 0x02, 0x01, 0x03, 0x01, 0x02, 0x07, 0x11 },
		{ 0x93, 0x00, 0x01, 0x04, 0x02, 0x01, 0x03, 0x00 },
		{ 0x0c, 0x01, 0x00, 0x02, 0x04, 0x03, 0x01, 0xff },
	};
	uint8_t seed[256];
	char name[16];
	size_t i, j;

	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		for (j = 0; j < sizeof(seed); j++)
			seed[j] = patterns[i][j % 8] + (uint8_t)(j / 8);
		seed[0] = patterns[i][0];
		snprintf(name, sizeof(name), "pattern-%zu", i);
		write_seed("fuzz-rules", name, seed, sizeof(seed));
	}
}

/* fuzz-kernel-rules: the attributes of a rule list, its elements' stream. */
static void rules_list_seed(const char *name, struct nlmsghdr *nlh,
			    struct nlattr *list)
{
	mnl_attr_nest_end(nlh, list);
	write_seed("fuzz-kernel-rules", name, mnl_attr_get_payload(list),
		   mnl_attr_get_payload_len(list));
}

static void put_spec_cidr(struct nlmsghdr *nlh, int family, const char *addr,
			  uint8_t cidr)
{
	struct nlattr *spec = mnl_attr_nest_start(nlh, 0);
	uint8_t raw[16];

	inet_pton(family, addr, raw);
	mnl_attr_put_u8(nlh, ZTSPEC_A_KIND, ZTSPEC_CIDR);
	mnl_attr_put_u16(nlh, ZTSPEC_A_FAMILY, family);
	mnl_attr_put(nlh, ZTSPEC_A_IPADDR, family == AF_INET ? 4 : 16, raw);
	mnl_attr_put_u8(nlh, ZTSPEC_A_CIDR_MASK, cidr);
	mnl_attr_nest_end(nlh, spec);
}

static void put_spec_group(struct nlmsghdr *nlh, const char *group)
{
	struct nlattr *spec = mnl_attr_nest_start(nlh, 0);

	mnl_attr_put_u8(nlh, ZTSPEC_A_KIND, ZTSPEC_GROUP);
	mnl_attr_put_strz(nlh, ZTSPEC_A_GROUP, group);
	mnl_attr_nest_end(nlh, spec);
}

/* accept in from group:web[,peer] to 10.0.0.5 proto tcp port 5432 [name]. */
static void put_rule(struct nlmsghdr *nlh, bool peer, const char *name)
{
	struct nlattr *rule = mnl_attr_nest_start(nlh, 0), *list;

	mnl_attr_put_u8(nlh, ZTRULE_A_ACTION, ZTRULE_ACCEPT);
	mnl_attr_put_u8(nlh, ZTRULE_A_DIRECTION, ZTRULE_DIR_IN);
	list = mnl_attr_nest_start(nlh, ZTRULE_A_FROM);
	put_spec_group(nlh, "web");
	if (peer) {
		struct nlattr *spec = mnl_attr_nest_start(nlh, 0);

		mnl_attr_put_u8(nlh, ZTSPEC_A_KIND, ZTSPEC_PEER);
		put_key(nlh, ZTSPEC_A_PUBLIC_KEY, 0x42);
		mnl_attr_nest_end(nlh, spec);
	}
	mnl_attr_nest_end(nlh, list);
	list = mnl_attr_nest_start(nlh, ZTRULE_A_TO);
	put_spec_cidr(nlh, AF_INET, "10.0.0.5", 32);
	put_spec_cidr(nlh, AF_INET6, "fd00::", 64);
	mnl_attr_nest_end(nlh, list);
	mnl_attr_put_u8(nlh, ZTRULE_A_PROTO, 6);
	list = mnl_attr_nest_start(nlh, ZTRULE_A_PORTS);
	mnl_attr_put_u32(nlh, 0, 5432u << 16 | 5432u);
	mnl_attr_put_u32(nlh, 0, 8000u << 16 | 8999u);
	mnl_attr_nest_end(nlh, list);
	if (name)
		mnl_attr_put_strz(nlh, ZTRULE_A_NAME, name);
	mnl_attr_nest_end(nlh, rule);
}

static void kernel_rules_seeds(void)
{
	struct nlmsghdr *nlh = start_message(ZTNET_CMD_SET_DEVICE);
	struct nlattr *list = mnl_attr_nest_start(nlh, 1), *rule, *from;

	put_rule(nlh, false, "web-db");
	put_rule(nlh, true, NULL);
	rules_list_seed("two-rules", nlh, list);

	nlh = start_message(ZTNET_CMD_SET_DEVICE);
	list = mnl_attr_nest_start(nlh, 1);
	rule = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u8(nlh, ZTRULE_A_ACTION, ZTRULE_REJECT);
	mnl_attr_put_u8(nlh, ZTRULE_A_DIRECTION, ZTRULE_DIR_OUT);
	mnl_attr_put_u8(nlh, ZTRULE_A_PROTO, 58);
	mnl_attr_put_u8(nlh, ZTRULE_A_ICMP_TYPE, 128);
	mnl_attr_put_u8(nlh, ZTRULE_A_ICMP_CODE, 0);
	mnl_attr_nest_end(nlh, rule);
	rules_list_seed("icmpv6", nlh, list);

	nlh = start_message(ZTNET_CMD_SET_DEVICE);
	list = mnl_attr_nest_start(nlh, 1);
	rule = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u8(nlh, ZTRULE_A_ACTION, ZTRULE_DROP);
	mnl_attr_put_u8(nlh, ZTRULE_A_DIRECTION, ZTRULE_DIR_OUT);
	from = mnl_attr_nest_start(nlh, ZTRULE_A_FROM);
	put_spec_group(nlh, "local-is-not-remote");
	mnl_attr_nest_end(nlh, from);
	mnl_attr_nest_end(nlh, rule);
	rules_list_seed("identity-on-local-side", nlh, list);
}

/* fuzz-pktinfo: IP packets, whole, fragmented and with extension headers. */
static void put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* An IPv4 header of proto with frag_off, and len bytes of payload after it. */
static size_t ipv4_packet(uint8_t *pkt, uint8_t proto, unsigned int frag_off,
			  const uint8_t *payload, size_t len)
{
	memset(pkt, 0, 20);
	pkt[0] = 0x45;
	put16(pkt + 2, (unsigned int)(20 + len));
	put16(pkt + 4, 0x1234);
	put16(pkt + 6, frag_off);
	pkt[8] = 64;
	pkt[9] = proto;
	pkt[12] = 10, pkt[15] = 1;
	pkt[16] = 10, pkt[19] = 2;
	memcpy(pkt + 20, payload, len);
	return 20 + len;
}

/* An IPv6 header whose next header is nh, then len bytes (headers and all). */
static size_t ipv6_packet(uint8_t *pkt, uint8_t nh, const uint8_t *rest,
			  size_t len)
{
	memset(pkt, 0, 40);
	pkt[0] = 0x60;
	put16(pkt + 4, (unsigned int)len);
	pkt[6] = nh;
	pkt[7] = 64;
	pkt[8] = 0xfd, pkt[23] = 1;
	pkt[24] = 0xfd, pkt[39] = 2;
	memcpy(pkt + 40, rest, len);
	return 40 + len;
}

static void pktinfo_seeds(void)
{
	static const uint8_t tcp_syn[20] = { 0x9c, 0x40, 0x00, 0x16, 0, 0, 0, 1,
					     0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
	static const uint8_t udp[12] = { 0x13, 0x88, 0x00, 0x35, 0x00, 0x0c };
	static const uint8_t echo[8] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1 };
	static const uint8_t echo6[8] = { 128, 0, 0, 0, 0x12, 0x34, 0, 1 };
	/* Hop-by-hop, then destination options, then TCP. */
	static const uint8_t chain[36] = { 60, 0, 1, 4, 0, 0, 0, 0,
					   6, 0, 1, 4, 0, 0, 0, 0,
					   0x9c, 0x40, 0x01, 0xbb, 0, 0, 0, 1,
					   0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff };
	/* A first fragment of UDP, and a later one at offset 24. */
	static const uint8_t frag6_first[24] = { 17, 0, 0x00, 0x01, 0, 0, 0x56, 0x78,
						 0x13, 0x88, 0x00, 0x35, 0x00, 0x20 };
	static const uint8_t frag6_later[16] = { 17, 0, 0x00, 0x18, 0, 0, 0x56, 0x78 };
	/*
	 * A later one at offset 8, after a TCP first fragment, that says "no
	 * next header" so as to reach into TCP's flags: receivers ignore it.
	 */
	static const uint8_t frag6_lying[16] = { 59, 0, 0x00, 0x08, 0, 0, 0x56, 0x78 };
	/*
	 * A first fragment whose 24 bytes of destination options after the
	 * fragment header put its UDP header at 24 in the fragment data: a
	 * later fragment at 24 passes the stateless bound, not the tracker.
	 */
	static const uint8_t frag6_first_opts[48] = {
		60, 0, 0x00, 0x01, 0, 0, 0x56, 0x78,
		17, 2, 1, 20, [32] = 0x13, 0x88, 0x00, 0x35, 0x00, 0x10 };
	/* Authentication header (length in 4-byte units, less 2), then UDP. */
	static const uint8_t ah[20] = { 17, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1,
					0x13, 0x88, 0x00, 0x35, 0x00, 0x08 };
	/* A routing header of type 253 with one segment left, then UDP. */
	static const uint8_t routing[20] = { 17, 0, 253, 1, 0, 0, 0, 0,
					     0x13, 0x88, 0x00, 0x35, 0x00, 0x0c };
	uint8_t pkt[128];
	size_t len;

	write_seed("fuzz-pktinfo", "tcp4-syn", pkt, ipv4_packet(pkt, 6, 0, tcp_syn, 20));
	write_seed("fuzz-pktinfo", "udp4", pkt, ipv4_packet(pkt, 17, 0, udp, 12));
	write_seed("fuzz-pktinfo", "echo4", pkt, ipv4_packet(pkt, 1, 0, echo, 8));
	write_seed("fuzz-pktinfo", "frag4-first", pkt, ipv4_packet(pkt, 17, 0x2000, udp, 12));
	write_seed("fuzz-pktinfo", "frag4-later", pkt, ipv4_packet(pkt, 17, 0x0002, udp, 12));
	write_seed("fuzz-pktinfo", "frag4-tiny", pkt, ipv4_packet(pkt, 6, 0x2000, tcp_syn, 8));
	write_seed("fuzz-pktinfo", "frag4-overlap", pkt, ipv4_packet(pkt, 6, 0x0001, tcp_syn, 12));
	write_seed("fuzz-pktinfo", "echo6", pkt, ipv6_packet(pkt, 58, echo6, 8));
	write_seed("fuzz-pktinfo", "chain6", pkt, ipv6_packet(pkt, 0, chain, 36));
	write_seed("fuzz-pktinfo", "frag6-first", pkt, ipv6_packet(pkt, 44, frag6_first, 24));
	write_seed("fuzz-pktinfo", "frag6-later", pkt, ipv6_packet(pkt, 44, frag6_later, 16));
	write_seed("fuzz-pktinfo", "frag6-later-lying", pkt,
		   ipv6_packet(pkt, 44, frag6_lying, 16));
	write_seed("fuzz-pktinfo", "frag6-first-dstopts", pkt,
		   ipv6_packet(pkt, 44, frag6_first_opts, 48));
	/* The same fragment header, but in padding past a payload length of 0. */
	len = ipv6_packet(pkt, 44, frag6_later, 16);
	put16(pkt + 4, 0);
	write_seed("fuzz-pktinfo", "frag6-in-padding", pkt, len);
	write_seed("fuzz-pktinfo", "ah6", pkt, ipv6_packet(pkt, 51, ah, 20));
	write_seed("fuzz-pktinfo", "routing6-left", pkt,
		   ipv6_packet(pkt, 43, routing, 20));
}

/* A reply whose peer continues in the next reply, and statistics. */
static void split_reply_seeds(void)
{
	struct nlmsghdr *nlh = device_reply("zt0");
	struct nlattr *peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0), *ips;
	int64_t handshake[2] = { 1700000000, 5 };

	put_key(nlh, ZTPEER_A_PUBLIC_KEY, 0x42);
	mnl_attr_put(nlh, ZTPEER_A_LAST_HANDSHAKE_TIME, sizeof(handshake),
		     handshake);
	mnl_attr_put_u64(nlh, ZTPEER_A_RX_BYTES, 123456);
	mnl_attr_put_u64(nlh, ZTPEER_A_TX_BYTES, 1ULL << 33);
	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	put_allowedip(nlh, AF_INET6, "fe80::", 10);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
	put_peer(nlh, 0, 32);	/* the same key again: joined */
	mnl_attr_nest_end(nlh, peers);
	reply_seed("split-peer", nlh);

	nlh = device_reply("zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 1);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	reply_seed("peer-without-key", nlh);

	nlh = device_reply("zt0");
	put_peers(nlh, 0, 33);
	reply_seed("cidr-33", nlh);

	nlh = start_message(ZTNET_CMD_SET_DEVICE);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FLAGS, ZTDEVICE_F_REPLACE_PEERS);
	put_peers(nlh, ZTPEER_F_REPLACE_ALLOWEDIPS, 24);
	reply_seed("set-request", nlh);
}

/* Message types and lengths, for ztnet_message_type(). */
static void message_seed(const char *name, uint32_t type, size_t len)
{
	memset(buf, 0xa5, len);
	buf[0] = type;
	buf[1] = type >> 8;
	buf[2] = type >> 16;
	buf[3] = type >> 24;
	write_seed("fuzz-messages", name, buf, len);
}

/*
 * An inner IP packet of @len bytes: @first is the version and header
 * length byte, @ip_len the IPv4 total length, or the IPv6 payload length.
 */
static void inner_seed(const char *name, uint8_t first, unsigned int ip_len,
		       size_t len)
{
	size_t at = first >> 4 == 6 ? 4 : 2;

	memset(buf, 0, len);
	buf[0] = first;
	if (len >= at + 2) {
		buf[at] = ip_len >> 8;
		buf[at + 1] = ip_len;
	}
	write_seed("fuzz-messages", name, buf, len);
}

/* A UDP length field and the bytes that arrived, as fuzz-messages.c reads. */
static void udp_seed(const char *name, unsigned int field,
		     unsigned int available)
{
	buf[0] = field >> 8;
	buf[1] = field;
	buf[2] = available >> 24;
	buf[3] = available >> 16;
	buf[4] = available >> 8;
	buf[5] = available;
	write_seed("fuzz-messages", name, buf, 6);
}

static void messages_seeds(void)
{
	message_seed("initiation", 1, 148);
	message_seed("response", 2, 92);
	message_seed("cookie", 3, 64);
	message_seed("keepalive", 4, 32);
	message_seed("data", 4, 32 + 1280);
	message_seed("data-short", 4, 31);
	message_seed("initiation-long", 1, 149);
	message_seed("response-short", 2, 91);
	message_seed("reserved-set", 0x0101, 148);
	message_seed("unknown-type", 5, 148);
	message_seed("header-only", 1, 4);
	message_seed("short", 1, 3);
	/* Inner packets, for ztnet_inner_ip_len(). */
	inner_seed("ipv4", 0x45, 20, 20);
	inner_seed("ipv4-padded", 0x45, 20, 32);
	inner_seed("ipv4-too-long", 0x45, 21, 20);
	inner_seed("ipv4-too-short", 0x45, 19, 20);
	inner_seed("ipv4-header-short", 0x45, 19, 19);
	inner_seed("ipv6", 0x60, 0, 40);
	inner_seed("ipv6-padded", 0x60, 8, 64);
	inner_seed("ipv6-too-long", 0x60, 1, 40);
	inner_seed("ipv6-header-short", 0x60, 0, 39);
	/* UDP length fields: 8 and the available bytes (bytes 2..5). */
	udp_seed("udp-empty", 8, 8);
	udp_seed("udp-exact", 1500, 1500);
	udp_seed("udp-over", 1501, 1500);
	udp_seed("udp-field-short", 7, 1500);
}

/*
 * Operations on the replay window: an opcode and its operands, as
 * fuzz-replay.c describes them.
 */
static size_t replay_len;

static void replay_op(uint8_t op, uint64_t operand, size_t len)
{
	size_t i;

	buf[replay_len++] = op;
	for (i = 0; i < len; i++)
		buf[replay_len++] = operand >> (8 * i);
}

static void replay_seed(const char *name)
{
	write_seed("fuzz-replay", name, buf, replay_len);
	replay_len = 0;
}

static void replay_seeds(void)
{
	/* ZTNET_REJECT_AFTER_MESSAGES */
	const uint64_t reject_after = ~0ULL - 8192 - 1;
	int i;

	for (i = 0; i < 32; i++)
		replay_op(1, 1, 2);		/* in order */
	replay_seed("in-order");

	for (i = 0; i < 16; i++) {
		replay_op(1, 7, 2);		/* ahead... */
		replay_op(2, 3, 2);		/* ...and a little back */
		replay_op(5, 0, 1);		/* the same again */
	}
	replay_seed("reordered");

	replay_op(7, 0xc800, 2);		/* 200 words ahead */
	for (i = -3; i <= 3; i++)
		replay_op(3, (uint8_t)i, 1);	/* the trailing edge */
	for (i = 0; i < 8; i++)
		replay_op(5, i, 1);
	replay_seed("window-edge");

	for (i = 125; i <= 130; i++)
		replay_op(7, i, 2);		/* around the ring */
	replay_op(2, 8128, 2);
	replay_op(2, 8129, 2);
	replay_seed("ring");

	replay_op(6, 100, 8);			/* a low limit */
	for (i = -3; i <= 2; i++)
		replay_op(4, (uint8_t)i, 1);
	replay_seed("limit");

	replay_op(0, reject_after - 2, 8);	/* near the end of a session */
	for (i = -3; i <= 2; i++)
		replay_op(4, (uint8_t)i, 1);
	replay_op(0, 0, 8);
	replay_seed("last-counters");
}

int main(int argc, char *argv[])
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkcorpus <dir>\n");
		return 2;
	}
	out_dir = argv[1];
	if (mkdir(out_dir, 0755) && errno != EEXIST)
		die(out_dir);
	key_seeds();
	args_seeds();
	reply_seeds();
	request_seeds();
	validate_seeds();
	allowedips_seeds();
	conf_seeds();
	quick_plan_seeds();
	quick_read_seeds();
	set_seeds();
	rule_seeds();
	rules_seeds();
	pktinfo_seeds();
	kernel_rules_seeds();
	split_reply_seeds();
	messages_seeds();
	replay_seeds();
	return 0;
}
