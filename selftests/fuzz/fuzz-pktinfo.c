// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the parser of inner packets (kernel/pktinfo.c, compiled
 * unchanged against kshim/): the input is one IP packet.  A reference
 * parser, written over the flat buffer with plain indexing, must agree
 * with it on everything: refusal, family, protocol, addresses, fragment
 * kind and id, the L4 header's place and the ports or ICMP fields in it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/socket.h>

#include "pktinfo.h"

static unsigned int be16_at(const uint8_t *d)
{
	return (unsigned int)d[0] << 8 | d[1];
}

static unsigned int l4_min(uint8_t proto)
{
	return proto == 6 ? 20 : proto == 132 ? 12 :
	       proto == 17 || proto == 1 || proto == 58 ? 8 : 0;
}

static bool is_ext(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 44 || nh == 51 || nh == 60;
}

/* The L4 fields of what starts at off and has len bytes. */
static int ref_l4(const uint8_t *d, size_t n, struct ztnet_pkt *p,
		  unsigned int off, unsigned int len)
{
	uint8_t proto = p->rule.proto;

	if (len < l4_min(proto))
		return -EINVAL;
	if (!l4_min(proto))
		return 0;
	if (off + 8 > n)
		return -EINVAL;
	if (proto == 1 || proto == 58) {
		p->rule.icmp_type = d[off];
		p->rule.icmp_code = d[off + 1];
		if ((proto == 1 && (d[off] == 0 || d[off] == 8)) ||
		    (proto == 58 && (d[off] == 128 || d[off] == 129)))
			p->icmp_id = be16_at(d + off + 4);
	} else {
		p->rule.sport = be16_at(d + off);
		p->rule.dport = be16_at(d + off + 2);
	}
	return 0;
}

static int ref_v4(const uint8_t *d, size_t n, struct ztnet_pkt *p)
{
	unsigned int hlen = (d[0] & 15) * 4, total, off;

	if (n < 20 || hlen < 20)
		return -EINVAL;
	total = be16_at(d + 2);
	if (total < hlen || total > n)
		return -EINVAL;
	p->rule.family = AF_INET;
	p->rule.proto = d[9];
	memcpy(&p->rule.src, d + 12, 4);
	memcpy(&p->rule.dst, d + 16, 4);
	p->frag_id = be16_at(d + 4);
	off = (be16_at(d + 6) & 0x1fff) * 8;
	if (off) {
		p->frag = ZTNET_PKT_LATER;
		return off < l4_min(d[9]) ? -EINVAL : 0;
	}
	if (be16_at(d + 6) & 0x2000)
		p->frag = ZTNET_PKT_FIRST;
	p->l4_offset = hlen;
	return ref_l4(d, n, p, hlen, total - hlen);
}

static int ref_v6(const uint8_t *d, size_t n, struct ztnet_pkt *p)
{
	unsigned int end, off = 40, hops = 0, len;
	uint8_t nh;

	if (n < 40)
		return -EINVAL;
	end = 40 + be16_at(d + 4);
	if (end > n)
		return -EINVAL;
	p->rule.family = AF_INET6;
	memcpy(&p->rule.src, d + 8, 16);
	memcpy(&p->rule.dst, d + 24, 16);
	nh = d[6];
	while (is_ext(nh)) {
		if (hops++ == ZTNET_PKT_MAX_EXTHDRS)
			return -EINVAL;
		if (nh == 44) {
			unsigned int fo;

			if (off + 8 > n)
				return -EINVAL;
			fo = be16_at(d + off + 2);
			p->frag_id = (uint32_t)be16_at(d + off + 4) << 16 |
				     be16_at(d + off + 6);
			nh = d[off];
			off += 8;
			/* Its next header is not the first one's: any may be TCP. */
			if (fo & 0xfff8) {
				p->rule.proto = nh;
				p->frag = ZTNET_PKT_LATER;
				return off > end || (fo & 0xfff8) < 20 ? -EINVAL : 0;
			}
			if (fo & 1)
				p->frag = ZTNET_PKT_FIRST;
			continue;
		}
		if (off + 2 > n)
			return -EINVAL;
		len = nh == 51 ? (d[off + 1] + 2u) * 4 : (d[off + 1] + 1u) * 8;
		nh = d[off];
		off += len;
	}
	if (off > end)
		return -EINVAL;
	p->rule.proto = nh;
	p->l4_offset = off;
	return ref_l4(d, n, p, off, end - off);
}

static int ref_parse(const uint8_t *d, size_t n, struct ztnet_pkt *p)
{
	memset(p, 0, sizeof(*p));
	if (!n)
		return -EINVAL;
	if (d[0] >> 4 == 4)
		return ref_v4(d, n, p);
	if (d[0] >> 4 == 6)
		return ref_v6(d, n, p);
	return -EINVAL;
}

static void differ(const char *what)
{
	fprintf(stderr, "fuzz-pktinfo: the parser and the reference differ in %s\n", what);
	abort();
}

/* On refusal only the verdict counts; otherwise every field. */
static void compare(int got, const struct ztnet_pkt *a, int want,
		    const struct ztnet_pkt *b)
{
	if (got != want)
		differ("the verdict");
	if (got)
		return;
	if (a->rule.family != b->rule.family || a->rule.proto != b->rule.proto)
		differ("family or protocol");
	if (memcmp(&a->rule.src, &b->rule.src, sizeof(a->rule.src)) ||
	    memcmp(&a->rule.dst, &b->rule.dst, sizeof(a->rule.dst)))
		differ("the addresses");
	if (a->frag != b->frag || a->frag_id != b->frag_id)
		differ("the fragment");
	if (a->frag == ZTNET_PKT_LATER)
		return;
	if (a->l4_offset != b->l4_offset || a->rule.sport != b->rule.sport ||
	    a->rule.dport != b->rule.dport || a->icmp_id != b->icmp_id ||
	    a->rule.icmp_type != b->rule.icmp_type ||
	    a->rule.icmp_code != b->rule.icmp_code)
		differ("the L4 fields");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ztnet_pkt got, want;
	struct sk_buff skb = { 0 };
	uint8_t *copy;
	int ret;

	if (size > 0xffff + 40)
		return 0;
	/* An allocation of its own, so that ASan sees a read past the end. */
	copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	skb.head = copy;
	skb.data = copy;
	skb.len = size;
	ret = ref_parse(copy, size, &want);
	memset(&got, 0, sizeof(got));
	compare(ztnet_pkt_parse(&skb, &got), &got, ret, &want);
	/* Again with all of it paged: every header is copied out. */
	skb.data_len = size;
	memset(&got, 0, sizeof(got));
	compare(ztnet_pkt_parse(&skb, &got), &got, ret, &want);
	free(copy);
	return 0;
}
