/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ZTNET_SOCKET_H
#define _ZTNET_SOCKET_H

#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/skbuff.h>

struct ztnet_device;
struct ztnet_peer;
struct ztnet_endpoint;

/* A bound pair of UDP sockets, IPv4 and (if the namespace has it) IPv6. */
struct ztnet_socket_pair {
	struct sock *sk4;
	struct sock *sk6;
};

int ztnet_socket_open(struct ztnet_device *zt, u16 port,
		      struct ztnet_socket_pair *pair);
void ztnet_socket_publish(struct ztnet_device *zt,
			  struct ztnet_socket_pair *pair);
void ztnet_socket_close_unused(struct ztnet_socket_pair *pair);
int ztnet_socket_init(struct ztnet_device *zt, u16 port);
void ztnet_socket_uninit(struct ztnet_device *zt);

/*
 * While ztnet_send() hands a message to the IP layer, with bottom halves
 * off, how many of this host's ztnet tunnels it is inside, and whose
 * send it is.  A packet that comes back to a ztnet device on the way,
 * through a route via the device, is one tunnel deeper.  The device's
 * xmit runs within that send, unless a qdisc added to the device defers
 * it; a deferred packet is taken for one at depth 0.  The task is kept
 * for PREEMPT_RT, where another task may run on this CPU in between.
 */
struct ztnet_send_nest {
	struct task_struct *task;
	u8 depth;
};

DECLARE_PER_CPU(struct ztnet_send_nest, ztnet_send_nest);

/* The depth of the send that a device's xmit runs within, or 0. */
static inline u8 ztnet_socket_nest(void)
{
	const struct ztnet_send_nest *slot = this_cpu_ptr(&ztnet_send_nest);

	return slot->task == current ? slot->depth : 0;
}

int ztnet_socket_send_skb_to_peer(struct ztnet_peer *peer, struct sk_buff *skb,
				  u8 ds);
int ztnet_socket_send_buffer_to_peer(struct ztnet_peer *peer, void *buffer,
				     size_t len, u8 ds);
int ztnet_socket_send_buffer_as_reply_to_skb(struct ztnet_device *zt,
					     struct sk_buff *in_skb,
					     void *buffer, size_t len);

int ztnet_socket_endpoint_from_skb(struct ztnet_endpoint *endpoint,
				   const struct sk_buff *skb);
void ztnet_socket_set_peer_endpoint(struct ztnet_peer *peer,
				    const struct ztnet_endpoint *endpoint);
void ztnet_socket_set_peer_endpoint_from_skb(struct ztnet_peer *peer,
					     const struct sk_buff *skb);
void ztnet_socket_clear_peer_endpoint_src(struct ztnet_peer *peer);

#endif /* _ZTNET_SOCKET_H */
