// SPDX-License-Identifier: GPL-2.0
/*
 * Sending handshake messages: initiations, from a work item because they
 * cost a few Curve25519 operations; responses and cookie replies, from the
 * handshake receive worker that answers.
 */

#include <linux/random.h>

#include "cookie.h"
#include "debug.h"
#include "device.h"
#include "log.h"
#include "noise.h"
#include "peer.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

/* At most one initiation per peer per REKEY_TIMEOUT. */
static bool ztnet_handshake_sent_recently(struct ztnet_peer *peer)
{
	u64 last = atomic64_read(&peer->last_sent_handshake);

	return last && !ztnet_has_expired(last, ZTNET_REKEY_TIMEOUT);
}

static void ztnet_packet_send_handshake_initiation(struct ztnet_peer *peer)
{
	struct ztnet_msg_initiation msg;

	if (ztnet_handshake_sent_recently(peer))
		return;
	atomic64_set(&peer->last_sent_handshake, ztnet_now());
	if (!ztnet_noise_create_initiation(&msg, &peer->handshake))
		return;
	ztnet_peer_dbg(peer, "sending a handshake initiation");
	ztnet_cookie_add_mac_to_packet(&msg, sizeof(msg), peer);
	ztnet_timers_any_authenticated_packet_traversal(peer);
	ztnet_timers_any_authenticated_packet_sent(peer);
	atomic64_set(&peer->last_sent_handshake, ztnet_now());
	/*
	 * Armed before the send: the response may be consumed on another CPU
	 * before the send returns, and its cancel must find the timer.
	 */
	ztnet_timers_handshake_initiated(peer);
	ztnet_socket_send_buffer_to_peer(peer, &msg, sizeof(msg),
					 ZTNET_HANDSHAKE_DS);
}

void ztnet_packet_handshake_send_worker(struct work_struct *work)
{
	struct ztnet_peer *peer = container_of(work, struct ztnet_peer,
					       transmit_handshake_work);

	ztnet_debug_delay(ZTNET_DELAY_HANDSHAKE_SEND);
	/*
	 * Queued before the peer died, run after: an initiation now would
	 * put the peer's handshake back in the index as it goes.
	 */
	if (likely(!READ_ONCE(peer->dead)))
		ztnet_packet_send_handshake_initiation(peer);
	ztnet_peer_put(peer);
}

/*
 * A retry is the retransmit timer's: it keeps counting attempts, where a
 * fresh need for a session starts the count again.
 */
void ztnet_packet_send_queued_handshake_initiation(struct ztnet_peer *peer,
						   bool is_retry)
{
	if (!is_retry)
		peer->timer_handshake_attempts = 0;

	rcu_read_lock_bh();
	if (ztnet_handshake_sent_recently(peer) || READ_ONCE(peer->dead))
		goto out;
	peer = ztnet_peer_get_maybe_zero(peer);
	if (!peer)
		goto out;
	if (!queue_work(peer->device->handshake_send_wq,
			&peer->transmit_handshake_work))
		ztnet_peer_put(peer);
out:
	rcu_read_unlock_bh();
}

void ztnet_packet_send_handshake_response(struct ztnet_peer *peer)
{
	struct ztnet_msg_response msg;

	atomic64_set(&peer->last_sent_handshake, ztnet_now());
	ztnet_peer_dbg(peer, "sending a handshake response");
	if (!ztnet_noise_create_response(&msg, &peer->handshake))
		return;
	ztnet_cookie_add_mac_to_packet(&msg, sizeof(msg), peer);
	if (!ztnet_noise_begin_session(&peer->handshake, &peer->keypairs))
		return;
	ztnet_timers_session_derived(peer);
	ztnet_timers_any_authenticated_packet_traversal(peer);
	ztnet_timers_any_authenticated_packet_sent(peer);
	atomic64_set(&peer->last_sent_handshake, ztnet_now());
	ztnet_socket_send_buffer_to_peer(peer, &msg, sizeof(msg),
					 ZTNET_HANDSHAKE_DS);
}

/* Under load, a sender must prove its address before we do DH for it. */
void ztnet_packet_send_handshake_cookie(struct ztnet_device *zt,
					struct sk_buff *in_skb,
					__le32 sender_index)
{
	struct ztnet_msg_cookie msg;

	ztnet_skb_dbg(zt, in_skb, "under load: sending a cookie reply to a handshake message");
	ztnet_cookie_message_create(&msg, in_skb, sender_index,
				    &zt->cookie_checker);
	ztnet_socket_send_buffer_as_reply_to_skb(zt, in_skb, &msg, sizeof(msg));
}
