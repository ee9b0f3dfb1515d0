// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving handshake messages.  They are checked for mac1 in the worker,
 * and when the device is under load, for a cookie proving the sender's
 * address, before any expensive Curve25519 work is done for them.
 */

#include "cookie.h"
#include "debug.h"
#include "device.h"
#include "log.h"
#include "noise.h"
#include "peer.h"
#include "queueing.h"
#include "receive.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

/*
 * Under load for a second after the queue was last found long, so that an
 * attacker cannot make us switch cookies on and off packet by packet.
 */
static bool ztnet_under_load(struct ztnet_device *zt)
{
	u64 now = ztnet_now();

	if (atomic_read(&zt->handshake_queue_len) >=
	    ZTNET_MAX_QUEUED_HANDSHAKES / 8) {
		WRITE_ONCE(zt->last_under_load, now);
		return true;
	}
	return READ_ONCE(zt->last_under_load) &&
	       now - READ_ONCE(zt->last_under_load) < NSEC_PER_SEC;
}

/* Returns true if the message may go on to the handshake. */
static bool ztnet_handshake_admitted(struct ztnet_device *zt,
				     struct sk_buff *skb)
{
	struct ztnet_msg_initiation *msg = (void *)skb->data;
	bool under_load = ztnet_under_load(zt);
	enum ztnet_cookie_mac_state state;

	state = ztnet_cookie_validate_packet(&zt->cookie_checker, skb,
					     under_load);
	if ((under_load && state == ZTNET_MAC_VALID_COOKIE) ||
	    (!under_load && state == ZTNET_MAC_VALID_NO_COOKIE))
		return true;
	if (under_load && state == ZTNET_MAC_VALID_NO_COOKIE) {
		/* Both messages carry the sender's index at the same place. */
		ztnet_packet_send_handshake_cookie(zt, skb, msg->sender_index);
		return false;
	}
	ztnet_skb_dbg(zt, skb, "dropped a handshake message: bad MAC, or rate limited");
	return false;
}

static struct ztnet_peer *ztnet_receive_initiation(struct ztnet_device *zt,
						   struct sk_buff *skb)
{
	struct ztnet_peer *peer;

	peer = ztnet_noise_consume_initiation((void *)skb->data, zt);
	if (!peer) {
		ztnet_skb_dbg(zt, skb, "dropped an invalid handshake initiation");
		return NULL;
	}
	ztnet_socket_set_peer_endpoint_from_skb(peer, skb);
	ztnet_peer_dbg(peer, "received a handshake initiation");
	ztnet_packet_send_handshake_response(peer);
	return peer;
}

static struct ztnet_peer *ztnet_receive_response(struct ztnet_device *zt,
						 struct sk_buff *skb)
{
	struct ztnet_peer *peer;

	peer = ztnet_noise_consume_response((void *)skb->data, zt);
	if (!peer) {
		ztnet_skb_dbg(zt, skb, "dropped an invalid handshake response");
		return NULL;
	}
	ztnet_socket_set_peer_endpoint_from_skb(peer, skb);
	ztnet_peer_dbg(peer, "received a handshake response");
	if (ztnet_noise_begin_session(&peer->handshake, &peer->keypairs)) {
		ztnet_timers_session_derived(peer);
		ztnet_timers_handshake_complete(peer);
		/*
		 * The responder uses the session only once it sees it used:
		 * send at once, something if nothing else is waiting.
		 */
		ztnet_packet_send_keepalive(peer);
	}
	return peer;
}

static void ztnet_receive_handshake(struct ztnet_device *zt,
				    struct sk_buff *skb)
{
	enum ztnet_message_type type = ztnet_message_type(skb->data, skb->len);
	struct ztnet_peer *peer = NULL;

	if (type == ZTNET_MSG_COOKIE) {
		ztnet_cookie_message_consume((void *)skb->data, zt);
		return;
	}
	if (!ztnet_handshake_admitted(zt, skb))
		return;
	if (type == ZTNET_MSG_INITIATION)
		peer = ztnet_receive_initiation(zt, skb);
	else if (type == ZTNET_MSG_RESPONSE)
		peer = ztnet_receive_response(zt, skb);
	if (!peer)
		return;
	/* The device's counters are per CPU, and the softirq updates them too. */
	local_bh_disable();
	ztnet_peer_add_rx_bytes(peer, skb->len);
	local_bh_enable();
	ztnet_timers_any_authenticated_packet_received(peer);
	ztnet_timers_any_authenticated_packet_traversal(peer);
	ztnet_peer_put(peer);
}

void ztnet_packet_handshake_receive_worker(struct work_struct *work)
{
	struct ztnet_cpu_worker *worker = ztnet_cpu_worker(work);
	struct ztnet_device *zt = worker->device;
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&worker->ring))) {
		ztnet_debug_delay(ZTNET_DELAY_HANDSHAKE_RECEIVE);
		ztnet_receive_handshake(zt, skb);
		dev_kfree_skb(skb);
		atomic_dec(&zt->handshake_queue_len);
		cond_resched();
	}
}
