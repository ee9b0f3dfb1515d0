// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path.  A datagram from the socket is classified: handshake
 * messages go to the handshake workers; a data message is found a session
 * by its receiver index, decrypted on any CPU, and delivered in order by
 * its peer's NAPI poll after the replay check and cryptokey routing.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/scatterlist.h>
#include <linux/udp.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>

#include "debug.h"
#include "device.h"
#include "firewall.h"
#include "keypair.h"
#include "log.h"
#include "queueing.h"
#include "receive.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

/*
 * Checks that the UDP header and its length field agree with the packet,
 * then leaves skb->data at the message, linear for at least its header.
 * The network and transport headers stay set, for roaming and cookies.
 */
static bool ztnet_pull_udp(struct sk_buff *skb)
{
	unsigned int udp_offset, udp_len;
	struct udphdr *udp;

	if (unlikely(skb_transport_header(skb) < skb->data ||
		     !pskb_may_pull(skb, skb_transport_offset(skb) +
					 sizeof(struct udphdr))))
		return false;
	udp = udp_hdr(skb);
	udp_offset = skb_transport_offset(skb);
	udp_len = ntohs(udp->len);
	if (unlikely(ztnet_udp_payload_len(udp_len, skb->len - udp_offset) < 0 ||
		     pskb_trim(skb, udp_offset + udp_len)))
		return false;
	skb_pull(skb, udp_offset + sizeof(*udp));
	return pskb_may_pull(skb, min_t(unsigned int, skb->len,
					sizeof(struct ztnet_msg_data)));
}

/* Every CPU may queue handshakes, but the total is bounded. */
static void ztnet_queue_handshake(struct ztnet_device *zt, struct sk_buff *skb)
{
	if (unlikely(!pskb_may_pull(skb, skb->len)))
		goto drop;
	if (atomic_inc_return(&zt->handshake_queue_len) >
	    ZTNET_MAX_QUEUED_HANDSHAKES)
		goto drop_counted;
	if (!ztnet_crypt_queue_enqueue(&zt->handshake_queue, zt->handshake_wq, skb))
		goto drop_counted;
	return;

drop_counted:
	atomic_dec(&zt->handshake_queue_len);
drop:
	ztnet_skb_dbg(zt, skb, "dropped a handshake message: too many queued");
	kfree_skb(skb);
}

static bool ztnet_keypair_can_receive(struct ztnet_keypair *keypair)
{
	return READ_ONCE(keypair->receiving.is_valid) &&
	       !ztnet_has_expired(keypair->receiving.birthdate,
				  ZTNET_REJECT_AFTER_TIME);
}

/* Finds the session a data message is for; both come back referenced. */
static struct ztnet_keypair *ztnet_data_keypair(struct ztnet_device *zt,
						__le32 index,
						struct ztnet_peer **peer)
{
	struct ztnet_keypair *keypair = NULL;
	struct ztnet_index_entry *entry;

	rcu_read_lock_bh();
	entry = ztnet_session_index_lookup(&zt->session_index,
					   ZTNET_INDEX_KEYPAIR, index, peer);
	if (entry)
		keypair = ztnet_keypair_get(container_of(entry,
							 struct ztnet_keypair,
							 entry));
	rcu_read_unlock_bh();
	/* A peer being removed takes no new packets. */
	if (entry && (!keypair || !ztnet_keypair_can_receive(keypair) ||
		      READ_ONCE((*peer)->dead))) {
		ztnet_keypair_put(keypair, false);
		ztnet_peer_put(*peer);
		keypair = NULL;
	}
	return keypair;
}

static void ztnet_receive_data(struct ztnet_device *zt, struct sk_buff *skb)
{
	struct ztnet_msg_data *msg = (void *)skb->data;
	struct ztnet_keypair *keypair;
	struct ztnet_peer *peer;
	int err;

	keypair = ztnet_data_keypair(zt, msg->receiver_index, &peer);
	if (!keypair) {
		/* Likely a session we already dropped: not an error. */
		kfree_skb(skb);
		return;
	}
	ZTNET_CB(skb)->keypair = keypair;
	ZTNET_CB(skb)->batch_next = NULL;
	/* The outer header's ECN bits, for the inner packet (RFC 6040). */
	ZTNET_CB(skb)->ds = ip_tunnel_get_dsfield(ip_hdr(skb), skb);
	err = ztnet_queue_packet(&zt->decrypt_queue, zt->crypt_wq,
				 &peer->rx_queue, skb);
	if (err == -EBUSY)
		napi_schedule(&peer->napi);
	if (err == -ENOSPC) {
		DEV_STATS_INC(zt->dev, rx_dropped);
		ztnet_packet_free(skb);
	}
}

