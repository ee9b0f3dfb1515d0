// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the parser of inner packets (kernel/pktinfo.c, compiled
 * unchanged against kshim/): the input is one IP packet.  A reference
 * parser, written over the flat buffer with plain indexing, must agree
 * with it on everything: refusal, family, protocol, addresses, fragment
 * kind and id, the L4 header's place and the ports or ICMP fields in it,
 * and where a fragment's data starts or its L4 header ends in it.
 *
 * A first fragment is then vouched for in the fragment tracker
 * (kernel/fragtrack.c), and later fragments of its datagram built around
 * where the reference says its L4 header ends: none that would rewrite
 * any byte up to there may follow it (RFC 1858), every other one must.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/socket.h>

#include "fragtrack.h"
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
		p->frag_offset = off;
		return off < l4_min(d[9]) ? -EINVAL : 0;
	}
	/* Options come before the fragment data: the L4 header starts it. */
	if (be16_at(d + 6) & 0x2000) {
		p->frag = ZTNET_PKT_FIRST;
		p->frag_l4_end = l4_min(d[9]);
	}
	p->l4_offset = hlen;
	return ref_l4(d, n, p, hlen, total - hlen);
}

static int ref_v6(const uint8_t *d, size_t n, struct ztnet_pkt *p)
{
	unsigned int end, off = 40, hops = 0, len, data = 0;
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
			data = off;
			/* Its next header is not the first one's: any may be TCP. */
			if (fo & 0xfff8) {
				p->rule.proto = nh;
				p->frag = ZTNET_PKT_LATER;
				p->frag_offset = fo & 0xfff8;
				return off > end || (fo & 0xfff8) < 20 ? -EINVAL : 0;
			}
			if (fo & 1)
				p->frag = ZTNET_PKT_FIRST;
			continue;
		}
		/* Every extension header is at least 8 bytes; 4 are read. */
		if (off + 4 > n || (nh == 43 && d[off + 3]))
			return -EINVAL;
		len = nh == 51 ? (d[off + 1] + 2u) * 4 : (d[off + 1] + 1u) * 8;
		nh = d[off];
		off += len;
	}
	if (off > end)
		return -EINVAL;
	p->rule.proto = nh;
	p->l4_offset = off;
	/* The headers after the fragment header are fragment data too. */
	if (p->frag == ZTNET_PKT_FIRST)
		p->frag_l4_end = off - data + l4_min(nh);
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
	if (a->frag == ZTNET_PKT_LATER && a->frag_offset != b->frag_offset)
		differ("the fragment's offset");
	if (a->frag == ZTNET_PKT_FIRST && a->frag_l4_end != b->frag_l4_end)
		differ("where the first fragment's L4 header ends");
	if (a->frag == ZTNET_PKT_LATER)
		return;
	if (a->l4_offset != b->l4_offset || a->rule.sport != b->rule.sport ||
	    a->rule.dport != b->rule.dport || a->icmp_id != b->icmp_id ||
	    a->rule.icmp_type != b->rule.icmp_type ||
	    a->rule.icmp_code != b->rule.icmp_code)
		differ("the L4 fields");
}

/*
 * A later fragment of the datagram whose first fragment is d, with 8 bytes
 * of data at off: the addresses, id (and IPv4's protocol) are the first's.
 */
static size_t later_fragment(const uint8_t *d, const struct ztnet_pkt *first,
			     unsigned int off, uint8_t *out)
{
	memset(out, 0, 48 + 8);
	if (first->rule.family == AF_INET) {
		memcpy(out, d, 20);
		out[0] = 0x45;
		out[2] = 0;
		out[3] = 28;
		out[6] = off / 8 >> 8;
		out[7] = off / 8 & 0xff;
		return 28;
	}
	memcpy(out, d, 40);
	out[4] = 0;
	out[5] = 16;
	out[6] = 44;
	/* Its next header, TCP, is a lie the tracker must not believe. */
	out[40] = 6;
	out[42] = off >> 8;
	out[43] = off & 0xf8;
	out[44] = first->frag_id >> 24;
	out[45] = first->frag_id >> 16;
	out[46] = first->frag_id >> 8;
	out[47] = first->frag_id;
	return 56;
}

/* Whether the tracker let through a later fragment at off. */
static bool follows(struct ztnet_frags *frags, const uint8_t *d,
		    const struct ztnet_pkt *first, unsigned int off)
{
	uint8_t buf[56];
	struct sk_buff skb = { 0 };
	struct ztnet_pkt later;

	skb.head = buf;
	skb.data = buf;
	skb.len = later_fragment(d, first, off, buf);
	memset(&later, 0, sizeof(later));
	if (ztnet_pkt_parse(&skb, &later))
		return false;
	if (later.frag != ZTNET_PKT_LATER)
		differ("a built later fragment's kind");
	return ztnet_frags_vouched(frags, &later, 1);
}

/*
 * The first fragment's datagram, after it was vouched for: a later
 * fragment at off passes if, and only if, it starts past the first's L4
 * header (end, the reference's) and past the stateless bound.
 */
static void check_follow(struct ztnet_frags *frags, const uint8_t *d,
			 const struct ztnet_pkt *first, unsigned int end,
			 unsigned int off)
{
	unsigned int bound = first->rule.family == AF_INET ?
			     l4_min(first->rule.proto) : 20;

	if (off < 8 || off > 0xfff8)
		return;
	if (follows(frags, d, first, off) != (off >= end && off >= bound))
		differ(off < end ? "a later fragment let into the L4 header" :
		       "a later fragment past the L4 header refused");
}

static void check_fragments(const uint8_t *d, const struct ztnet_pkt *first,
			    const struct ztnet_pkt *want)
{
	static struct ztnet_frags frags;
	unsigned int end = want->frag_l4_end;

	if (first->frag != ZTNET_PKT_FIRST)
		return;
	ztnet_frags_init(&frags);
	ztnet_frags_vouch(&frags, first, 1);
	check_follow(&frags, d, first, end, 8);
	check_follow(&frags, d, first, end, 24);
	check_follow(&frags, d, first, end, end ? (end - 1) & ~7u : 0);
	check_follow(&frags, d, first, end, (end + 7) & ~7u);
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
	if (!ret)
		check_fragments(copy, &got, &want);
	/* Again with all of it paged: every header is copied out. */
	skb.data_len = size;
	memset(&got, 0, sizeof(got));
	compare(ztnet_pkt_parse(&skb, &got), &got, ret, &want);
	free(copy);
	return 0;
}
