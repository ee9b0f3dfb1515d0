// SPDX-License-Identifier: GPL-2.0
/*
 * The transmit path.  A packet from the stack is routed to a peer by its
 * destination, staged on that peer until there is a session, numbered,
 * encrypted on any CPU, and sent in order by the peer's transmit worker.
 */

#include <linux/scatterlist.h>
#include <net/dst_metadata.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <linux/icmpv6.h>

#include "compat.h"
#include "device.h"
#include "firewall.h"
#include "keypair.h"
#include "log.h"
#include "queueing.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

/*
 * A session is renewed well before it must be rejected.  By age only by
 * its initiator, so that both sides do not race to renew it at the same
 * moment; by use by either side, as that can hardly happen together.
 */
static bool ztnet_keypair_wants_rekey(struct ztnet_keypair *keypair)
{
	return atomic64_read(&keypair->sending_counter) > ZTNET_REKEY_AFTER_MESSAGES ||
	       (keypair->i_am_the_initiator &&
		ztnet_has_expired(keypair->sending.birthdate, ZTNET_REKEY_AFTER_TIME));
}

static void ztnet_keep_key_fresh(struct ztnet_peer *peer)
{
	struct ztnet_keypair *keypair;
	bool rekey;

	rcu_read_lock_bh();
	keypair = rcu_dereference_bh(peer->keypairs.current_keypair);
	rekey = keypair && READ_ONCE(keypair->sending.is_valid) &&
		ztnet_keypair_wants_rekey(keypair);
	rcu_read_unlock_bh();
	if (rekey)
		ztnet_packet_send_queued_handshake_initiation(peer, false);
}

/* A keepalive is a data message with nothing in it. */
void ztnet_packet_send_keepalive(struct ztnet_peer *peer)
{
	struct sk_buff *skb;

	if (skb_queue_empty_lockless(&peer->staged_packet_queue)) {
		skb = alloc_skb(ZTNET_DATA_HEADROOM + ZTNET_PADDING_MULTIPLE +
				ZTNET_AUTHTAG_LEN, GFP_ATOMIC);
		if (unlikely(!skb))
			return;
		skb_reserve(skb, ZTNET_DATA_HEADROOM);
		skb->dev = peer->device->dev;
		ZTNET_CB(skb)->mtu = peer->device->dev->mtu;
		ZTNET_CB(skb)->ds = 0;
		skb_queue_tail(&peer->staged_packet_queue, skb);
		ztnet_peer_dbg(peer, "sending a keepalive");
	}
	ztnet_packet_send_staged(peer);
}

void ztnet_packet_purge_staged(struct ztnet_peer *peer)
{
	struct sk_buff_head *staged = &peer->staged_packet_queue;

	spin_lock_bh(&staged->lock);
	DEV_STATS_ADD(peer->device->dev, tx_dropped, skb_queue_len(staged));
	__skb_queue_purge(staged);
	spin_unlock_bh(&staged->lock);
}

/* Returns the current keypair, referenced, if it may still send. */
static struct ztnet_keypair *ztnet_sending_keypair(struct ztnet_peer *peer)
{
	struct ztnet_keypair *keypair;

	rcu_read_lock_bh();
	keypair = ztnet_keypair_get(rcu_dereference_bh(peer->keypairs.current_keypair));
	rcu_read_unlock_bh();
	if (keypair && READ_ONCE(keypair->sending.is_valid) &&
	    !ztnet_has_expired(keypair->sending.birthdate, ZTNET_REJECT_AFTER_TIME))
		return keypair;
	ztnet_keypair_put(keypair, false);
	return NULL;
}

/*
 * Numbers the packets.  Fails, numbering none, if the session would run out
 * of numbers: the packets then wait for the next session.
 */
static bool ztnet_number_packets(struct sk_buff_head *packets,
				 struct ztnet_keypair *keypair)
{
	struct sk_buff *skb;
	u64 first, n = skb_queue_len(packets);

	first = atomic64_add_return(n, &keypair->sending_counter) - n;
	if (unlikely(first + n > ZTNET_REJECT_AFTER_MESSAGES ||
		     first + n < first)) {
		WRITE_ONCE(keypair->sending.is_valid, false);
		return false;
	}
	skb_queue_walk(packets, skb)
		ZTNET_CB(skb)->nonce = first++;
	return true;
}

/*
 * The packets staged together go as one unit, so that the queues and the
 * references are paid for once per batch rather than once per packet.
 */
static void ztnet_queue_for_encryption(struct ztnet_peer *peer,
				       struct sk_buff_head *packets,
				       struct ztnet_keypair *keypair)
{
	struct ztnet_device *zt = peer->device;
	struct sk_buff *first = NULL, **link = &first, *skb;
	int err;

