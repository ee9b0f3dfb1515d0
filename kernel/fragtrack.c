// SPDX-License-Identifier: GPL-2.0
/*
 * The fragment tracker (see fragtrack.h).  The expiry is written before
 * the tag, and read after it: a reader that sees a tag sees at least the
 * expiry written with it, or a later one.
 */

#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/socket.h>
#include <linux/string.h>

#include "fragtrack.h"
#include "pktinfo.h"

/* The low bits of a slot's tag: its first fragment's frag_l4_end. */
#define ZTNET_FRAG_END_MASK	0xffffULL

/* What a datagram is reassembled by, and whose it is. */
struct ztnet_frag_key {
	u64 peer_id;
	struct in6_addr src;
	struct in6_addr dst;
	u32 id;
	u8 dir;
	u8 proto;
	u8 pad[2];
};

void ztnet_frags_init(struct ztnet_frags *frags)
{
	get_random_bytes(&frags->key, sizeof(frags->key));
	memset(frags->slot, 0, sizeof(frags->slot));
}

/* The fingerprint, its low bits clear; never 0, which marks an empty slot. */
static u64 ztnet_frag_tag(const struct ztnet_frags *frags,
			  const struct ztnet_pkt *pkt, u64 peer_id)
{
	struct ztnet_frag_key key;
	u64 tag;

	memset(&key, 0, sizeof(key));
	key.peer_id = peer_id;
	key.src = pkt->rule.src;
	key.dst = pkt->rule.dst;
	key.id = pkt->frag_id;
	key.dir = pkt->rule.dir;
	/* IPv6 reassembles without the protocol, which a later one may fake. */
	key.proto = pkt->rule.family == AF_INET ? pkt->rule.proto : 0;
	tag = siphash(&key, sizeof(key), &frags->key);
	return (tag | (ZTNET_FRAG_END_MASK + 1)) & ~ZTNET_FRAG_END_MASK;
}

/*
 * Fragment data is at most 65535 bytes, so a larger end is none that a
 * later fragment could pass anyway: kept as the largest.
 */
static u64 ztnet_frag_end(const struct ztnet_pkt *pkt)
{
	return min_t(u64, pkt->frag_l4_end, ZTNET_FRAG_END_MASK);
}

/*
 * A peer's datagrams in one direction take the slots of one region,
 * picked by a keyed hash of both: a peer that floods first fragments
 * pushes out only its own and those of the few that share its region.
 * The slot within it comes from the tag's high half, untouched by the
 * bound kept in its low bits.
 */
static struct ztnet_frag_slot *ztnet_frag_slot(struct ztnet_frags *frags,
					       u64 tag, u64 peer_id, u8 dir)
{
	u32 per_region = ZTNET_FRAG_SLOTS / ZTNET_FRAG_REGIONS;
	u32 region;

	BUILD_BUG_ON(ZTNET_FRAG_SLOTS % ZTNET_FRAG_REGIONS);
	region = siphash_2u64(peer_id, dir, &frags->key) % ZTNET_FRAG_REGIONS;
	return &frags->slot[region * per_region + (u32)(tag >> 32) % per_region];
}

void ztnet_frags_vouch(struct ztnet_frags *frags, const struct ztnet_pkt *pkt,
		       u64 peer_id)
{
	u64 tag = ztnet_frag_tag(frags, pkt, peer_id);
	struct ztnet_frag_slot *slot = ztnet_frag_slot(frags, tag, peer_id,
						       pkt->rule.dir);

	WRITE_ONCE(slot->expires, jiffies + ZTNET_FRAG_TIMEOUT);
	/* The expiry before the tag: see ztnet_frags_vouched(). */
	smp_wmb();
	WRITE_ONCE(slot->tag, tag | ztnet_frag_end(pkt));
}

bool ztnet_frags_vouched(struct ztnet_frags *frags,
			 const struct ztnet_pkt *pkt, u64 peer_id)
{
	u64 tag = ztnet_frag_tag(frags, pkt, peer_id);
	struct ztnet_frag_slot *slot = ztnet_frag_slot(frags, tag, peer_id,
						       pkt->rule.dir);
	u64 seen = READ_ONCE(slot->tag);

	if ((seen & ~ZTNET_FRAG_END_MASK) != tag ||
	    pkt->frag_offset < (seen & ZTNET_FRAG_END_MASK))
		return false;
	/* The tag before its expiry: see ztnet_frags_vouch(). */
	smp_rmb();
	return time_before(jiffies, READ_ONCE(slot->expires));
}
