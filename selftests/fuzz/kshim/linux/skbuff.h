/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: socket buffers, as far as the handshake path looks at one: a
 * linear buffer (data, len) behind its network and transport headers,
 * whose offsets are from head, as in the kernel.  No fragments: len is
 * all linear, data_len is 0.  Queues of them exist only as a type.
 */
#ifndef ZTNET_KSHIM_LINUX_SKBUFF_H
#define ZTNET_KSHIM_LINUX_SKBUFF_H

/* As in the kernel, where it comes through <linux/net.h>. */
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/types.h>

struct net_device;

struct sk_buff {
	unsigned char *head;
	unsigned char *data;
	unsigned int len;
	unsigned int data_len;
	__be16 protocol;
	u16 network_header;
	u16 transport_header;
	struct net_device *dev;
};

struct sk_buff_head {
	struct sk_buff *next, *prev;
	u32 qlen;
};

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

/* All of a kshim skb is linear: a pointer into it, or NULL past its end. */
static inline void *skb_header_pointer(const struct sk_buff *skb, int offset,
				       int len, void *buffer)
{
	(void)buffer;
	if (offset < 0 || len < 0 || (unsigned int)offset > skb->len ||
	    (unsigned int)len > skb->len - (unsigned int)offset)
		return NULL;
	return skb->data + offset;
}

#endif /* ZTNET_KSHIM_LINUX_SKBUFF_H */
