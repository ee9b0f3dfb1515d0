/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: rings of pointers, as a type only. */
#ifndef ZTNET_KSHIM_LINUX_PTR_RING_H
#define ZTNET_KSHIM_LINUX_PTR_RING_H

struct ptr_ring {
	void **queue;
};

#endif /* ZTNET_KSHIM_LINUX_PTR_RING_H */