	while ((skb = __skb_dequeue(packets))) {
		ZTNET_CB(skb)->batch_next = NULL;
		*link = skb;
		link = &ZTNET_CB(skb)->batch_next;
	}
	ZTNET_CB(first)->keypair = ztnet_keypair_get(keypair);
	ztnet_peer_get(peer);
	err = ztnet_queue_packet(&zt->encrypt_queue, zt->crypt_wq,
				 &peer->tx_queue, first);
	if (err == -EBUSY)
		queue_work_on(peer->serial_work_cpu, zt->crypt_wq,
			      &peer->transmit_work);
	if (err == -ENOSPC) {
		DEV_STATS_INC(zt->dev, tx_dropped);
		ztnet_packet_free(first);
	}
}

/*
 * Sends what is staged if there is a session to send it with, else asks for
 * a handshake and leaves it staged.
 */
void ztnet_packet_send_staged(struct ztnet_peer *peer)
{
	struct ztnet_keypair *keypair;
	struct sk_buff_head packets;
	struct sk_buff *skb;

	/* Once a removal's grace period is over, nothing is queued. */
	if (unlikely(READ_ONCE(peer->dead))) {
		ztnet_packet_purge_staged(peer);
		return;
	}
	__skb_queue_head_init(&packets);
	spin_lock_bh(&peer->staged_packet_queue.lock);
	skb_queue_splice_init(&peer->staged_packet_queue, &packets);
	spin_unlock_bh(&peer->staged_packet_queue.lock);
	if (skb_queue_empty(&packets))
		return;

	keypair = ztnet_sending_keypair(peer);
	if (keypair && ztnet_number_packets(&packets, keypair)) {
		ztnet_queue_for_encryption(peer, &packets, keypair);
		ztnet_keypair_put(keypair, false);
		return;
	}
	ztnet_keypair_put(keypair, false);

	/*
	 * Waiting for a handshake, which may never come (a peer whose key is
	 * of low order has none): they must not hold their sockets' memory.
	 */
	skb_queue_walk(&packets, skb)
		skb_orphan(skb);
	/* Put them back in front of anything staged meanwhile. */
	spin_lock_bh(&peer->staged_packet_queue.lock);
	skb_queue_splice(&packets, &peer->staged_packet_queue);
	spin_unlock_bh(&peer->staged_packet_queue.lock);
	ztnet_packet_send_queued_handshake_initiation(peer, false);
}

/* Padding hides the exact length, but never beyond what the path takes. */
static unsigned int ztnet_padding(const struct sk_buff *skb)
{
	unsigned int mtu = ZTNET_CB(skb)->mtu, len = skb->len;
	unsigned int padded = ALIGN(len, ZTNET_PADDING_MULTIPLE);

	if (mtu && padded > mtu)
		padded = max(mtu, len);
	return padded - len;
}

static bool ztnet_encrypt_packet(struct sk_buff *skb,
				 struct ztnet_keypair *keypair)
{
	struct scatterlist sg[MAX_SKB_FRAGS + 8];
	unsigned int padding, plain_len;
	struct ztnet_msg_data *header;
	struct sk_buff *trailer;
	int nsg;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return false;
	padding = ztnet_padding(skb);
	plain_len = skb->len + padding;
	/*
	 * The head first: growing it copies the data only up to the tail,
	 * so padding written beyond the tail before would be lost, and stale
	 * memory sent in its place.
	 */
	if (unlikely(skb_cow_head(skb, ZTNET_DATA_HEADROOM) < 0))
		return false;
	nsg = skb_cow_data(skb, padding + ZTNET_AUTHTAG_LEN, &trailer);
	if (unlikely(nsg < 0 || nsg > ARRAY_SIZE(sg)))
		return false;
	memset(pskb_put(skb, trailer, padding + ZTNET_AUTHTAG_LEN), 0, padding);

	header = skb_push(skb, sizeof(*header));
	header->header.type = cpu_to_le32(ZTNET_MSG_DATA);
	header->receiver_index = keypair->remote_index;
	header->counter = cpu_to_le64(ZTNET_CB(skb)->nonce);

	sg_init_table(sg, nsg);
	if (skb_to_sgvec(skb, sg, sizeof(*header),
			 plain_len + ZTNET_AUTHTAG_LEN) <= 0)
		return false;
	return chacha20poly1305_encrypt_sg_inplace(sg, plain_len, NULL, 0,
						   ZTNET_CB(skb)->nonce,
						   keypair->sending.key);
}

/* A unit is sent whole or not at all: its packets share one fate. */
static bool ztnet_encrypt_batch(struct sk_buff *first)
{
	struct ztnet_keypair *keypair = ZTNET_CB(first)->keypair;
	struct sk_buff *skb, *next;

	for (skb = first; skb; skb = next) {
		next = ZTNET_CB(skb)->batch_next;
		if (!ztnet_encrypt_packet(skb, keypair))
			return false;
	}
	return true;
}

