// SPDX-License-Identifier: GPL-2.0
/*
 * SET_DEVICE requests: tools/encode.c writes them, tools/decode.c reads
 * them back, and the result must be the configuration that went in, with
 * the splitting rules of encode.h kept in every message.
 */
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "encode.h"
#include "harness.h"
#include "key.h"
#include "netlink.h"

struct messages {
	char **bufs;
	size_t count;
};

static struct nlmsghdr *start_request(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_MIN_ID + 1;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ZTNET_CMD_SET_DEVICE;
	genl->version = ZTNET_GENL_VERSION;
	return nlh;
}

/* Encodes dev in messages of size bytes; false if the encoder refused. */
static bool encode_all(const struct ztnet_device *dev, size_t size,
		       struct messages *msgs)
{
	struct ztnet_set_cursor cur = { 0 };

	msgs->bufs = NULL;
	msgs->count = 0;
	while (!cur.done) {
		char *buf = calloc(1, size);

		msgs->bufs = realloc(msgs->bufs,
				     (msgs->count + 1) * sizeof(char *));
		if (!buf || !msgs->bufs)
			abort();
		msgs->bufs[msgs->count++] = buf;
		if (!ztnet_set_encode(dev, &cur, start_request(buf), size))
			return false;
		if (((struct nlmsghdr *)buf)->nlmsg_len > size)
			return false;
	}
	return true;
}

static void free_messages(struct messages *msgs)
{
	size_t i;

	for (i = 0; i < msgs->count; i++)
		free(msgs->bufs[i]);
	free(msgs->bufs);
}

static void fill_key(uint8_t key[ZTNET_KEY_LEN], uint32_t n, uint8_t salt)
{
	memset(key, salt, ZTNET_KEY_LEN);
	memcpy(key, &n, sizeof(n));
}

static void add_ips(struct ztnet_peer *peer, uint32_t n, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		struct ztnet_allowedip ip = { 0 };

		if (i % 3 == 2) {
			ip.family = AF_INET6;
			ip.ip6.s6_addr[0] = 0xfd;
			memcpy(&ip.ip6.s6_addr[8], &n, sizeof(n));
			memcpy(&ip.ip6.s6_addr[12], &i, 4);
			ip.cidr = 128;
		} else {
			ip.family = AF_INET;
			ip.ip4.s_addr = htonl(0x0a000000 + n * 4096 + (uint32_t)i);
			ip.cidr = (uint8_t)(24 + i % 9);
		}
		ip.remove_me = (n + i) % 7 == 3;
		ztnet_peer_add_allowedip(peer, &ip);
	}
}

static void set_endpoint(struct ztnet_peer *peer, uint32_t n)
{
	if (n % 2) {
		peer->endpoint.addr4.sin_family = AF_INET;
		peer->endpoint.addr4.sin_port = htons((uint16_t)(1000 + n));
		peer->endpoint.addr4.sin_addr.s_addr = htonl(0xc0000200 + n);
	} else {
		peer->endpoint.addr6.sin6_family = AF_INET6;
		peer->endpoint.addr6.sin6_port = htons((uint16_t)n);
		peer->endpoint.addr6.sin6_addr.s6_addr[15] = (uint8_t)n;
		peer->endpoint.addr6.sin6_scope_id = n % 4;
	}
}

/* peers peers with ips allowed IPs each and every setting in turn. */
static void build(struct ztnet_device *dev, size_t peers, size_t ips)
{
	uint32_t n;

	memset(dev, 0, sizeof(*dev));
	strcpy(dev->ifname, "zt0");
	dev->has_private_key = dev->has_listen_port = dev->has_fwmark = true;
	dev->replace_peers = true;
	memset(dev->private_key, 0x77, ZTNET_KEY_LEN);
	dev->listen_port = 51820;
	dev->fwmark = 0x2a;
	for (n = 0; n < peers; n++) {
		struct ztnet_peer *peer = ztnet_device_add_peer(dev);

		fill_key(peer->public_key, n, 0xa1);
		peer->has_preshared_key = n % 3 == 0;
		if (peer->has_preshared_key)
			fill_key(peer->preshared_key, n, 0x5c);
		peer->has_keepalive = n % 4 == 1;
		peer->keepalive = (uint16_t)(n % 60);
		peer->replace_allowedips = n % 5 != 4;
		peer->update_only = n % 7 == 6;
		peer->remove_me = n % 11 == 10;
		if (n % 2 || n % 8 == 0)
			set_endpoint(peer, n);
		add_ips(peer, n, n % 13 == 12 ? 0 : ips);
	}
}

