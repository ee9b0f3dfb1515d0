// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions.  A peer has up to three keypairs: the current one, which we
 * send with; the previous one, kept so that packets in flight when we
 * switched still decrypt; and the next one, which we derived as responder
 * and use only once the initiator has shown it has it too.  A keypair is
 * freed after its last packet is done with it, and its keys are wiped.
 */

#include <linux/slab.h>

#include "device.h"
#include "keypair.h"
#include "peer.h"
#include "timers.h"

static atomic64_t ztnet_keypair_ids = ATOMIC64_INIT(0);

struct ztnet_keypair *ztnet_keypair_create(struct ztnet_peer *peer)
{
	struct ztnet_keypair *keypair = kzalloc(sizeof(*keypair), GFP_KERNEL);

	if (!keypair)
		return NULL;
	keypair->entry.type = ZTNET_INDEX_KEYPAIR;
	keypair->entry.peer = peer;
	INIT_HLIST_NODE(&keypair->entry.node);
	ztnet_replay_init(&keypair->replay);
	kref_init(&keypair->refcount);
	keypair->internal_id = atomic64_inc_return(&ztnet_keypair_ids);
	return keypair;
}

void ztnet_keypair_set_valid(struct ztnet_keypair *keypair)
{
	u64 now = ztnet_now();

	atomic64_set(&keypair->sending_counter, 0);
	keypair->sending.birthdate = now;
	keypair->receiving.birthdate = now;
	keypair->sending.is_valid = true;
	keypair->receiving.is_valid = true;
}

static void ztnet_keypair_free_rcu(struct rcu_head *rcu)
{
	kfree_sensitive(container_of(rcu, struct ztnet_keypair, rcu));
}

static void ztnet_keypair_unhash(struct ztnet_keypair *keypair)
{
	ztnet_session_index_remove(&keypair->entry.peer->device->session_index,
				   &keypair->entry);
}

static void ztnet_keypair_release(struct kref *kref)
{
	struct ztnet_keypair *keypair = container_of(kref, struct ztnet_keypair,
						     refcount);

	ztnet_keypair_unhash(keypair);
	call_rcu(&keypair->rcu, ztnet_keypair_free_rcu);
}

struct ztnet_keypair *ztnet_keypair_get(struct ztnet_keypair *keypair)
{
	if (unlikely(!keypair || !kref_get_unless_zero(&keypair->refcount)))
		return NULL;
	return keypair;
}

/*
 * Dropping a keypair from a peer's slots unhashes it at once, so that no
 * new packet finds it, even if packets in flight still hold it.
 */
void ztnet_keypair_put(struct ztnet_keypair *keypair, bool unreference_now)
{
	if (!keypair)
		return;
	if (unreference_now)
		ztnet_keypair_unhash(keypair);
	kref_put(&keypair->refcount, ztnet_keypair_release);
}

void ztnet_keypairs_init(struct ztnet_keypairs *keypairs)
{
	RCU_INIT_POINTER(keypairs->current_keypair, NULL);
	RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
	RCU_INIT_POINTER(keypairs->next_keypair, NULL);
	spin_lock_init(&keypairs->keypair_update_lock);
}

static struct ztnet_keypair *ztnet_slot(struct ztnet_keypairs *keypairs,
					struct ztnet_keypair __rcu **slot)
{
	return rcu_dereference_protected(*slot,
					 lockdep_is_held(&keypairs->keypair_update_lock));
}

/*
 * The initiator has seen the responder's answer, so it may send with the
 * new keypair at once.  The responder must wait to be shown that the
 * initiator has it, so the new keypair waits in "next".
 */
void ztnet_keypairs_install(struct ztnet_keypairs *keypairs,
			    struct ztnet_keypair *keypair)
{
	struct ztnet_keypair *previous, *current_kp, *next;

	spin_lock_bh(&keypairs->keypair_update_lock);
	previous = ztnet_slot(keypairs, &keypairs->previous_keypair);
	current_kp = ztnet_slot(keypairs, &keypairs->current_keypair);
	next = ztnet_slot(keypairs, &keypairs->next_keypair);
	if (keypair->i_am_the_initiator) {
		if (next) {
			/* An unconfirmed next is newer than current: keep it. */
			RCU_INIT_POINTER(keypairs->next_keypair, NULL);
			rcu_assign_pointer(keypairs->previous_keypair, next);
			ztnet_keypair_put(current_kp, true);
		} else {
			rcu_assign_pointer(keypairs->previous_keypair, current_kp);
		}
		ztnet_keypair_put(previous, true);
		rcu_assign_pointer(keypairs->current_keypair, keypair);
	} else {
		rcu_assign_pointer(keypairs->next_keypair, keypair);
		ztnet_keypair_put(next, true);
		/* When next becomes current, current becomes previous. */
		RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
		ztnet_keypair_put(previous, true);
	}
	spin_unlock_bh(&keypairs->keypair_update_lock);
}

/*
 * Data received with the next keypair confirms it: it becomes current.
 * Returns true if that happened, which completes the handshake for the
 * responder.
 */
bool ztnet_keypairs_received_with(struct ztnet_keypairs *keypairs,
				  struct ztnet_keypair *keypair)
{
	struct ztnet_keypair *next;
	bool confirmed = false;

	if (likely(keypair != rcu_access_pointer(keypairs->next_keypair)))
		return false;
	spin_lock_bh(&keypairs->keypair_update_lock);
	next = ztnet_slot(keypairs, &keypairs->next_keypair);
	if (next == keypair) {
		ztnet_keypair_put(ztnet_slot(keypairs, &keypairs->previous_keypair), true);
		rcu_assign_pointer(keypairs->previous_keypair,
				   ztnet_slot(keypairs, &keypairs->current_keypair));
		rcu_assign_pointer(keypairs->current_keypair, next);
		RCU_INIT_POINTER(keypairs->next_keypair, NULL);
		confirmed = true;
	}
	spin_unlock_bh(&keypairs->keypair_update_lock);
	return confirmed;
}

/* We stop sending with what we have; what arrives still decrypts. */
void ztnet_keypairs_expire_current(struct ztnet_keypairs *keypairs)
{
	struct ztnet_keypair *keypair;

	spin_lock_bh(&keypairs->keypair_update_lock);
	keypair = ztnet_slot(keypairs, &keypairs->next_keypair);
	if (keypair)
		WRITE_ONCE(keypair->sending.is_valid, false);
	keypair = ztnet_slot(keypairs, &keypairs->current_keypair);
	if (keypair)
		WRITE_ONCE(keypair->sending.is_valid, false);
	spin_unlock_bh(&keypairs->keypair_update_lock);
}

void ztnet_keypairs_clear(struct ztnet_keypairs *keypairs)
{
	struct ztnet_keypair *old[3];
	unsigned int i;

	spin_lock_bh(&keypairs->keypair_update_lock);
	old[0] = ztnet_slot(keypairs, &keypairs->previous_keypair);
	old[1] = ztnet_slot(keypairs, &keypairs->current_keypair);
	old[2] = ztnet_slot(keypairs, &keypairs->next_keypair);
	RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
	RCU_INIT_POINTER(keypairs->current_keypair, NULL);
	RCU_INIT_POINTER(keypairs->next_keypair, NULL);
	for (i = 0; i < ARRAY_SIZE(old); i++)
		ztnet_keypair_put(old[i], true);
	spin_unlock_bh(&keypairs->keypair_update_lock);
}