void ztnet_packet_receive(struct ztnet_device *zt, struct sk_buff *skb)
{
	enum ztnet_message_type type;

	if (unlikely(!ztnet_pull_udp(skb)))
		goto invalid;
	type = ztnet_message_type(skb->data, skb->len);
	switch (type) {
	case ZTNET_MSG_INITIATION:
	case ZTNET_MSG_RESPONSE:
	case ZTNET_MSG_COOKIE:
		ztnet_queue_handshake(zt, skb);
		return;
	case ZTNET_MSG_DATA:
		ztnet_receive_data(zt, skb);
		return;
	default:
		goto invalid;
	}

invalid:
	DEV_STATS_INC(zt->dev, rx_errors);
	DEV_STATS_INC(zt->dev, rx_length_errors);
	ztnet_skb_dbg(zt, skb, "dropped a malformed or truncated message");
	kfree_skb(skb);
}

static bool ztnet_decrypt_packet(struct sk_buff *skb,
				 struct ztnet_keypair *keypair)
{
	struct ztnet_msg_data *msg = (void *)skb->data;
	struct scatterlist sg[MAX_SKB_FRAGS + 8];
	struct sk_buff *trailer;
	int nsg;

	ZTNET_CB(skb)->nonce = le64_to_cpu(msg->counter);
	skb_pull(skb, sizeof(*msg));
	nsg = skb_cow_data(skb, 0, &trailer);
	if (unlikely(nsg < 0 || nsg > ARRAY_SIZE(sg)))
		return false;
	sg_init_table(sg, nsg);
	if (skb_to_sgvec(skb, sg, 0, skb->len) <= 0)
		return false;
	if (!chacha20poly1305_decrypt_sg_inplace(sg, skb->len, NULL, 0,
						 ZTNET_CB(skb)->nonce,
						 keypair->receiving.key))
		return false;
	return !pskb_trim(skb, skb->len - ZTNET_AUTHTAG_LEN);
}

/* Packets decrypted before their poll may run, so that GRO sees a batch. */
#define ZTNET_DECRYPT_BATCH 32

void ztnet_packet_decrypt_worker(struct work_struct *work)
{
	struct ptr_ring *ring = &ztnet_cpu_worker(work)->ring;
	enum ztnet_packet_state state;
	struct ztnet_peer *peer;
	struct sk_buff *skb;
	unsigned int n = 0;

	/* With bottom halves off, polls run when they come back on. */
	local_bh_disable();
	while ((skb = ptr_ring_consume(ring))) {
		peer = ZTNET_CB(skb)->keypair->entry.peer;
		state = ztnet_decrypt_packet(skb, ZTNET_CB(skb)->keypair) ?
			ZTNET_PACKET_CRYPTED : ZTNET_PACKET_DEAD;
		ztnet_packet_set_state(skb, state);
		napi_schedule(&peer->napi);
		if (++n % ZTNET_DECRYPT_BATCH == 0) {
			local_bh_enable();
			cond_resched();
			local_bh_disable();
		}
	}
	local_bh_enable();
}

/*
 * The initiator renews a session that is about to be rejected even if it
 * has nothing to send, so that the responder's traffic is not cut off.
 */
static void ztnet_keep_key_fresh_rx(struct ztnet_peer *peer)
{
	struct ztnet_keypair *keypair;
	bool rekey;

	if (likely(!READ_ONCE(peer->sent_lastminute_handshake))) {
		rcu_read_lock_bh();
		keypair = rcu_dereference_bh(peer->keypairs.current_keypair);
		rekey = keypair && READ_ONCE(keypair->sending.is_valid) &&
			keypair->i_am_the_initiator &&
			ztnet_has_expired(keypair->receiving.birthdate,
					  ZTNET_REJECT_AFTER_TIME -
					  ZTNET_KEEPALIVE_TIMEOUT -
					  ZTNET_REKEY_TIMEOUT);
		rcu_read_unlock_bh();
		if (rekey) {
			WRITE_ONCE(peer->sent_lastminute_handshake, true);
			ztnet_packet_send_queued_handshake_initiation(peer, false);
		}
	}
}

/*
 * Reads the inner IP header: sets the protocol, the length the header
 * claims, and whether the source address routes back to the sender.
 */
static bool ztnet_inner_header(struct ztnet_peer *peer, struct sk_buff *skb,
			       unsigned int *len, bool *routed_back)
{
	struct ztnet_allowedips *table = &peer->device->allowedips;
	struct ztnet_peer *routed = NULL;
	int version;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len,
				      sizeof(struct ipv6hdr))))
		return false;
	skb_reset_network_header(skb);
	/* It reads only the first 40 bytes, which are now linear. */
	version = ztnet_inner_ip_len(skb->data, skb->len, len);
	rcu_read_lock_bh();
	if (version == 4) {
		skb->protocol = htons(ETH_P_IP);
		routed = ztnet_allowedips_lookup(table, AF_INET,
						 &ip_hdr(skb)->saddr);
	} else if (version == 6) {
		skb->protocol = htons(ETH_P_IPV6);
		routed = ztnet_allowedips_lookup(table, AF_INET6,
						 &ipv6_hdr(skb)->saddr);
	}
	rcu_read_unlock_bh();
	*routed_back = routed == peer;
	return version;
}

