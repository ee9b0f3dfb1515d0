// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the module's rule compiler and matcher (kernel/rules.c, compiled
 * unchanged against kshim/) against the reference matcher of rules-ref.c:
 * both must pick the same rule for every packet.
 *
 * The input is read a byte at a time (zeros once it runs out): a rule
 * count, the rules, then packets until the input ends.  Every value is
 * drawn from a small pool, so that rules overlap and packets hit their
 * edges: addresses differ in their last byte, prefixes end on, just
 * before and just after it, and ports are 0 to 2, 63, 64, 79 to 81, 1023,
 * 1024, 32767, 32768, 65534 and 65535: the edges of ranges, and of the
 * power-of-two blocks inside them; and 200, 700, 5000 and 40000, which
 * lie inside blocks of middling size, between those edges.  A first byte
 * with its top bit set also fails one allocation of the build, which must
 * then fail cleanly and leak nothing; the next bit breaks one rule in a
 * way the compiler must refuse, with -EINVAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/socket.h>

#include "rules-ref.h"

#define MAX_RULES	24
#define MAX_SPECS	4
#define MAX_RANGES	3
#define MAX_GROUPS	4

struct input {
	const uint8_t *data;
	size_t size;
};

static uint8_t next(struct input *in)
{
	uint8_t b = 0;

	if (in->size) {
		b = *in->data++;
		in->size--;
	}
	return b;
}

static uint8_t pick(struct input *in, unsigned int n)
{
	return next(in) % n;
}

static const s16 protos[] = { -1, 6, 17, 132, 1, 58, 47 };
static const u16 ports[] = { 0, 1, 2, 63, 64, 79, 80, 81, 200, 700, 1023,
			     1024, 5000, 32767, 32768, 40000, 65534, 65535 };
static const u8 last_bytes[] = { 0, 1, 2, 127, 128, 255 };
static const u8 v4_cidrs[] = { 0, 1, 8, 24, 25, 31, 32 };
static const u8 v6_cidrs[] = { 0, 64, 120, 121, 127, 128 };
static const s16 icmp_types[] = { -1, 0, 3, 8, 128 };
/* Keys that differ in their last byte, and two in their first only. */
static const u8 keys[3][ZTNET_KEY_LEN] = {
	{ [31] = 1 }, { [31] = 2 }, { [0] = 1, [31] = 1 },
};

#define PICK(in, pool) (pool)[pick(in, sizeof(pool) / sizeof((pool)[0]))]

/* 10.0.0.x or fd00::x, x from the pool. */
static void fill_addr(struct input *in, u8 family, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		a->s6_addr[0] = 10;
		a->s6_addr[3] = PICK(in, last_bytes);
	} else {
		a->s6_addr[0] = 0xfd;
		a->s6_addr[15] = PICK(in, last_bytes);
	}
}

static void fill_spec(struct input *in, struct ztnet_spec *s, bool remote)
{
	memset(s, 0, sizeof(*s));
	s->kind = pick(in, remote ? 4 : 2);
	switch (s->kind) {
	case ZTSPEC_CIDR:
		s->family = next(in) & 1 ? AF_INET6 : AF_INET;
		s->cidr = s->family == AF_INET ? PICK(in, v4_cidrs) : PICK(in, v6_cidrs);
		fill_addr(in, s->family, &s->addr);
		break;
	case ZTSPEC_GROUP:
		s->group = pick(in, MAX_GROUPS + 1);
		break;
	case ZTSPEC_PEER:
		memcpy(s->key, keys[pick(in, 2)], ZTNET_KEY_LEN);
		break;
	}
}

static u16 fill_ranges(struct input *in, struct ztnet_port_range *r)
{
	u16 i, n = pick(in, MAX_RANGES + 1);

	for (i = 0; i < n; i++) {
		u16 a = PICK(in, ports), b = PICK(in, ports);

		r[i].lo = a < b ? a : b;
		r[i].hi = a < b ? b : a;
	}
	return n;
}

struct rule_store {
	struct ztnet_spec from[MAX_SPECS], to[MAX_SPECS];
	struct ztnet_port_range ports[MAX_RANGES], sports[MAX_RANGES];
};

static void fill_rule(struct input *in, struct ztnet_rule_desc *r,
		      struct rule_store *st)
{
	bool has_ports, icmp;
	u16 i;

	memset(r, 0, sizeof(*r));
	r->action = pick(in, 3);
	r->dir = pick(in, 2);
	r->proto = PICK(in, protos);
	r->from_len = pick(in, MAX_SPECS + 1);
	r->to_len = pick(in, MAX_SPECS + 1);
	for (i = 0; i < r->from_len; i++)
		fill_spec(in, &st->from[i], r->dir == ZTRULE_DIR_IN);
	for (i = 0; i < r->to_len; i++)
		fill_spec(in, &st->to[i], r->dir == ZTRULE_DIR_OUT);
	r->from = st->from;
	r->to = st->to;
	has_ports = r->proto == 6 || r->proto == 17 || r->proto == 132;
	r->ports_len = has_ports ? fill_ranges(in, st->ports) : 0;
	r->sports_len = has_ports ? fill_ranges(in, st->sports) : 0;
	r->ports = st->ports;
	r->sports = st->sports;
	icmp = r->proto == 1 || r->proto == 58;
	r->icmp_type = icmp ? PICK(in, icmp_types) : -1;
	r->icmp_code = r->icmp_type >= 0 && next(in) & 1 ? pick(in, 2) : -1;
}