static bool same_ip(const struct ztnet_allowedip *a,
		    const struct ztnet_allowedip *b)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && a->cidr == b->cidr &&
	       a->remove_me == b->remove_me &&
	       memcmp(&a->ip6, &b->ip6, len) == 0;
}

static bool same_peer(const struct ztnet_peer *a, const struct ztnet_peer *b)
{
	size_t i;

	if (!ztnet_key_equal(a->public_key, b->public_key) ||
	    a->has_preshared_key != b->has_preshared_key ||
	    (a->has_preshared_key &&
	     !ztnet_key_equal(a->preshared_key, b->preshared_key)) ||
	    a->has_keepalive != b->has_keepalive ||
	    (a->has_keepalive && a->keepalive != b->keepalive) ||
	    a->remove_me != b->remove_me || a->update_only != b->update_only ||
	    a->replace_allowedips != b->replace_allowedips ||
	    memcmp(&a->endpoint, &b->endpoint, sizeof(a->endpoint)) ||
	    a->allowedips_len != b->allowedips_len)
		return false;
	for (i = 0; i < a->allowedips_len; i++)
		if (!same_ip(&a->allowedips[i], &b->allowedips[i]))
			return false;
	return true;
}

static bool same_device(const struct ztnet_device *a,
			const struct ztnet_device *b)
{
	size_t i;

	if (strcmp(a->ifname, b->ifname) ||
	    a->has_private_key != b->has_private_key ||
	    !ztnet_key_equal(a->private_key, b->private_key) ||
	    a->has_listen_port != b->has_listen_port ||
	    a->listen_port != b->listen_port ||
	    a->has_fwmark != b->has_fwmark || a->fwmark != b->fwmark ||
	    a->replace_peers != b->replace_peers ||
	    a->peers_len != b->peers_len)
		return false;
	for (i = 0; i < a->peers_len; i++) {
		if (!same_peer(&a->peers[i], &b->peers[i])) {
			printf("# peer %zu differs\n", i);
			return false;
		}
	}
	return true;
}

/* A continuation carries the peer's key, its two flags and allowed IPs. */
static bool continuation_ok(const struct ztnet_peer *chunk,
			    const struct ztnet_peer *orig)
{
	return !chunk->replace_allowedips && !chunk->has_preshared_key &&
	       !chunk->has_keepalive && chunk->endpoint.addr.sa_family == 0 &&
	       chunk->remove_me == orig->remove_me &&
	       chunk->update_only == orig->update_only &&
	       chunk->allowedips_len > 0;
}

static bool later_message_ok(const struct ztnet_device *part)
{
	return !part->has_private_key && !part->has_listen_port &&
	       !part->has_fwmark && !part->replace_peers &&
	       part->peers_len > 0;
}

/* Decodes every message, checks the rules of encode.h, joins them. */
static bool decode_all(const struct messages *msgs,
		       const struct ztnet_device *orig,
		       struct ztnet_device *total)
{
	size_t i;

	memset(total, 0, sizeof(*total));
	for (i = 0; i < msgs->count; i++) {
		struct ztnet_device part;
		const struct ztnet_peer *last = total->peers_len ?
			&orig->peers[total->peers_len - 1] : NULL;

		CHECK(ztnet_request_parse((void *)msgs->bufs[i], &part));
		CHECK(strcmp(part.ifname, orig->ifname) == 0);
		/* The kernel applies them all with the last, or none. */
		CHECK(part.staged == (i + 1 < msgs->count));
		CHECK(part.has_staged_count == (i + 1 == msgs->count));
		CHECK(!part.has_staged_count || part.staged_count == i);
		if (i == 0) {
			*total = part;
			continue;
		}
		CHECK(later_message_ok(&part));
		if (last && ztnet_key_equal(last->public_key,
					    part.peers[0].public_key) &&
		    !continuation_ok(&part.peers[0], last)) {
			printf("# message %zu: bad continuation\n", i);
			return false;
		}
		ztnet_device_absorb(total, &part);
	}
	return true;
}

