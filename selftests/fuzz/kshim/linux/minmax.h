/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: min_t() and max_t() of the kernel's <linux/minmax.h>. */
#ifndef ZTNET_KSHIM_LINUX_MINMAX_H
#define ZTNET_KSHIM_LINUX_MINMAX_H

#define min_t(type, x, y) ({ type kshim_x_ = (x), kshim_y_ = (y);	\
	kshim_x_ < kshim_y_ ? kshim_x_ : kshim_y_; })
#define max_t(type, x, y) ({ type kshim_x_ = (x), kshim_y_ = (y);	\
	kshim_x_ > kshim_y_ ? kshim_x_ : kshim_y_; })

#endif /* ZTNET_KSHIM_LINUX_MINMAX_H */
