/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the kernel's names for the UAPI byte order conversions. */
#ifndef ZTNET_KSHIM_ASM_BYTEORDER_H
#define ZTNET_KSHIM_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>
#include <linux/types.h>

#define be16_to_cpu(x) __be16_to_cpu(x)
#define cpu_to_be16(x) __cpu_to_be16(x)
#define be32_to_cpu(x) __be32_to_cpu(x)
#define cpu_to_be32(x) __cpu_to_be32(x)
#define be64_to_cpu(x) __be64_to_cpu(x)
#define cpu_to_be64(x) __cpu_to_be64(x)
#define le16_to_cpu(x) __le16_to_cpu(x)
#define cpu_to_le16(x) __cpu_to_le16(x)
#define le32_to_cpu(x) __le32_to_cpu(x)
#define cpu_to_le32(x) __cpu_to_le32(x)
#define le64_to_cpu(x) __le64_to_cpu(x)
#define cpu_to_le64(x) __cpu_to_le64(x)

/* In place, over an array of words, as <linux/byteorder/generic.h>. */
static inline void le32_to_cpu_array(__u32 *buf, unsigned int words)
{
	while (words--) {
		*buf = __le32_to_cpu((__le32 __force)*buf);
		buf++;
	}
}

static inline void cpu_to_le32_array(__u32 *buf, unsigned int words)
{
	while (words--) {
		*buf = (__u32 __force)__cpu_to_le32(*buf);
		buf++;
	}
}

#endif /* ZTNET_KSHIM_ASM_BYTEORDER_H */