static bool round_trip(size_t peers, size_t ips, size_t size,
		       size_t min_messages)
{
	struct ztnet_device dev, back;
	struct messages msgs;
	bool ok;

	build(&dev, peers, ips);
	ok = encode_all(&dev, size, &msgs);
	if (ok && msgs.count < min_messages) {
		printf("# only %zu messages\n", msgs.count);
		ok = false;
	}
	ok = ok && decode_all(&msgs, &dev, &back);
	ok = ok && same_device(&dev, &back);
	ztnet_device_wipe(&back);
	ztnet_device_wipe(&dev);
	free_messages(&msgs);
	return ok;
}

static bool small_config_is_one_message(void)
{
	CHECK(round_trip(3, 4, ZTNET_NL_SEND_SIZE, 1));
	CHECK(round_trip(0, 0, ZTNET_NL_SEND_SIZE, 1));
	return true;
}

static bool thousand_peers_hundred_thousand_ips(void)
{
	/* 28 to 40 bytes an allowed IP: over 3 MB in 8 KiB messages. */
	return round_trip(1000, 100, ZTNET_NL_SEND_SIZE, 350);
}

static bool one_peer_over_many_messages(void)
{
	return round_trip(1, 5000, ZTNET_NL_SEND_SIZE, 15);
}

static bool tiny_messages_split_everywhere(void)
{
	size_t size;

	/* Every size from "one IP per message" upwards moves the cuts. */
	for (size = 220; size < 700; size += 7)
		CHECK(round_trip(20, 9, size, 2));
	return true;
}

static bool remove_only_peers(void)
{
	struct ztnet_device dev = { 0 }, back;
	struct messages msgs;
	size_t i;

	strcpy(dev.ifname, "zt1");
	for (i = 0; i < 500; i++) {
		struct ztnet_peer *peer = ztnet_device_add_peer(&dev);

		fill_key(peer->public_key, (uint32_t)i, 3);
		peer->remove_me = true;
	}
	CHECK(encode_all(&dev, ZTNET_NL_SEND_SIZE, &msgs));
	CHECK(msgs.count > 1);
	CHECK(decode_all(&msgs, &dev, &back));
	CHECK(same_device(&dev, &back));
	ztnet_device_wipe(&back);
	ztnet_device_wipe(&dev);
	free_messages(&msgs);
	return true;
}

static bool refuses_a_buffer_too_small(void)
{
	struct ztnet_device dev;
	struct messages msgs;

	build(&dev, 2, 2);
	CHECK(!encode_all(&dev, 64, &msgs));
	free_messages(&msgs);
	ztnet_device_wipe(&dev);
	return true;
}

static bool decoder_refuses_bad_requests(void)
{
	char buf[512] __attribute__((aligned(8))) = { 0 };
	struct ztnet_device dev;
	struct nlmsghdr *nlh;
	struct nlattr *peers, *peer;

	nlh = start_request(buf);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	mnl_attr_put_u32(nlh, ZTDEVICE_A_FLAGS, 8);
	CHECK(!ztnet_request_parse(nlh, &dev));
	memset(buf, 0, sizeof(buf));
	nlh = start_request(buf);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u32(nlh, ZTPEER_A_FLAGS, ZTPEER_F_REMOVE_ME);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	CHECK(!ztnet_request_parse(nlh, &dev));	/* a peer without a key */
	return true;
}

/* The flags of each allowed IP of the one peer of @nlh, 0 when absent. */
static size_t allowedip_flags(const struct nlmsghdr *nlh, uint32_t *flags,
			      size_t max)
{
	const struct nlattr *attr, *peer, *field, *ip, *inner;
	size_t n = 0;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != ZTDEVICE_A_PEERS)
			continue;
		mnl_attr_for_each_nested(peer, attr)
			mnl_attr_for_each_nested(field, peer) {
				if (mnl_attr_get_type(field) != ZTPEER_A_ALLOWEDIPS)
					continue;
				mnl_attr_for_each_nested(ip, field) {
					if (n == max)
						return n;
					flags[n] = 0;
					mnl_attr_for_each_nested(inner, ip)
						if (mnl_attr_get_type(inner) ==
						    ZTALLOWEDIP_A_FLAGS)
							flags[n] = mnl_attr_get_u32(inner);
					n++;
				}
			}
	}
	return n;
}

