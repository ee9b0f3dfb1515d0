/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: the kernel's names for the UAPI byte order conversions. */
#ifndef ZTNET_KSHIM_ASM_BYTEORDER_H
#define ZTNET_KSHIM_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>

#define be16_to_cpu(x) __be16_to_cpu(x)
#define cpu_to_be16(x) __cpu_to_be16(x)
#define be32_to_cpu(x) __be32_to_cpu(x)
#define cpu_to_be32(x) __cpu_to_be32(x)
#define be64_to_cpu(x) __be64_to_cpu(x)
#define cpu_to_be64(x) __cpu_to_be64(x)

#endif /* ZTNET_KSHIM_ASM_BYTEORDER_H */