static void fill_pkt(struct input *in, struct ztnet_rule_pkt *p, u16 *groups)
{
	u8 k = pick(in, 4);
	s16 proto = PICK(in, protos);
	u32 i;

	memset(p, 0, sizeof(*p));
	p->dir = pick(in, 2);
	p->family = next(in) & 1 ? AF_INET6 : AF_INET;
	p->proto = proto < 0 ? 0 : proto;
	p->sport = PICK(in, ports);
	p->dport = PICK(in, ports);
	p->icmp_type = PICK(in, icmp_types) & 0xff;
	p->icmp_code = pick(in, 2);
	fill_addr(in, p->family, &p->src);
	fill_addr(in, p->family, &p->dst);
	p->key = k < 3 ? keys[k] : NULL;
	p->groups_len = pick(in, MAX_GROUPS + 1);
	for (i = 0; i < p->groups_len; i++)
		groups[i] = pick(in, MAX_GROUPS + 1);
	p->groups = groups;
}

static void mismatch(const struct ztnet_rule_pkt *p, u32 got, u32 want)
{
	fprintf(stderr, "fuzz-rules: dir %u family %u proto %u sport %u dport %u type %u/%u: index %u, reference %u\n",
		p->dir, p->family, p->proto, p->sport, p->dport, p->icmp_type,
		p->icmp_code, got, want);
	abort();
}

/* An allocation made to fail must fail the build, and leave nothing. */
static void build_failing(const struct ztnet_rule_desc *rules, u32 count,
			  uint8_t which)
{
	size_t live = kshim_slab_objects;
	struct ztnet_ruleset *set;

	kshim_slab_fail_in = 1 + which % 2;
	set = ztnet_ruleset_build(rules, count);
	if (!IS_ERR(set)) {
		if (kshim_slab_fail_in)
			abort();	/* it did not even allocate that much */
		ztnet_ruleset_free(set);
		kshim_slab_fail_in = 0;
		return;
	}
	kshim_slab_fail_in = 0;
	if (PTR_ERR(set) != -ENOMEM || kshim_slab_objects != live)
		abort();
}

/*
 * One rule broken in one of the ways the compiler must refuse, whatever
 * the netlink parser in front of it checks: -EINVAL, nothing leaked.
 */
static void build_refused(const struct ztnet_rule_desc *rules, u32 count,
			  uint8_t how)
{
	static const struct ztnet_port_range any_port = { 0, 65535 };
	struct ztnet_rule_desc bad[MAX_RULES];
	struct ztnet_spec spec = { .kind = ZTSPEC_GROUP };
	size_t live = kshim_slab_objects;
	struct ztnet_ruleset *set;
	struct ztnet_rule_desc *r;

	memcpy(bad, rules, count * sizeof(*rules));
	r = &bad[how % count];
	switch (how % 6) {
	case 0:		/* an identity on the local side */
		if (r->dir == ZTRULE_DIR_IN) {
			r->to = &spec;
			r->to_len = 1;
		} else {
			r->from = &spec;
			r->from_len = 1;
		}
		break;
	case 1:		/* ports without a protocol that has them */
		r->proto = -1;
		r->ports = &any_port;
		r->ports_len = 1;
		break;
	case 2:		/* an ICMP code without a type */
		r->proto = 1;
		r->icmp_type = -1;
		r->icmp_code = 0;
		break;
	case 3:		/* an ICMP type with TCP */
		r->proto = 6;
		r->icmp_type = 8;
		break;
	case 4:
		r->action = ZTRULE_REJECT + 1;
		break;
	default:	/* an IPv4 prefix of 33 bits */
		spec.kind = ZTSPEC_CIDR;
		spec.family = AF_INET;
		spec.cidr = 33;
		r->from = &spec;
		r->from_len = 1;
		break;
	}
	set = ztnet_ruleset_build(bad, count);
	if (!IS_ERR(set) || PTR_ERR(set) != -EINVAL || kshim_slab_objects != live) {
		fprintf(stderr, "fuzz-rules: a rule broken by way %u was not refused\n",
			how % 6);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rule_store stores[MAX_RULES];
	struct ztnet_rule_desc rules[MAX_RULES];
	struct input in = { data, size };
	struct ztnet_ruleset *set;
	struct ztnet_rule_pkt pkt;
	u16 groups[MAX_GROUPS];
	uint8_t head = next(&in);
	u32 count = head % (MAX_RULES + 1), i, got, want;

	for (i = 0; i < count; i++)
		fill_rule(&in, &rules[i], &stores[i]);
	if (head & 0x80)
		build_failing(rules, count, head >> 5);
	if (count && (head & 0x40))
		build_refused(rules, count, next(&in));
	set = ztnet_ruleset_build(rules, count);
	if (IS_ERR(set))
		abort();
	do {
		fill_pkt(&in, &pkt, groups);
		got = ztnet_ruleset_match(set, &pkt);
		want = rules_ref_match(rules, count, &pkt);
		if (got != want)
			mismatch(&pkt, got, want);
	} while (in.size);
	ztnet_ruleset_free(set);
	return 0;
}
