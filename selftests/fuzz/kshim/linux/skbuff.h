/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: socket buffers, as far as the handshake path looks at one: a
 * linear buffer (data, len) behind its network and transport headers,
 * whose offsets are from head, as in the kernel.  No fragments: all of
 * len is in one buffer, but a test may set data_len to say that its last
 * data_len bytes stand for paged data, which skb_header_pointer() then
 * copies out as the kernel's does.  Queues of them exist only as a type.
 */
#ifndef ZTNET_KSHIM_LINUX_SKBUFF_H
#define ZTNET_KSHIM_LINUX_SKBUFF_H

/* As in the kernel, where it comes through <linux/net.h>. */
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
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

/*
 * A pointer into the linear part, or else a copy into buffer, which must
 * hold len bytes; NULL past the end.
 */
static inline void *skb_header_pointer(const struct sk_buff *skb, int offset,
				       int len, void *buffer)
{
	if (offset < 0 || len < 0 || (unsigned int)offset > skb->len ||
	    (unsigned int)len > skb->len - (unsigned int)offset)
		return NULL;
	if ((unsigned int)(offset + len) <= skb_headlen(skb))
		return skb->data + offset;
	return memcpy(buffer, skb->data + offset, len);
}

#endif /* ZTNET_KSHIM_LINUX_SKBUFF_H */
