// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: what makes a run repeatable: the generator behind linux/random.h
 * (splitmix64), the clocks of linux/timekeeping.h and jiffies.
 */
#include <string.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/timekeeping.h>

u64 kshim_random_state;

void kshim_random_seed(u64 seed)
{
	kshim_random_state = seed;
}

u64 get_random_u64(void)
{
	u64 z = (kshim_random_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u32 get_random_u32(void)
{
	return (u32)(get_random_u64() >> 32);
}

void get_random_bytes(void *buf, size_t len)
{
	u8 *out = buf;
	u64 word;
	size_t n;

	while (len) {
		word = get_random_u64();
		n = len < sizeof(word) ? len : sizeof(word);
		memcpy(out, &word, n);
		out += n;
		len -= n;
	}
}

unsigned long jiffies;
u64 kshim_boottime_ns;
struct timespec64 kshim_realtime;
