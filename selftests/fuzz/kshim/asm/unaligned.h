/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the kernel's <asm/unaligned.h>: loads and stores at any address,
 * through a packed structure, as the kernel does, which the compiler turns
 * into plain moves on x86.
 */
#ifndef ZTNET_KSHIM_ASM_UNALIGNED_H
#define ZTNET_KSHIM_ASM_UNALIGNED_H

#include <asm/byteorder.h>
#include <linux/types.h>

#define get_unaligned(ptr) ({					\
	const struct { typeof(*(ptr)) v; } __attribute__((__packed__))	\
		*kshim_p_ = (const void *)(ptr);			\
	kshim_p_->v;							\
})
#define put_unaligned(val, ptr) do {					\
	struct { typeof(*(ptr)) v; } __attribute__((__packed__))	\
		*kshim_p_ = (void *)(ptr);				\
	kshim_p_->v = (val);						\
} while (0)

static inline u16 get_unaligned_le16(const void *p)
{
	return le16_to_cpu(get_unaligned((const __le16 *)p));
}

static inline u32 get_unaligned_le32(const void *p)
{
	return le32_to_cpu(get_unaligned((const __le32 *)p));
}

static inline u64 get_unaligned_le64(const void *p)
{
	return le64_to_cpu(get_unaligned((const __le64 *)p));
}

static inline u16 get_unaligned_be16(const void *p)
{
	return be16_to_cpu(get_unaligned((const __be16 *)p));
}

static inline u32 get_unaligned_be32(const void *p)
{
	return be32_to_cpu(get_unaligned((const __be32 *)p));
}

static inline u64 get_unaligned_be64(const void *p)
{
	return be64_to_cpu(get_unaligned((const __be64 *)p));
}

static inline void put_unaligned_le32(u32 val, void *p)
{
	put_unaligned(cpu_to_le32(val), (__le32 *)p);
}

static inline void put_unaligned_le64(u64 val, void *p)
{
	put_unaligned(cpu_to_le64(val), (__le64 *)p);
}

static inline void put_unaligned_be32(u32 val, void *p)
{
	put_unaligned(cpu_to_be32(val), (__be32 *)p);
}

static inline void put_unaligned_be64(u64 val, void *p)
{
	put_unaligned(cpu_to_be64(val), (__be64 *)p);
}

#endif /* ZTNET_KSHIM_ASM_UNALIGNED_H */
