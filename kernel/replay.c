// SPDX-License-Identifier: GPL-2.0
/*
 * Replay protection for data messages.  The sender numbers its messages;
 * we remember which numbers we have accepted within a window behind the
 * greatest, as a ring of bits, so that reordering by the network costs
 * nothing and a captured packet cannot be delivered twice.
 */

#include "replay.h"

#define ZTNET_REPLAY_BITS	ZTNET_COUNTER_WINDOW
#define ZTNET_REPLAY_WORDS	(ZTNET_REPLAY_BITS / BITS_PER_LONG)
/*
 * The ring's oldest word is cleared as the window slides onto it, so a
 * word's worth of it is always unusable.
 */
#define ZTNET_REPLAY_WINDOW	(ZTNET_REPLAY_BITS - BITS_PER_LONG)

void ztnet_replay_init(struct ztnet_replay *replay)
{
	replay->greatest = 0;
	memset(replay->bitmap, 0, sizeof(replay->bitmap));
	spin_lock_init(&replay->lock);
}

/* Clears the words the window moves over as it advances to counter. */
static void ztnet_replay_slide(struct ztnet_replay *replay, u64 counter)
{
	u64 old_word = replay->greatest / BITS_PER_LONG;
	u64 new_word = counter / BITS_PER_LONG;
	u64 steps = min_t(u64, new_word - old_word, ZTNET_REPLAY_WORDS);
	u64 i;

	for (i = 1; i <= steps; i++)
		replay->bitmap[(old_word + i) % ZTNET_REPLAY_WORDS] = 0;
	replay->greatest = counter;
}

/*
 * Accepts each counter below limit once, if it is not too far behind the
 * greatest seen.  Called only after the packet has been authenticated, so
 * nobody without the key can move the window.
 */
bool ztnet_replay_check_and_update(struct ztnet_replay *replay, u64 counter,
				   u64 limit)
{
	unsigned long bit;
	bool fresh = false;

	/* counter + the window must not wrap for any counter below limit. */
	BUILD_BUG_ON(U64_MAX - ZTNET_REPLAY_BITS - 1 < ZTNET_REJECT_AFTER_MESSAGES);
	if (WARN_ON_ONCE(limit > ZTNET_REJECT_AFTER_MESSAGES))
		limit = ZTNET_REJECT_AFTER_MESSAGES;
	spin_lock_bh(&replay->lock);
	if (counter >= limit)
		goto out;
	/* Counters are offset by one so that zero means "nothing yet". */
	counter++;
	if (counter + ZTNET_REPLAY_WINDOW < replay->greatest)
		goto out;
	if (counter > replay->greatest)
		ztnet_replay_slide(replay, counter);
	bit = counter % ZTNET_REPLAY_BITS;
	fresh = !test_and_set_bit(bit, replay->bitmap);
out:
	spin_unlock_bh(&replay->lock);
	return fresh;
}