void ztnet_packet_encrypt_worker(struct work_struct *work)
{
	struct ptr_ring *ring = &ztnet_cpu_worker(work)->ring;
	enum ztnet_packet_state state;
	struct ztnet_peer *peer;
	struct sk_buff *first;

	while ((first = ptr_ring_consume_bh(ring))) {
		peer = ZTNET_CB(first)->keypair->entry.peer;
		state = ztnet_encrypt_batch(first) ? ZTNET_PACKET_CRYPTED :
						     ZTNET_PACKET_DEAD;
		/* After this, the transmit worker may free the packets. */
		ztnet_packet_set_state(first, state);
		queue_work_on(peer->serial_work_cpu, peer->device->crypt_wq,
			      &peer->transmit_work);
		cond_resched();
	}
}

/* Keepalives carry nothing that needs an answer. */
static bool ztnet_batch_has_data(struct sk_buff *first)
{
	struct sk_buff *skb;

	for (skb = first; skb; skb = ZTNET_CB(skb)->batch_next)
		if (skb->len != ZTNET_DATA_OVERHEAD)
			return true;
	return false;
}

static void ztnet_transmit_batch(struct ztnet_peer *peer,
				 struct sk_buff *first)
{
	struct ztnet_keypair *keypair = ZTNET_CB(first)->keypair;
	bool armed = false, data_sent = false, is_keepalive;
	struct sk_buff *skb, *next;

	if (atomic_read_acquire(&ZTNET_CB(first)->state) != ZTNET_PACKET_CRYPTED) {
		DEV_STATS_INC(peer->device->dev, tx_errors);
		ztnet_packet_free(first);
		return;
	}
	ztnet_timers_any_authenticated_packet_traversal(peer);
	ztnet_timers_any_authenticated_packet_sent(peer);
	/*
	 * Armed before the sends, not after them as WireGuard does: the
	 * answer may be received on another CPU before the last send
	 * returns, and its cancel must find the timer, or a session that
	 * works gets a new handshake 15 s later.  Disarmed again if no data
	 * left, as WireGuard never arms it then.
	 */
	if (ztnet_batch_has_data(first))
		armed = ztnet_timers_data_sent(peer);
	for (skb = first; skb; skb = next) {
		next = ZTNET_CB(skb)->batch_next;
		is_keepalive = skb->len == ZTNET_DATA_OVERHEAD;
		skb_mark_not_on_list(skb);
		if (!ztnet_socket_send_skb_to_peer(peer, skb, ZTNET_CB(skb)->ds) &&
		    !is_keepalive)
			data_sent = true;
	}
	if (armed && !data_sent)
		ztnet_timers_data_unsent(peer);
	ztnet_packet_put_refs(keypair);
}

/* Runs on one CPU per peer, so a peer's packets leave in order. */
void ztnet_packet_tx_worker(struct work_struct *work)
{
	struct ztnet_peer *peer = container_of(work, struct ztnet_peer,
					       transmit_work);
	struct sk_buff *skb;
	bool sent = false;

	while ((skb = ztnet_serial_queue_dequeue_ready(&peer->tx_queue))) {
		ztnet_transmit_batch(peer, skb);
		sent = true;
		cond_resched();
	}
	if (sent)
		ztnet_keep_key_fresh(peer);
}

/* Tells the sender at once that nobody can be reached that way. */
static void ztnet_xmit_unreachable(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
}

/* Cryptokey routing: the destination address names the peer. */
static struct ztnet_peer *ztnet_route(struct ztnet_device *zt,
				      struct sk_buff *skb)
{
	struct ztnet_peer *peer = NULL;

	rcu_read_lock_bh();
	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr)))
		peer = ztnet_allowedips_lookup(&zt->allowedips, AF_INET,
					       &ip_hdr(skb)->daddr);
	else if (skb->protocol == htons(ETH_P_IPV6) &&
		 pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
		peer = ztnet_allowedips_lookup(&zt->allowedips, AF_INET6,
					       &ipv6_hdr(skb)->daddr);
	peer = ztnet_peer_get_maybe_zero(peer);
	rcu_read_unlock_bh();
	return peer;
}

/* Names the destination no peer's allowed IPs hold. */
static void ztnet_dbg_no_peer(struct ztnet_device *zt, struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr)))
		ztnet_dbg(zt, "no peer has an allowed IP for %pI4",
			  &ip_hdr(skb)->daddr);
	else if (skb->protocol == htons(ETH_P_IPV6) &&
		 pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
		ztnet_dbg(zt, "no peer has an allowed IP for %pI6c",
			  &ipv6_hdr(skb)->daddr);
	else
		ztnet_dbg(zt, "dropped a packet that is not IP");
}

