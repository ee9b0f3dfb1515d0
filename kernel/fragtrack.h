/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which fragmented datagrams had their first fragment accepted, so that
 * their later fragments, which carry no ports, may follow it.  A small
 * fixed table of fingerprints: a datagram whose slot another took since
 * loses its later fragments, which fails closed and costs no memory per
 * packet.  Lock-free; a fingerprint is a keyed hash, so a peer cannot aim
 * one datagram at another's slot, and each peer's datagrams in each
 * direction stay in one of 16 regions, so a flood of them cannot push
 * out most others'.  A slot also keeps how far into the fragment data the
 * first fragment's L4 header ends: a later fragment that starts before
 * that would rewrite what the rules saw (RFC 1858), so it is refused.
 */
#ifndef _ZTNET_FRAGTRACK_H
#define _ZTNET_FRAGTRACK_H

#include <linux/siphash.h>
#include <linux/types.h>

struct ztnet_pkt;

#define ZTNET_FRAG_SLOTS	256
/* Peers share the slots in regions: see ztnet_frag_slot(). */
#define ZTNET_FRAG_REGIONS	16
/* Fragments of one datagram travel together: a short wait is enough. */
#define ZTNET_FRAG_TIMEOUT	(10 * HZ)

/*
 * The tag is a fingerprint of the datagram in its high 48 bits, and its
 * first fragment's frag_l4_end in the low 16: one word, so that a reader
 * never pairs one datagram's fingerprint with another's bound.  A 32-bit
 * machine may tear it; a torn tag mixes two fingerprints, which match
 * neither datagram, or two bounds of one datagram, both vouched for.
 */
struct ztnet_frag_slot {
	u64 tag;
	unsigned long expires;
};

struct ztnet_frags {
	siphash_key_t key;
	struct ztnet_frag_slot slot[ZTNET_FRAG_SLOTS];
};

void ztnet_frags_init(struct ztnet_frags *frags);
/* The first fragment of @pkt, from or to peer @peer_id, was accepted. */
void ztnet_frags_vouch(struct ztnet_frags *frags, const struct ztnet_pkt *pkt,
		       u64 peer_id);
/*
 * Whether a later fragment's first one was accepted, lately, and its
 * data starts past the first one's L4 header.
 */
bool ztnet_frags_vouched(struct ztnet_frags *frags,
			 const struct ztnet_pkt *pkt, u64 peer_id);

#endif /* _ZTNET_FRAGTRACK_H */
