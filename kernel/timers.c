// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol's timers, per peer.  Events on the data and handshake paths
 * arm and disarm them; when they fire they retransmit a handshake, send a
 * keepalive, start a new handshake, or wipe the keys.
 */

#include <linux/random.h>

#include "device.h"
#include "log.h"
#include "peer.h"
#include "send.h"
#include "socket.h"
#include "timers.h"

/* Timers are armed only while the device runs and the peer lives. */
static void ztnet_mod_timer(struct ztnet_peer *peer, struct timer_list *timer,
			    unsigned long expires)
{
	rcu_read_lock_bh();
	if (likely(netif_running(peer->device->dev) && !READ_ONCE(peer->dead)))
		mod_timer(timer, expires);
	rcu_read_unlock_bh();
}

/* Jitter keeps peers that started together from retrying together. */
static unsigned long ztnet_rekey_timeout_with_jitter(void)
{
	return jiffies + ZTNET_JIFFIES(ZTNET_REKEY_TIMEOUT) +
	       get_random_u32_below(msecs_to_jiffies(ZTNET_REKEY_TIMEOUT_JITTER_MS));
}

static void ztnet_expired_retransmit_handshake(struct timer_list *timer)
{
	struct ztnet_peer *peer = from_timer(peer, timer,
					     timer_retransmit_handshake);

	if (peer->timer_handshake_attempts > ZTNET_MAX_HANDSHAKE_ATTEMPTS) {
		ztnet_peer_dbg(peer, "no handshake after %u attempts, giving up",
			       peer->timer_handshake_attempts + 1);
		del_timer(&peer->timer_send_keepalive);
		/* Nobody is there to send them to. */
		ztnet_packet_purge_staged(peer);
		if (!timer_pending(&peer->timer_zero_key_material))
			ztnet_mod_timer(peer, &peer->timer_zero_key_material,
					jiffies + ZTNET_JIFFIES(ZTNET_REJECT_AFTER_TIME * 3));
		return;
	}
	peer->timer_handshake_attempts++;
	ztnet_peer_dbg(peer, "no handshake after %d seconds, retrying (try %u)",
		       ZTNET_REKEY_TIMEOUT, peer->timer_handshake_attempts + 1);
	/* The route may have changed: look for a new source address. */
	ztnet_socket_clear_peer_endpoint_src(peer);
	ztnet_packet_send_queued_handshake_initiation(peer, true);
}

static void ztnet_expired_send_keepalive(struct timer_list *timer)
{
	struct ztnet_peer *peer = from_timer(peer, timer, timer_send_keepalive);

	ztnet_packet_send_keepalive(peer);
	if (peer->timer_need_another_keepalive) {
		peer->timer_need_another_keepalive = false;
		ztnet_mod_timer(peer, &peer->timer_send_keepalive,
				jiffies + ZTNET_JIFFIES(ZTNET_KEEPALIVE_TIMEOUT));
	}
}

/* We sent data and heard nothing back: the session may be dead. */
static void ztnet_expired_new_handshake(struct timer_list *timer)
{
	struct ztnet_peer *peer = from_timer(peer, timer, timer_new_handshake);

	ztnet_peer_dbg(peer, "sent data but heard nothing for %d seconds: new handshake",
		       ZTNET_KEEPALIVE_TIMEOUT + ZTNET_REKEY_TIMEOUT);
	ztnet_socket_clear_peer_endpoint_src(peer);
	ztnet_packet_send_queued_handshake_initiation(peer, false);
}

static void ztnet_expired_zero_key_material(struct timer_list *timer)
{
	struct ztnet_peer *peer = from_timer(peer, timer,
					     timer_zero_key_material);

	/* Wiping takes the handshake's sleeping lock: do it from a work. */
	rcu_read_lock_bh();
	if (!READ_ONCE(peer->dead)) {
		ztnet_peer_get(peer);
		if (!queue_work(peer->device->handshake_send_wq,
				&peer->clear_work))
			ztnet_peer_put(peer);
	}
	rcu_read_unlock_bh();
}

static void ztnet_clear_key_material(struct work_struct *work)
{
	struct ztnet_peer *peer = container_of(work, struct ztnet_peer,
					       clear_work);

	ztnet_keypairs_clear(&peer->keypairs);
	ztnet_noise_handshake_clear(&peer->handshake);
	ztnet_peer_put(peer);
}

