// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake ratelimiter, kernel/ratelimiter.c, compiled unchanged
 * against the fuzz harness's kernel shims, on the shims' clock, which
 * stays where a test puts it.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "messages.h"
#include "ratelimiter.h"
#include "harness.h"

/* As kernel/ratelimiter.c has them. */
#define BURST		5
#define PACKET_COST	(NSEC_PER_SEC / ZTNET_INITIATIONS_PER_SECOND)

/* Some time after boot, so that no clock reading is 0. */
#define START_NS	(100 * NSEC_PER_SEC)

struct source {
	struct net *net;
	u8 addr[16];
	bool v6;
};

static struct net net_a = { 1 }, net_b = { 2 };

static const struct source v4_a = { &net_a, { 192, 0, 2, 1 }, false };
static const struct source v4_b = { &net_a, { 192, 0, 2, 2 }, false };
static const struct source v4_a_elsewhere = {
	&net_b, { 192, 0, 2, 1 }, false };
/* 2001:db8::1, 2001:db8::ffff:1 in its /64, 2001:db8:0:1::1 outside. */
static const struct source v6_a = {
	&net_a, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, true };
static const struct source v6_a_sibling = {
	&net_a, { 0x20, 0x01, 0x0d, 0xb8, [12] = 0xff, 0xff, 0, 1 }, true };
static const struct source v6_b = {
	&net_a, { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, [15] = 1 }, true };

/* One handshake message from @src: does the ratelimiter let it through? */
static bool allow(const struct source *src)
{
	union {
		struct iphdr v4;
		struct ipv6hdr v6;
	} hdr = { 0 };
	struct sk_buff skb = {
		.head = (unsigned char *)&hdr,
		.data = (unsigned char *)&hdr,
		.len = sizeof(hdr),
	};

	if (src->v6) {
		skb.protocol = htons(ETH_P_IPV6);
		memcpy(&hdr.v6.saddr, src->addr, sizeof(hdr.v6.saddr));
	} else {
		skb.protocol = htons(ETH_P_IP);
		memcpy(&hdr.v4.saddr, src->addr, sizeof(hdr.v4.saddr));
	}
	return ztnet_ratelimiter_allow(&skb, src->net);
}

/* How many of @n messages from @src at this instant get through. */
static unsigned int allowed_of(const struct source *src, unsigned int n)
{
	unsigned int allowed = 0;

	while (n--)
		allowed += allow(src);
	return allowed;
}

/*
 * Runs @body on a fresh table, then destroys it, whatever @body found, so
 * that a failure does not leave its entries to the next test.  Every
 * entry must be freed, and no read-side section left open.
 */
static bool with_table(bool (*body)(void))
{
	size_t objects = kshim_slab_objects;
	bool ok;

	kshim_boottime_ns = START_NS;
	CHECK(ztnet_ratelimiter_init() == 0);
	ok = body();
	kshim_spin_lock_hook = NULL;
	ztnet_ratelimiter_uninit();
	CHECK(kshim_slab_objects == objects);
	CHECK(!kshim_rcu_readers && !kshim_rcu_bh_readers);
	return ok;
}

static bool burst_then_rate_body(void)
{
	CHECK(allowed_of(&v4_a, BURST) == BURST);
	CHECK(!allow(&v4_a));
	/* A token takes 1/50 s to earn, not a nanosecond less. */
	kshim_boottime_ns += PACKET_COST - 1;
	CHECK(!allow(&v4_a));
	kshim_boottime_ns += 1;
	CHECK(allow(&v4_a));
	CHECK(!allow(&v4_a));
	/* An idle source saves up no more than a burst. */
	kshim_boottime_ns += 10 * NSEC_PER_SEC;
	CHECK(allowed_of(&v4_a, BURST + 1) == BURST);
	return true;
}

static bool burst_then_rate(void)
{
	return with_table(burst_then_rate_body);
}