/* Names the source address the peer is not allowed to send from. */
static void ztnet_dbg_unallowed_src(struct ztnet_peer *peer,
				    struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		ztnet_peer_dbg(peer, "dropped a packet from %pI4, an address it is not allowed",
			       &ip_hdr(skb)->saddr);
	else
		ztnet_peer_dbg(peer, "dropped a packet from %pI6c, an address it is not allowed",
			       &ipv6_hdr(skb)->saddr);
}

/*
 * RFC 6040: a congestion mark that the path put on the outer header is
 * the inner packet's.  An inner packet that cannot carry it, not being
 * ECN-capable, is dropped, so that the congestion is not hidden.
 */
static bool ztnet_ecn_decapsulate(struct sk_buff *skb)
{
	u8 inner = ip_tunnel_get_dsfield(ip_hdr(skb), skb);

	return INET_ECN_decapsulate(skb, ZTNET_CB(skb)->ds, inner) <= 1;
}

/*
 * Hands a decrypted packet to the stack, if it is well formed and its
 * source is one of the sender's allowed IPs: a peer may speak only for
 * the addresses it is allowed.  Only a packet delivered counts as
 * received, as in WireGuard; one dropped here is an error.
 */
static void ztnet_deliver(struct ztnet_peer *peer, struct sk_buff *skb)
{
	unsigned int len, message_len = skb->len + ZTNET_DATA_OVERHEAD;
	struct net_device *dev = peer->device->dev;
	bool routed_back;

	if (unlikely(!ztnet_inner_header(peer, skb, &len, &routed_back)))
		goto malformed;
	ztnet_debug_check_padding(skb, len);
	if (unlikely(pskb_trim(skb, len)))
		goto malformed;
	if (unlikely(!routed_back)) {
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_frame_errors);
		ztnet_dbg_unallowed_src(peer, skb);
		goto drop;
	}
	if (unlikely(!ztnet_ecn_decapsulate(skb))) {
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_frame_errors);
		ztnet_peer_dbg(peer, "dropped a packet whose congestion mark its inner header cannot carry");
		goto drop;
	}
	ztnet_peer_add_rx_bytes(peer, message_len);
	if (unlikely(!ztnet_fw_in(peer->device, peer, skb))) {
		DEV_STATS_INC(dev, rx_dropped);
		goto drop;
	}
	/* Nothing of the outer packet may leak into the inner one. */
	skb_scrub_packet(skb, true);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	skb_reset_transport_header(skb);
	/* Authenticated encryption has vouched for every byte. */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = ~0;
	napi_gro_receive(&peer->napi, skb);
	return;

malformed:
	DEV_STATS_INC(dev, rx_errors);
	DEV_STATS_INC(dev, rx_length_errors);
	ztnet_peer_dbg(peer, "dropped a malformed inner packet");
drop:
	kfree_skb(skb);
}

static void ztnet_receive_one(struct ztnet_peer *peer, struct sk_buff *skb)
{
	struct ztnet_keypair *keypair = ZTNET_CB(skb)->keypair;
	struct net_device *dev = peer->device->dev;

	if (unlikely(atomic_read_acquire(&ZTNET_CB(skb)->state) !=
		     ZTNET_PACKET_CRYPTED)) {
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_crc_errors);
		ztnet_peer_dbg(peer, "dropped a data message that failed authentication");
		goto drop;
	}
	/* Checked only now: before authentication anyone could move it. */
	if (unlikely(!ztnet_replay_check_and_update(&keypair->replay,
						    ZTNET_CB(skb)->nonce,
						    ZTNET_REJECT_AFTER_MESSAGES))) {
		DEV_STATS_INC(dev, rx_dropped);
		ztnet_peer_dbg(peer, "dropped a data message replayed or too old, counter %llu",
			       ZTNET_CB(skb)->nonce);
		goto drop;
	}
	ztnet_socket_set_peer_endpoint_from_skb(peer, skb);
	if (ztnet_keypairs_received_with(&peer->keypairs, keypair)) {
		ztnet_timers_handshake_complete(peer);
		ztnet_packet_send_staged(peer);
	}
	ztnet_keep_key_fresh_rx(peer);
	ztnet_timers_any_authenticated_packet_received(peer);
	ztnet_timers_any_authenticated_packet_traversal(peer);
	if (!skb->len) {
		/* A keepalive: it has done its job by arriving. */
		ztnet_peer_add_rx_bytes(peer, ZTNET_DATA_OVERHEAD);
		consume_skb(skb);
		goto out;
	}
	ztnet_timers_data_received(peer);
	ztnet_deliver(peer, skb);
	goto out;

drop:
	kfree_skb(skb);
out:
	ztnet_packet_put_refs(keypair);
}

/* One poll per peer at a time keeps each peer's packets in order. */
int ztnet_packet_rx_poll(struct napi_struct *napi, int budget)
{
	struct ztnet_peer *peer = container_of(napi, struct ztnet_peer, napi);
	struct sk_buff *skb;
	int done = 0;

	if (unlikely(budget <= 0))
		return 0;
	while (done < budget &&
	       (skb = ztnet_serial_queue_dequeue_ready(&peer->rx_queue))) {
		ztnet_receive_one(peer, skb);
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}