static void ztnet_expired_persistent_keepalive(struct timer_list *timer)
{
	struct ztnet_peer *peer = from_timer(peer, timer,
					     timer_persistent_keepalive);

	if (likely(READ_ONCE(peer->persistent_keepalive_interval)))
		ztnet_packet_send_keepalive(peer);
}

void ztnet_timers_init(struct ztnet_peer *peer)
{
	timer_setup(&peer->timer_retransmit_handshake,
		    ztnet_expired_retransmit_handshake, 0);
	timer_setup(&peer->timer_send_keepalive, ztnet_expired_send_keepalive, 0);
	timer_setup(&peer->timer_new_handshake, ztnet_expired_new_handshake, 0);
	timer_setup(&peer->timer_zero_key_material,
		    ztnet_expired_zero_key_material, 0);
	timer_setup(&peer->timer_persistent_keepalive,
		    ztnet_expired_persistent_keepalive, 0);
	INIT_WORK(&peer->clear_work, ztnet_clear_key_material);
	peer->timer_handshake_attempts = 0;
	peer->sent_lastminute_handshake = false;
	peer->timer_need_another_keepalive = false;
}

/* The peer is dead or the device down, so nothing re-arms them. */
void ztnet_timers_stop(struct ztnet_peer *peer)
{
	del_timer_sync(&peer->timer_retransmit_handshake);
	del_timer_sync(&peer->timer_send_keepalive);
	del_timer_sync(&peer->timer_new_handshake);
	del_timer_sync(&peer->timer_zero_key_material);
	del_timer_sync(&peer->timer_persistent_keepalive);
	flush_work(&peer->clear_work);
}

/* Data went out: expect an answer soon, or start a new handshake. */
/* Whether it armed the timer, which only the peer's TX worker does. */
bool ztnet_timers_data_sent(struct ztnet_peer *peer)
{
	if (timer_pending(&peer->timer_new_handshake))
		return false;
	ztnet_mod_timer(peer, &peer->timer_new_handshake,
			ztnet_rekey_timeout_with_jitter() +
			ZTNET_JIFFIES(ZTNET_KEEPALIVE_TIMEOUT));
	return true;
}

/* The data it was armed for never left: nothing will answer. */
void ztnet_timers_data_unsent(struct ztnet_peer *peer)
{
	del_timer(&peer->timer_new_handshake);
}

/* Data came in: answer it, if only with a keepalive. */
void ztnet_timers_data_received(struct ztnet_peer *peer)
{
	if (likely(netif_running(peer->device->dev))) {
		if (!timer_pending(&peer->timer_send_keepalive))
			ztnet_mod_timer(peer, &peer->timer_send_keepalive,
					jiffies + ZTNET_JIFFIES(ZTNET_KEEPALIVE_TIMEOUT));
		else
			peer->timer_need_another_keepalive = true;
	}
}

/* Anything we send answers the peer as well as a keepalive would. */
void ztnet_timers_any_authenticated_packet_sent(struct ztnet_peer *peer)
{
	del_timer(&peer->timer_send_keepalive);
}

/* Anything from the peer shows the session lives. */
void ztnet_timers_any_authenticated_packet_received(struct ztnet_peer *peer)
{
	del_timer(&peer->timer_new_handshake);
}

void ztnet_timers_handshake_initiated(struct ztnet_peer *peer)
{
	ztnet_mod_timer(peer, &peer->timer_retransmit_handshake,
			ztnet_rekey_timeout_with_jitter());
}

void ztnet_timers_handshake_complete(struct ztnet_peer *peer)
{
	del_timer(&peer->timer_retransmit_handshake);
	peer->timer_handshake_attempts = 0;
	WRITE_ONCE(peer->sent_lastminute_handshake, false);
	ktime_get_real_ts64(&peer->last_handshake);
}

/* Keys die with no new handshake for three rejection periods. */
void ztnet_timers_session_derived(struct ztnet_peer *peer)
{
	ztnet_mod_timer(peer, &peer->timer_zero_key_material,
			jiffies + ZTNET_JIFFIES(ZTNET_REJECT_AFTER_TIME * 3));
}

/* Any authenticated packet keeps a NAT mapping open. */
void ztnet_timers_any_authenticated_packet_traversal(struct ztnet_peer *peer)
{
	u16 interval = READ_ONCE(peer->persistent_keepalive_interval);

	if (interval)
		ztnet_mod_timer(peer, &peer->timer_persistent_keepalive,
				jiffies + (unsigned long)interval * HZ);
}