static bool ztnet_peer_has_endpoint(struct ztnet_peer *peer)
{
	return READ_ONCE(peer->endpoint.addr.sa_family) != AF_UNSPEC;
}

/* Stages one packet; the oldest is dropped if too many wait. */
static void ztnet_stage(struct ztnet_peer *peer, struct sk_buff *skb)
{
	struct sk_buff_head *staged = &peer->staged_packet_queue;
	struct sk_buff *old = NULL;

	spin_lock_bh(&staged->lock);
	if (skb_queue_len(staged) >= ZTNET_MAX_STAGED_PACKETS) {
		old = __skb_dequeue(staged);
		DEV_STATS_INC(peer->device->dev, tx_dropped);
	}
	__skb_queue_tail(staged, skb);
	spin_unlock_bh(&staged->lock);
	kfree_skb(old);
}

/*
 * Each segment of a GSO packet becomes its own message, so encryption
 * sees only packets that fit the path.
 */
static int ztnet_stage_segments(struct ztnet_peer *peer, struct sk_buff *skb,
				unsigned int mtu, u8 nest)
{
	struct sk_buff *segs, *next;
	u8 ds;

	/* The outer header carries the inner ECN bits (RFC 6040). */
	ds = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	if (skb_is_gso(skb)) {
		segs = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segs))
			return segs ? PTR_ERR(segs) : -EINVAL;
		consume_skb(skb);
	} else {
		segs = skb;
		skb_mark_not_on_list(skb);
	}
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		/*
		 * The inner packet's route, conntrack entry, extensions, mark,
		 * priority and timestamp mean nothing to the outer one.
		 */
		skb_scrub_packet(skb, true);
		skb->priority = 0;
		ZTNET_CB(skb)->mtu = mtu;
		ZTNET_CB(skb)->ds = ds;
		ZTNET_CB(skb)->nest = nest;
		ZTNET_CB(skb)->keypair = NULL;
		ZTNET_CB(skb)->batch_next = NULL;
		ztnet_stage(peer, skb);
	}
	return 0;
}

/*
 * Sends a packet this module made, a reject's answer, to @peer: it needs
 * no route, and is not judged by the rules it answers for.
 */
void ztnet_packet_send_to_peer(struct ztnet_peer *peer, struct sk_buff *skb)
{
	if (unlikely(!ztnet_peer_has_endpoint(peer) ||
		     ztnet_stage_segments(peer, skb, peer->device->dev->mtu, 0))) {
		kfree_skb(skb);
		return;
	}
	ztnet_packet_send_staged(peer);
}

/*
 * How many of this host's tunnels a packet may already be inside when it
 * comes to a device: onion routing nests a few, and a loop, a peer whose
 * endpoint is routed to itself, stops here instead of growing the packet
 * (and, once fragmented, multiplying it) for as long as its session lasts.
 */
#define ZTNET_MAX_NEST 4

static bool ztnet_too_deep(struct net_device *dev, u8 nest)
{
	if (likely(nest <= ZTNET_MAX_NEST))
		return false;
	net_dbg_ratelimited("%s: dropped a packet %u tunnels deep: a routing loop through the device?\n",
			    dev->name, nest);
	DEV_STATS_INC(dev, tx_errors);
	return true;
}

netdev_tx_t ztnet_packet_xmit(struct ztnet_device *zt, struct sk_buff *skb)
{
	struct net_device *dev = zt->dev;
	u8 nest = ztnet_socket_nest();
	struct ztnet_peer *peer;
	unsigned int mtu;

	if (unlikely(ztnet_too_deep(dev, nest))) {
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	peer = ztnet_route(zt, skb);
	if (unlikely(!peer)) {
		ztnet_dbg_no_peer(zt, skb);
		goto err;
	}
	if (unlikely(!ztnet_peer_has_endpoint(peer))) {
		ztnet_peer_dbg(peer, "has no endpoint: dropped a packet for it");
		goto err;
	}
	mtu = skb_valid_dst(skb) ? dst_mtu(skb_dst(skb)) : dev->mtu;
	/* Ours alone before the firewall looks: a reject pulls its headers. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		goto err_peer;
	if (unlikely(!ztnet_fw_out(zt, peer, skb)))
		goto err_denied;
	if (ztnet_stage_segments(peer, skb, mtu, nest))
		goto err;
	ztnet_packet_send_staged(peer);
	ztnet_peer_put(peer);
	return NETDEV_TX_OK;

err:
	ztnet_xmit_unreachable(skb);
err_peer:
	DEV_STATS_INC(dev, tx_errors);
	ztnet_peer_put(peer);
	kfree_skb(skb);
	return NETDEV_TX_OK;

err_denied:
	DEV_STATS_INC(dev, tx_dropped);
	ztnet_peer_put(peer);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
