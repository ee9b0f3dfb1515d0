/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_REPLAY_H
#define _ZTNET_REPLAY_H

#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "messages.h"

/*
 * The sliding window of counters already received on a session.  Packets
 * may arrive out of order by up to the window's width; anything older, and
 * anything seen before, is dropped.
 */
struct ztnet_replay {
	u64 greatest;
	unsigned long bitmap[ZTNET_COUNTER_WINDOW / BITS_PER_LONG];
	/* A session's packets may be checked on any CPU. */
	spinlock_t lock;
};

void ztnet_replay_init(struct ztnet_replay *replay);
bool ztnet_replay_check_and_update(struct ztnet_replay *replay, u64 counter,
				   u64 limit);

#endif /* _ZTNET_REPLAY_H */