static bool sources_apart_body(void)
{
	struct sk_buff arp = { .protocol = htons(ETH_P_ARP) };

	CHECK(allowed_of(&v4_a, BURST + 1) == BURST);
	CHECK(allowed_of(&v4_b, BURST + 1) == BURST);
	/* The same address in another namespace is another source. */
	CHECK(allowed_of(&v4_a_elsewhere, BURST + 1) == BURST);
	/* A host owns its /64: one bucket for all of it. */
	CHECK(allowed_of(&v6_a, BURST - 1) == BURST - 1);
	CHECK(allowed_of(&v6_a_sibling, 2) == 1);
	CHECK(allowed_of(&v6_b, BURST + 1) == BURST);
	/* Neither IPv4 nor IPv6: no source to count it against. */
	CHECK(!ztnet_ratelimiter_allow(&arp, &net_a));
	return true;
}

static bool sources_apart(void)
{
	return with_table(sources_apart_body);
}

/*
 * Another CPU, for the preempted reader.  Armed, the first spin_lock()
 * runs one more message from the same source at a later time, as if the
 * caller had been preempted just before taking that lock.  The rival's
 * own spin_lock() calls only note the lock it takes, so it cannot recurse,
 * and the hook disarms itself once the rival is done.
 */
static struct {
	const struct source *src;
	u64 at_ns;
	spinlock_t *preempted_at;
	spinlock_t *taken;
	bool running;
	bool allowed;
} rival;

static void rival_runs(spinlock_t *lock)
{
	if (rival.running) {
		rival.taken = lock;
		return;
	}
	rival.preempted_at = lock;
	rival.running = true;
	/* And the clock stays there, for the caller to read after it. */
	kshim_boottime_ns = rival.at_ns;
	rival.allowed = allow(rival.src);
	rival.running = false;
	kshim_spin_lock_hook = NULL;
}

/*
 * From a bucket drained at t0, the caller finds the clock at t0 + 1 ns and
 * is preempted before the entry's lock, while the rival sends at t0 +
 * @rival_ns: a packet's cost after t0, it has earned a token.  The caller
 * must get nothing the rival left it.  Had it refilled from a reading
 * taken before the lock, the difference from the rival's later update
 * would wrap, to a full bucket once the rival has spent its token (one
 * that is refused leaves more credit than the difference takes away).
 */
static bool preempted_reader(u64 rival_ns)
{
	const u64 t0 = kshim_boottime_ns;

	CHECK(allowed_of(&v4_a, BURST) == BURST);
	CHECK(!allow(&v4_a));
	rival = (typeof(rival)){ .src = &v4_a, .at_ns = t0 + rival_ns };
	kshim_boottime_ns = t0 + 1;
	kshim_spin_lock_hook = rival_runs;
	CHECK(!allow(&v4_a));
	/* It ran, at the lock that it took itself: the entry's. */
	CHECK(!kshim_spin_lock_hook && rival.taken);
	CHECK(rival.preempted_at == rival.taken);
	CHECK(rival.allowed == (rival_ns >= PACKET_COST));
	CHECK(kshim_boottime_ns == t0 + rival_ns);
	CHECK(!allow(&v4_a));
	/* The bucket goes on at the rate, from where the rival left it. */
	kshim_boottime_ns = t0 + rival_ns + PACKET_COST;
	CHECK(allowed_of(&v4_a, 2) == 1);
	return true;
}

static bool preempted_reader_body(void)
{
	CHECK(preempted_reader(2));
	kshim_boottime_ns += NSEC_PER_SEC;
	CHECK(preempted_reader(PACKET_COST));
	return true;
}

static bool preempted_reader_gains_nothing(void)
{
	return with_table(preempted_reader_body);
}

static const struct test_case cases[] = {
	{ "a burst of 5, then 50 a second", burst_then_rate },
	{ "sources, namespaces and /64s are apart", sources_apart },
	{ "a reader preempted before the lock gains nothing",
	  preempted_reader_gains_nothing },
};

TEST_SUITE(ratelimiter_suite, "ratelimiter", cases);
