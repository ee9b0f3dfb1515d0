/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: min_t(), max_t() and clamp() of the kernel's <linux/minmax.h>. */
#ifndef ZTNET_KSHIM_LINUX_MINMAX_H
#define ZTNET_KSHIM_LINUX_MINMAX_H

#define min_t(type, x, y) ({ type kshim_x_ = (x), kshim_y_ = (y);	\
	kshim_x_ < kshim_y_ ? kshim_x_ : kshim_y_; })
#define max_t(type, x, y) ({ type kshim_x_ = (x), kshim_y_ = (y);	\
	kshim_x_ > kshim_y_ ? kshim_x_ : kshim_y_; })
#define clamp(val, lo, hi) ({ typeof(val) kshim_v_ = (val);		\
	typeof(val) kshim_lo_ = (lo), kshim_hi_ = (hi);			\
	kshim_v_ < kshim_lo_ ? kshim_lo_ :				\
	kshim_v_ > kshim_hi_ ? kshim_hi_ : kshim_v_; })

#endif /* ZTNET_KSHIM_LINUX_MINMAX_H */
