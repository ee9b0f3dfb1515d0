/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's random numbers, from a seeded generator, so that a
 * fuzzer's input replays exactly: the test seeds it before each run.
 * Nothing here is secret.
 */
#ifndef ZTNET_KSHIM_LINUX_RANDOM_H
#define ZTNET_KSHIM_LINUX_RANDOM_H

#include <stddef.h>
#include <linux/types.h>

/* In random.c.  The state may be saved and restored, to keep streams apart. */
extern u64 kshim_random_state;
void kshim_random_seed(u64 seed);
void get_random_bytes(void *buf, size_t len);
u32 get_random_u32(void);
u64 get_random_u64(void);

static inline int get_random_bytes_wait(void *buf, size_t len)
{
	get_random_bytes(buf, len);
	return 0;
}

#endif /* ZTNET_KSHIM_LINUX_RANDOM_H */