/* As wg sends them: a removal carries the flag, an addition no flags. */
static bool removals_carry_the_flag(void)
{
	struct ztnet_device dev;
	struct messages msgs;
	uint32_t flags[4];

	build(&dev, 1, 4);
	dev.peers[0].allowedips[0].remove_me = false;
	dev.peers[0].allowedips[1].remove_me = true;
	dev.peers[0].allowedips[2].remove_me = false;
	dev.peers[0].allowedips[3].remove_me = true;
	CHECK(encode_all(&dev, 4096, &msgs) && msgs.count == 1);
	CHECK(allowedip_flags((struct nlmsghdr *)msgs.bufs[0], flags, 4) == 4);
	CHECK(flags[0] == 0 && flags[1] == ZTALLOWEDIP_F_REMOVE_ME);
	CHECK(flags[2] == 0 && flags[3] == ZTALLOWEDIP_F_REMOVE_ME);
	free_messages(&msgs);
	ztnet_device_wipe(&dev);
	return true;
}

/* @flags on one allowed IP of one peer, decoded as a request or a reply. */
static bool decode_allowedip_flags(uint32_t flags, bool request,
				   bool *remove_me)
{
	char buf[512] __attribute__((aligned(8))) = { 0 };
	struct nlattr *peers, *peer, *ips, *ip;
	struct nlmsghdr *nlh = start_request(buf);
	struct ztnet_device dev;
	uint8_t key[ZTNET_KEY_LEN] = { 1 };
	struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	bool ok;

	if (!request)
		genl->cmd = ZTNET_CMD_GET_DEVICE;
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, key);
	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	ip = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTALLOWEDIP_A_FAMILY, AF_INET);
	mnl_attr_put(nlh, ZTALLOWEDIP_A_IPADDR, 4, key);
	mnl_attr_put_u8(nlh, ZTALLOWEDIP_A_CIDR_MASK, 32);
	mnl_attr_put_u32(nlh, ZTALLOWEDIP_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, ip);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	ok = request ? ztnet_request_parse(nlh, &dev) :
		       ztnet_device_parse(nlh, &dev);
	if (!ok)
		return false;
	*remove_me = dev.peers[0].allowedips[0].remove_me;
	ztnet_device_wipe(&dev);
	return true;
}

/*
 * A request's flags are read, unknown bits refused as for a peer's; a
 * reply never has them, and one that did would not be refused for it.
 */
static bool decoder_reads_allowedip_flags(void)
{
	bool remove_me;

	CHECK(decode_allowedip_flags(ZTALLOWEDIP_F_REMOVE_ME, true,
				     &remove_me) && remove_me);
	CHECK(decode_allowedip_flags(0, true, &remove_me) && !remove_me);
	CHECK(!decode_allowedip_flags(2, true, &remove_me));
	CHECK(decode_allowedip_flags(3, false, &remove_me) && !remove_me);
	return true;
}

static const struct test_case cases[] = {
	{ "a small configuration is one message", small_config_is_one_message },
	{ "1,000 peers and 100,000 allowed IPs round trip",
	  thousand_peers_hundred_thousand_ips },
	{ "one peer's allowed IPs over many messages",
	  one_peer_over_many_messages },
	{ "tiny messages split everywhere", tiny_messages_split_everywhere },
	{ "removals of 500 peers", remove_only_peers },
	{ "refuses a buffer too small to progress", refuses_a_buffer_too_small },
	{ "a removal carries the allowed-IP flag, an addition none",
	  removals_carry_the_flag },
	{ "allowed-IP flags are read from requests only",
	  decoder_reads_allowedip_flags },
	{ "the request decoder refuses bad requests",
	  decoder_refuses_bad_requests },
};

TEST_SUITE(encode_suite, "encode", cases);
